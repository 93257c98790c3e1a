using System.Globalization;

namespace Accountability.Benchmarks.Reporting;

/// <summary>The issue's targets (issue 9), checked against one run's results.</summary>
public static class Targets
{
    public const double IntakeShareOfEcho = 0.25;
    public const double IntakeP99AtHalfMs = 20;
    public const double FlowP95Ms = 100;
    public const double OpinionP99At1MMs = 5;
    public const double OpinionGrowth = 1.5;
    public const double RssMiB = 200;

    public static void Check(BenchmarkResults r)
    {
        if (r.Intake is { } intake)
        {
            var share = intake.Echo.Max.Rps > 0 ? intake.Petitions.Max.Rps / intake.Echo.Max.Rps : 0;
            r.Targets.Add(new("Intake throughput vs bare echo (same core)", $"≥ {IntakeShareOfEcho:P0}",
                $"{F(intake.Petitions.Max.Rps)} / {F(intake.Echo.Max.Rps)} rps = {share:P1}", share >= IntakeShareOfEcho));
            r.Targets.Add(new("Intake p99 at half the maximum rate", $"≤ {F(IntakeP99AtHalfMs)} ms",
                $"{F(intake.Petitions.Half.P99Ms)} ms at {F(intake.Petitions.Half.OfferedRps)} rps", intake.Petitions.Half.P99Ms <= IntakeP99AtHalfMs && intake.Petitions.Half.Failed == 0));
        }

        if (r.Flow is { } flow)
        {
            var dossier = flow.Latencies.First(l => l.Span.EndsWith("dossier updated", StringComparison.Ordinal) && l.Span.StartsWith("submit", StringComparison.Ordinal));
            var complete = flow.DossiersUpdated == flow.Started && flow.Failed == 0;
            var sustained = flow.AchievedRate >= flow.OfferedRate * 0.95;
            r.Targets.Add(new($"Event flow p95, submit → dossier updated, at {F(flow.OfferedRate)} petitions/s", $"≤ {F(FlowP95Ms)} ms",
                $"{F(dossier.P95Ms)} ms; {F(flow.AchievedRate)} petitions/s achieved, {flow.DossiersUpdated:N0}/{flow.Started:N0} reached the dossier",
                dossier.P95Ms <= FlowP95Ms && complete && sustained));
        }

        if (r.Scale is { Points.Count: > 0 } scale)
        {
            var small = scale.Points.MinBy(p => p.Cadres)!;
            var large = scale.Points.MaxBy(p => p.Cadres)!;
            r.Targets.Add(new($"Integrity opinion p99 at {large.Cadres:N0} cadres", $"≤ {F(OpinionP99At1MMs)} ms",
                $"{F(large.Opinion.P99Ms)} ms", large.Cadres >= 1_000_000 ? large.Opinion.P99Ms <= OpinionP99At1MMs : null));
            var growth = small.Opinion.P99Ms > 0 ? large.Opinion.P99Ms / small.Opinion.P99Ms : 0;
            r.Targets.Add(new($"Integrity opinion p99 at {large.Cadres:N0} vs {small.Cadres:N0} cadres", $"≤ {F(OpinionGrowth)}×",
                $"{F(large.Opinion.P99Ms)} / {F(small.Opinion.P99Ms)} ms = {growth.ToString("F2", CultureInfo.InvariantCulture)}×", large.Cadres > small.Cadres ? growth <= OpinionGrowth : null));
        }

        // The baseline echo and the all-in-one host are shown, but the target is per service.
        var services = r.PeakRssMiB.Where(kv => !kv.Key.StartsWith("echo", StringComparison.Ordinal) && !kv.Key.StartsWith("host", StringComparison.Ordinal) && kv.Value is not null).ToList();
        if (services.Count > 0)
        {
            var worst = services.MaxBy(kv => kv.Value)!;
            r.Targets.Add(new("Peak RSS per service under load", $"≤ {F(RssMiB)} MiB",
                $"highest: {worst.Key} {F(worst.Value!.Value)} MiB", services.All(kv => kv.Value <= RssMiB)));
        }
    }

    public static string F(double value) => value.ToString(value >= 100 ? "F0" : "0.##", CultureInfo.InvariantCulture);
}
