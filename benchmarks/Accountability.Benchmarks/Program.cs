using Accountability.Benchmarks;
using Accountability.Benchmarks.Echo;

// benchmarks: `all` runs every scenario and writes benchmarks/results and docs/PERFORMANCE.md;
// `smoke` runs a tiny configuration of the same code; `datasets` builds the scale datasets not cached yet
// (run.sh calls it before `all`); `echo` is the baseline server (started by `all`).
return args.FirstOrDefault() switch
{
    "echo" => await EchoServer.RunAsync(Option(args, "--Urls") ?? "http://127.0.0.1:5090"),
    "all" => await Orchestrator.RunAsync(args[1..], smoke: false),
    "smoke" => await Orchestrator.RunAsync(args[1..], smoke: true),
    "datasets" => await Orchestrator.BuildDatasetsAsync(args[1..]),
    _ => Usage(),
};

static string? Option(string[] args, string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Accountability.Benchmarks all [--repo DIR] [--only intake,flow,scale] [--cache DIR] [--scale 10000,100000,1000000] [--profile DIR] [--broker AMQP-URI] | smoke [--out DIR] | datasets [--cache DIR] [--scale N,...] [--only ...] | echo --Urls URL");
    return 2;
}
