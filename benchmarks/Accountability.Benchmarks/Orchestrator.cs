using System.Globalization;
using System.Text.Json;
using Accountability.Benchmarks.Reporting;
using Accountability.Benchmarks.Running;
using Accountability.Benchmarks.Scenarios;

namespace Accountability.Benchmarks;

/// <summary>
/// Runs the scenarios in order (intake and its echo baseline, the event flow, scale), checks the
/// issue's targets, and writes the results file and the tables of docs/PERFORMANCE.md. A scenario that
/// fails is recorded as an error and the others still run.
/// </summary>
public static class Orchestrator
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public static async Task<int> RunAsync(string[] args, bool smoke)
    {
        var started = StartedAt();
        var repo = Option(args, "--repo") ?? FindRepo();
        var only = (Option(args, "--only") ?? "intake,flow,scale").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var cache = CacheRoot(args);
        var output = Option(args, "--out") ?? (smoke ? Path.Combine(Path.GetTempPath(), "acct-bench-smoke") : Path.Combine(repo, "benchmarks", "results"));
        var broker = Option(args, "--broker") is { } b ? new Uri(b) : null;
        var settings = smoke ? BenchSettings.Smoke : BenchSettings.Full;
        if (ScaleSizes(args) is { } sizes)
        {
            settings = settings with { ScaleCadres = sizes };
        }
        var work = Path.Combine(Path.GetTempPath(), "acct-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        Directory.CreateDirectory(output);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(smoke ? 5 : 20));
        var ct = cts.Token;
        var services = new Services(work);
        var results = new BenchmarkResults
        {
            StartedAt = started,
            Command = Option(args, "--command") ?? "dotnet Accountability.Benchmarks.dll " + string.Join(' ', args),
            Smoke = smoke,
            Machine = Machine.Describe(),
        };
        Log($"benchmarks: {(smoke ? "smoke" : "full")} run; machine {results.Machine.Cpu}, {results.Machine.Cores} cores, load {results.Machine.LoadAverage}");

        var profiler = Option(args, "--profile") is { } profile ? new Profiler(Path.GetFullPath(profile), Log) : null;
        try
        {
            if (only.Contains("intake"))
            {
                await Step("intake", async () =>
                {
                    results.Intake = await new IntakeScenario(services, settings, Log, profiler).RunAsync(ct);
                    results.PeakRssMiB["petitions (intake)"] = results.Intake.Petitions.PeakRssMiB;
                    results.PeakRssMiB["host (intake)"] = results.Intake.HostPeakRssMiB;
                    results.PeakRssMiB["echo (baseline)"] = results.Intake.Echo.PeakRssMiB;
                }, results);
            }

            if (only.Contains("flow"))
            {
                await Step("flow", async () =>
                {
                    (results.FlowSustained, results.Flow) = await new FlowScenario(services, settings, Log, broker).RunAsync(ct);
                    foreach (var flow in new[] { results.FlowSustained, results.Flow })
                    {
                        foreach (var (service, rss) in flow.PeakRssMiB)
                        {
                            results.PeakRssMiB[$"{service} (event flow, {flow.OfferedRate:0.#}/s)"] = rss;
                        }
                    }
                }, results);
            }

            if (only.Contains("scale"))
            {
                await Step("scale", async () =>
                {
                    results.Scale = await new ScaleScenario(services, settings, cache, Log, profiler).RunAsync(ct);
                    foreach (var point in results.Scale.Points)
                    {
                        results.PeakRssMiB[$"casefiles (scale {point.Cadres:N0})"] = point.PeakRssMiB;
                    }
                }, results);
            }
        }
        finally
        {
            TryDelete(work);
        }

        Targets.Check(results);
        results.FinishedAt = DateTimeOffset.UtcNow;
        results.WallSeconds = Math.Round((results.FinishedAt - started).TotalSeconds, 1);
        results.LoadAverageAtEnd = Machine.LoadAverageNow();
        var stamp = started.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var text = JsonSerializer.Serialize(results, Json);
        await File.WriteAllTextAsync(Path.Combine(output, stamp + ".json"), text);
        await File.WriteAllTextAsync(Path.Combine(output, "latest.json"), text);
        if (!smoke)
        {
            PerformanceDoc.Update(Path.Combine(repo, "docs", "PERFORMANCE.md"), results);
        }

        foreach (var target in results.Targets)
        {
            Log($"{(target.Met switch { true => "MET ", false => "MISS", null => "n/a " })} {target.Target}: {target.Measured} (goal {target.Goal})");
        }

        Log($"done in {results.WallSeconds} s; results in {Path.Combine(output, stamp + ".json")}");
        return results.Errors.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Builds the scale scenario's datasets that are not cached yet, before the timed run: run.sh calls it
    /// without pinning, so the bulk load has both cores (the generator pinned to core 1 would have one).
    /// </summary>
    public static async Task<int> BuildDatasetsAsync(string[] args)
    {
        var cache = CacheRoot(args);
        if (Option(args, "--only") is { } only && !only.Split(',').Contains("scale"))
        {
            return 0;
        }

        foreach (var cadres in ScaleSizes(args) ?? BenchSettings.Full.ScaleCadres)
        {
            var (directory, built, seconds) = await DossierDataset.EnsureAsync(cache, cadres, Log);
            Log($"dataset of {cadres:N0} cadres {(built ? $"built in {seconds} s" : "cached")}: {directory}");
        }

        return 0;
    }

    /// <summary>When the whole command began: run.sh passes the instant before its build, so the wall time includes it.</summary>
    private static DateTimeOffset StartedAt() =>
        long.TryParse(Environment.GetEnvironmentVariable("BENCH_STARTED_AT"), NumberStyles.None, CultureInfo.InvariantCulture, out var epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch)
            : DateTimeOffset.UtcNow;

    private static async Task Step(string name, Func<Task> step, BenchmarkResults results)
    {
        try
        {
            await step();
        }
        catch (Exception e)
        {
            Log($"{name} failed: {e}");
            results.Errors.Add($"{name}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static void Log(string line) =>
        Console.WriteLine($"[{DateTimeOffset.UtcNow:HH:mm:ss}] {line}");

    /// <summary>Where the scale datasets are cached: --cache, else $XDG_CACHE_HOME or ~/.cache, /accountability-benchmarks.</summary>
    private static string CacheRoot(string[] args) =>
        Option(args, "--cache") ?? Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "accountability-benchmarks");

    private static int[]? ScaleSizes(string[] args) =>
        Option(args, "--scale") is { } text ? [.. text.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] : null;

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string FindRepo()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Accountability.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run from inside the repository or pass --repo.");
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
