using HdrHistogram;

namespace Accountability.Benchmarks.Load;

/// <summary>What one load run measured: completed calls, failures, the achieved rate and the latency distribution in milliseconds.</summary>
public sealed record LoadResult(string Mode, double OfferedRps, long Completed, long Failed, double Seconds, double Rps, double P50Ms, double P95Ms, double P99Ms, double MaxMs, string? FirstError)
{
    public static LoadResult From(string mode, double offered, LongHistogram micros, long failed, double seconds, string? firstError) => new(
        mode,
        Math.Round(offered, 1),
        micros.TotalCount,
        failed,
        Math.Round(seconds, 2),
        Math.Round(micros.TotalCount / seconds, 1),
        Ms(micros, 50),
        Ms(micros, 95),
        Ms(micros, 99),
        micros.TotalCount == 0 ? 0 : Math.Round(micros.GetMaxValue() / 1000.0, 2),
        firstError);

    private static double Ms(LongHistogram micros, double percentile) =>
        micros.TotalCount == 0 ? 0 : Math.Round(micros.GetValueAtPercentile(percentile) / 1000.0, 2);
}
