using System.Diagnostics;
using Accountability.Benchmarks.Running;
using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;

namespace Accountability.Benchmarks.Scenarios;

public sealed record ScaleRead(string Read, long Count, double P50Ms, double P99Ms, double MaxMs);

/// <param name="CachedMiB">How much of the store file was in the page cache when the point began (fincore), or null if that could not be read: a 15 GB store read mostly from disk answers slower than one in memory, whatever its indexes.</param>
public sealed record ScalePoint(int Cadres, long Entries, bool DatasetBuilt, double BuildSeconds, double DatabaseMiB, ScaleRead Opinion, ScaleRead Timeline, double? PeakRssMiB, double? CachedMiB = null);

public sealed record ScaleResults(string CacheDirectory, IReadOnlyList<ScalePoint> Points);

/// <summary>
/// Integrity opinions and dossier timelines over directories of 10k, 100k and 1M cadres with 10 dossier
/// entries each (<see cref="DossierDataset"/>). CaseFiles is pinned to core 0 on the dataset's SQLite
/// file (in place: the opinions asked and the audit records of the reads are added to the cached
/// store); one caller on core 1 asks, one call at a time, for random cadres: RequestIntegrityOpinion
/// (organisation department; computes the answer from the dossier and stores the opinion with its audit
/// record, fsynced) and GetTimeline (supervisor, first page of 20; audited). The first 20 calls of each
/// kind warm up and are not counted.
/// </summary>
public sealed class ScaleScenario(Services services, BenchSettings settings, string cacheRoot, Action<string> log, Profiler? profiler = null)
{
    private const int Warmup = 20;

    /// <summary>With --profile: after the measured samples, this long of opinions under dotnet-counters, then as long under dotnet-trace (not in the results).</summary>
    private static readonly TimeSpan ProfileWindow = TimeSpan.FromSeconds(12);

    public async Task<ScaleResults> RunAsync(CancellationToken ct)
    {
        var points = new List<ScalePoint>();
        foreach (var cadres in settings.ScaleCadres)
        {
            var (directory, built, seconds) = await DossierDataset.EnsureAsync(cacheRoot, cadres, log);
            log($"scale {cadres:N0}: dataset {(built ? $"built in {seconds} s" : "from cache")} at {directory}");
            var cached = PageCache.ResidentMiB(Path.Combine(directory, "casefiles.db"));
            log($"scale {cadres:N0}: {(cached is null ? "page cache residency unknown" : $"{cached:N0} MiB of the store in the page cache")}");
            var environment = services.Environment("scale", rabbitMq: null, dataDirectory: directory);
            foreach (var source in new[] { "petitions", "clues", "talks", "tolerance" })
            {
                environment["CaseFiles__Sources__" + source] = "";
            }

            await using var server = await services.StartAsync($"casefiles-{cadres}", ServiceBinaries.CaseFiles, "0", environment, ct);
            using var channel = GrpcChannel.ForAddress(server.Url);
            var client = new Protos.CaseFiles.V1.CaseFiles.CaseFilesClient(channel);
            var orgDept = services.Bearer(Roles.OrgDept);
            var supervisor = services.Bearer(Roles.Supervisor);
            var random = new Random(cadres);
            var run = Guid.NewGuid().ToString("N")[..8];
            var n = 0;
            async Task RequestOpinionAsync() =>
                await client.RequestIntegrityOpinionAsync(
                    new RequestIntegrityOpinionRequest { IdempotencyKey = $"{run}-{n++}", CadreId = DossierDataset.CadreId(random.NextInt64(cadres)), Purpose = OpinionPurpose.Promotion },
                    new CallOptions(orgDept, DateTime.UtcNow.AddSeconds(30)));

            var opinion = await SampleAsync("integrity opinion", RequestOpinionAsync);
            var timeline = await SampleAsync("dossier timeline", async () =>
                await client.GetTimelineAsync(
                    new GetTimelineRequest { CadreId = DossierDataset.CadreId(random.NextInt64(cadres)), PageSize = 20 },
                    new CallOptions(supervisor, DateTime.UtcNow.AddSeconds(30))));
            if (profiler is not null)
            {
                foreach (var trace in new[] { false, true })
                {
                    var window = Stopwatch.StartNew();
                    await profiler.ProfileAsync($"casefiles-{cadres}-opinion-{(trace ? "traced" : "quiet")}", server.Pid, ProfileWindow, async () =>
                    {
                        while (window.Elapsed < ProfileWindow - TimeSpan.FromSeconds(1))
                        {
                            await RequestOpinionAsync();
                        }

                        return 0;
                    }, trace);
                }
            }

            var size = new FileInfo(Path.Combine(directory, "casefiles.db")).Length / 1024.0 / 1024.0;
            log($"scale {cadres:N0}: opinion p50 {opinion.P50Ms} ms p99 {opinion.P99Ms} ms; timeline p50 {timeline.P50Ms} ms p99 {timeline.P99Ms} ms");
            points.Add(new ScalePoint(cadres, (long)cadres * DossierDataset.EntriesPerCadre, built, seconds, Math.Round(size, 1), opinion, timeline, server.PeakRssMiB(), cached));
        }

        return new ScaleResults(cacheRoot, points);
    }

    private async Task<ScaleRead> SampleAsync(string read, Func<Task> call)
    {
        var histogram = new LongHistogram(60_000_000, 3);
        for (var i = 0; i < Warmup + settings.ScaleSamples; i++)
        {
            var begin = Stopwatch.GetTimestamp();
            await call();
            if (i >= Warmup)
            {
                histogram.RecordValue(Math.Min(60_000_000, (long)(Stopwatch.GetElapsedTime(begin).TotalMilliseconds * 1000)));
            }
        }

        return new ScaleRead(read, histogram.TotalCount, Ms(histogram, 50), Ms(histogram, 99), Math.Round(histogram.GetMaxValue() / 1000.0, 2));
    }

    private static double Ms(LongHistogram h, double percentile) => Math.Round(h.GetValueAtPercentile(percentile) / 1000.0, 2);
}
