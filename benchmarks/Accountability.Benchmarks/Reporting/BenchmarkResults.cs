using Accountability.Benchmarks.Scenarios;

namespace Accountability.Benchmarks.Reporting;

/// <summary>One target of the issue, what was measured against it, and whether it was met.</summary>
public sealed record TargetCheck(string Target, string Goal, string Measured, bool? Met);

/// <summary>Everything one run measured: written as benchmarks/results/&lt;timestamp&gt;.json and latest.json.</summary>
public sealed class BenchmarkResults
{
    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; set; }

    public double WallSeconds { get; set; }

    public required string Command { get; init; }

    public required bool Smoke { get; init; }

    public required Machine Machine { get; init; }

    public string LoadAverageAtEnd { get; set; } = "";

    public string Durability { get; init; } = "SQLite WAL, PRAGMA synchronous=FULL (the WAL is fsynced at every commit, before the reply)";

    public IntakeResults? Intake { get; set; }

    public FlowResults? Flow { get; set; }

    /// <summary>The same flow at a rate the services sustain on this machine, run before the target's.</summary>
    public FlowResults? FlowSustained { get; set; }

    public ScaleResults? Scale { get; set; }

    public Dictionary<string, double?> PeakRssMiB { get; } = [];

    public List<TargetCheck> Targets { get; } = [];

    public List<string> Errors { get; } = [];
}
