namespace Accountability.Benchmarks.Scenarios;

/// <summary>How long and how big each scenario runs: the full run, or a tiny one that only shows the harness works.</summary>
public sealed record BenchSettings(
    TimeSpan Warmup,
    TimeSpan MaxRun,
    TimeSpan HalfRun,
    int Callers,
    double FlowRate,
    double FlowSustainedRate,
    TimeSpan FlowRun,
    TimeSpan FlowDrain,
    int[] ScaleCadres,
    int ScaleSamples,
    TimeSpan HostRun)
{
    public static BenchSettings Full { get; } = new(
        Warmup: TimeSpan.FromSeconds(3),
        MaxRun: TimeSpan.FromSeconds(10),
        HalfRun: TimeSpan.FromSeconds(10),
        Callers: 32,
        FlowRate: 500,
        FlowSustainedRate: 50,
        FlowRun: TimeSpan.FromSeconds(20),
        FlowDrain: TimeSpan.FromSeconds(60),
        ScaleCadres: [10_000, 100_000, 1_000_000],
        ScaleSamples: 400,
        HostRun: TimeSpan.FromSeconds(10));

    public static BenchSettings Smoke { get; } = new(
        Warmup: TimeSpan.FromSeconds(0.5),
        MaxRun: TimeSpan.FromSeconds(1),
        HalfRun: TimeSpan.FromSeconds(1),
        Callers: 4,
        FlowRate: 20,
        FlowSustainedRate: 10,
        FlowRun: TimeSpan.FromSeconds(1),
        FlowDrain: TimeSpan.FromSeconds(20),
        ScaleCadres: [200],
        ScaleSamples: 20,
        HostRun: TimeSpan.FromSeconds(1));
}
