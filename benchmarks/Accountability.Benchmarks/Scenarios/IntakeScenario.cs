using Accountability.Benchmarks.Echo.V1;
using Accountability.Benchmarks.Load;
using Accountability.Benchmarks.Running;
using Accountability.Platform.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accountability.Benchmarks.Scenarios;

public sealed record IntakeTarget(string Name, LoadResult Max, LoadResult Half, double? PeakRssMiB);

public sealed record IntakeResults(int PayloadBytes, IntakeTarget Echo, IntakeTarget Petitions, LoadResult Host, double? HostPeakRssMiB);

/// <summary>
/// Intake against its baseline, run the same way in the same run: the server pinned to core 0 (taskset),
/// this generator on core 1. The maximum is a closed loop of <see cref="BenchSettings.Callers"/> callers;
/// then an open loop at half that rate gives p50/p99. The Petitions service stores on SQLite (WAL,
/// synchronous=FULL: the commit is fsynced before the reply) with the in-memory bus (no broker in the way);
/// the all-in-one host takes the same closed loop for its peak memory.
/// </summary>
public sealed class IntakeScenario(Services services, BenchSettings settings, Action<string> log, Profiler? profiler = null)
{
    private readonly string _run = Guid.NewGuid().ToString("N")[..12];

    public async Task<IntakeResults> RunAsync(CancellationToken ct)
    {
        var payloadBytes = PetitionRequests.For(1, _run).CalculateSize();
        var echo = await EchoAsync(payloadBytes, ct);
        var petitions = await PetitionsAsync(ServiceBinaries.Petitions, "petitions", ct);
        var (host, hostRss) = await HostAsync(ct);
        return new IntakeResults(payloadBytes, echo, petitions, host, hostRss);
    }

    private async Task<IntakeTarget> EchoAsync(int payloadBytes, CancellationToken ct)
    {
        await using var server = ServerProcess.Start("echo", ServiceBinaries.Self, "0", new Dictionary<string, string>(), "echo");
        using var channel = GrpcChannel.ForAddress(server.Url);
        var client = new Echo.V1.Echo.EchoClient(channel);
        var request = new EchoRequest { Payload = ByteString.CopyFrom(new byte[payloadBytes]) };
        await server.WaitUntilReadyAsync(async () => await client.EchoAsync(request, deadline: DateTime.UtcNow.AddSeconds(2)), TimeSpan.FromSeconds(60), ct);
        var generator = new LoadGenerator(async (_, _) => await client.EchoAsync(request, deadline: DateTime.UtcNow.AddSeconds(30)));
        return await MeasureAsync("echo", generator, server, ct);
    }

    private async Task<IntakeTarget> PetitionsAsync(string service, string name, CancellationToken ct)
    {
        await using var server = await services.StartAsync(name, service, "0", services.Environment(name, rabbitMq: null), ct);
        var generator = SubmitGenerator(server, name);
        return await MeasureAsync(name, generator, server, ct);
    }

    private async Task<(LoadResult, double?)> HostAsync(CancellationToken ct)
    {
        await using var server = await services.StartAsync("host", ServiceBinaries.Host, "0", services.Environment("host", rabbitMq: null), ct);
        var generator = SubmitGenerator(server, "host");
        await generator.ClosedLoopAsync(settings.Callers, settings.Warmup, ct);
        var result = await generator.ClosedLoopAsync(settings.Callers, settings.HostRun, ct);
        log($"host submit closed loop: {result.Rps} rps, p99 {result.P99Ms} ms");
        return (result, server.PeakRssMiB());
    }

    private LoadGenerator SubmitGenerator(ServerProcess server, string prefix)
    {
        var channel = GrpcChannel.ForAddress(server.Url);
        var client = new Protos.Petitions.V1.Petitions.PetitionsClient(channel);
        var bearer = services.Bearer(Roles.Intake);
        var run = _run + "-" + prefix;
        return new LoadGenerator(async (n, _) => await client.SubmitPetitionAsync(PetitionRequests.For(n, run), new CallOptions(bearer, DateTime.UtcNow.AddSeconds(30))));
    }

    private async Task<IntakeTarget> MeasureAsync(string name, LoadGenerator generator, ServerProcess server, CancellationToken ct)
    {
        await generator.ClosedLoopAsync(settings.Callers, settings.Warmup, ct);
        // With --profile, the servers (not the echo) are profiled: the closed loop traced, the half-rate loop under counters only.
        Task<LoadResult> Profiled(string label, TimeSpan duration, Func<Task<LoadResult>> run, bool trace) =>
            profiler is not null && name != "echo" ? profiler.ProfileAsync(label, server.Pid, duration, run, trace) : run();

        var max = await Profiled(name, settings.MaxRun, () => generator.ClosedLoopAsync(settings.Callers, settings.MaxRun, ct), trace: true);
        log($"{name} max: {max.Rps} rps (p50 {max.P50Ms} ms, p99 {max.P99Ms} ms, failed {max.Failed}) {max.FirstError}");
        var half = await Profiled(name + "-half", settings.HalfRun, () => generator.OpenLoopAsync(Math.Max(1, max.Rps / 2), settings.HalfRun, ct), trace: false);
        log($"{name} at half max ({half.OfferedRps} rps): p50 {half.P50Ms} ms, p99 {half.P99Ms} ms, failed {half.Failed} {half.FirstError}");
        return new IntakeTarget(name, max, half, server.PeakRssMiB());
    }
}
