using System.Diagnostics;
using Grpc.Core;
using HdrHistogram;

namespace Accountability.Benchmarks.Load;

/// <summary>
/// Drives one kind of call. Closed loop: a fixed number of callers, each sending its next call when
/// the last one answered, for the highest rate the server sustains. Open loop: calls sent on a fixed
/// schedule whatever the answers, each latency measured from the instant the schedule meant to send
/// it (so a stalled server shows in the figures instead of slowing the generator: no coordinated omission).
/// The call gets its sequence number and the Stopwatch timestamp it was meant to start at.
/// Latencies are kept in microseconds in an HdrHistogram (3 significant digits, up to 10 minutes).
/// </summary>
public sealed class LoadGenerator(Func<long, long, Task> call)
{
    private const long HighestMicros = 600_000_000;

    /// <summary>Numbers every call across runs, so no two calls of one generator send the same request.</summary>
    private long _sequence;

    /// <summary>Most calls in flight in an open-loop run; beyond it the run stops (the server is saturated).</summary>
    public int MaxInFlight { get; init; } = 20_000;

    public async Task<LoadResult> ClosedLoopAsync(int callers, TimeSpan duration, CancellationToken ct)
    {
        var histogram = new LongHistogram(HighestMicros, 3);
        var gate = new object();
        long failed = 0;
        string? firstError = null;
        var stopAt = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, callers).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stopAt && !ct.IsCancellationRequested)
            {
                var begin = Stopwatch.GetTimestamp();
                try
                {
                    await call(Interlocked.Increment(ref _sequence), begin);
                    var micros = Micros(Stopwatch.GetTimestamp() - begin);
                    lock (gate)
                    {
                        histogram.RecordValue(Math.Min(micros, HighestMicros));
                    }
                }
                catch (RpcException e)
                {
                    Interlocked.Increment(ref failed);
                    Interlocked.CompareExchange(ref firstError, e.Status.ToString(), null);
                }
            }
        }, ct)).ToArray();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return LoadResult.From($"closed({callers})", 0, histogram, failed, seconds, firstError);
    }

    public async Task<LoadResult> OpenLoopAsync(double rate, TimeSpan duration, CancellationToken ct)
    {
        var histogram = new LongHistogram(HighestMicros, 3);
        var gate = new object();
        long failed = 0;
        long inFlight = 0;
        string? firstError = null;
        var total = (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var pending = new List<Task>();
        var start = Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < total && !ct.IsCancellationRequested)
        {
            var due = Math.Min(total, (long)((Stopwatch.GetTimestamp() - start) / interval) + 1);
            for (; sent < due; sent++)
            {
                if (Interlocked.Read(ref inFlight) >= MaxInFlight)
                {
                    Interlocked.CompareExchange(ref firstError, $"over {MaxInFlight} calls in flight: the server cannot keep up", null);
                    total = sent;
                    break;
                }

                var intended = start + (long)(sent * interval);
                var n = Interlocked.Increment(ref _sequence);
                Interlocked.Increment(ref inFlight);
                pending.Add(Task.Run(async () =>
                {
                    try
                    {
                        await call(n, intended);
                        var micros = Micros(Stopwatch.GetTimestamp() - intended);
                        lock (gate)
                        {
                            histogram.RecordValue(Math.Min(micros, HighestMicros));
                        }
                    }
                    catch (RpcException e)
                    {
                        Interlocked.Increment(ref failed);
                        Interlocked.CompareExchange(ref firstError, e.Status.ToString(), null);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                    }
                }, CancellationToken.None));
            }

            await Task.Delay(1, CancellationToken.None);
        }

        await Task.WhenAll(pending);
        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        return LoadResult.From("open", rate, histogram, failed, seconds, firstError);
    }

    private static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;
}
