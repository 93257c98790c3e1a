using System.Diagnostics;
using Grpc.Core;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// How the load tests' clients (a portal, a clerk's desk) retry: a call that ends UNAVAILABLE or
/// DEADLINE_EXCEEDED (broker or service down, a kill mid-call) is sent again, a create under the
/// same idempotency key, a step after reading the record again (it may have gone through; its
/// expected_version makes a late duplicate ABORTED). Anything else, INTERNAL above all, is thrown.
/// </summary>
internal sealed class ClientRetry
{
    /// <summary>Per attempt; a killed service answers nothing, so the deadline ends the call.</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one step's retries (covers a service restart or a broker outage).</summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(90);

    private const int MaxAttempts = 200;

    private long _retries;
    private long _aborted;

    /// <summary>Calls that were retried (transient failures seen by the client).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Of <see cref="Retries"/>, the creates answered ABORTED (lost a race the service asks to be sent again).</summary>
    public long Aborted => Interlocked.Read(ref _aborted);

    /// <summary>Sends the call until it answers; with <paramref name="retryAborted"/> an ABORTED create is sent again too (the same key makes that safe).</summary>
    public async Task<T> CallAsync<T>(ServiceUnderTest service, string role, Func<CallOptions, Task<T>> call, CancellationToken ct, bool retryAborted = false)
    {
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(service.As(role, CallDeadline));
            }
            catch (RpcException e) when (IsTransient(e) || (retryAborted && e.StatusCode == StatusCode.Aborted))
            {
                if (e.StatusCode == StatusCode.Aborted)
                {
                    Interlocked.Increment(ref _aborted);
                }

                if (attempt >= MaxAttempts || watch.Elapsed > StepLimit)
                {
                    throw new TimeoutException($"{service.Service}: still {e.StatusCode} after {attempt} attempts / {watch.Elapsed.TotalSeconds:F0} s", e);
                }

                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    /// <summary>
    /// Applies a step that is due while <paramref name="due"/> holds; after an ambiguous failure the
    /// record is read again: if the step went through, the record read is returned, the step is not
    /// applied twice.
    /// </summary>
    public async Task<T> AdvanceAsync<T>(
        ServiceUnderTest service,
        string role,
        T known,
        Func<CallOptions, Task<T>> read,
        Func<T, bool> due,
        Func<T, CallOptions, Task<T>> step,
        string what,
        CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var current = known;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                current = await CallAsync(service, role, read, ct);
            }

            if (!due(current))
            {
                return current;
            }

            try
            {
                return await step(current, service.As(role, CallDeadline));
            }
            catch (RpcException e) when (IsTransient(e) || e.StatusCode == StatusCode.Aborted)
            {
                if (attempt >= MaxAttempts || watch.Elapsed > StepLimit)
                {
                    throw new TimeoutException($"{what}: step still failing after {attempt} attempts / {watch.Elapsed.TotalSeconds:F0} s", e);
                }

                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    private static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 50 * (1 << Math.Min(attempt, 6))) + Random.Shared.Next(50));
}
