using Accountability.Platform.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Configuration;

namespace Accountability.Platform.Hosting;

/// <summary>
/// Load shedding: at most <c>Grpc:MaxConcurrentCalls</c> calls (default 256) are handled at once by
/// the process; one more is refused at once with RESOURCE_EXHAUSTED and a RetryInfo, instead of
/// queueing behind the others. A caller offering more than the service can take then learns it in
/// a millisecond, and the process keeps its memory (docs/PERFORMANCE.md: 5,000 queued intake calls
/// took Petitions to 340–390 MiB). Health checks are never refused, so probes still answer.
/// </summary>
public sealed class CallLimitInterceptor(IConfiguration configuration) : Interceptor
{
    public const int DefaultMaxConcurrentCalls = 256;

    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    private readonly int _limit = configuration.GetValue("Grpc:MaxConcurrentCalls", DefaultMaxConcurrentCalls) is var limit and > 0
        ? limit
        : throw new InvalidOperationException("Grpc:MaxConcurrentCalls must be at least 1.");

    private int _inFlight;

    /// <summary>Calls being handled now (for tests and diagnostics).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var place = Enter(context);
        return await continuation(request, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var place = Enter(context);
        await continuation(request, responseStream, context);
    }

    private static bool Exempt(ServerCallContext context) => context.Method.StartsWith("/grpc.health.", StringComparison.Ordinal);

    /// <summary>Takes a place for the call (none for a health check), or refuses it; disposing gives the place back.</summary>
    private Place Enter(ServerCallContext context)
    {
        if (Exempt(context))
        {
            return default;
        }

        if (Interlocked.Increment(ref _inFlight) > _limit)
        {
            Interlocked.Decrement(ref _inFlight);
            throw new RateLimitedException($"The service is at capacity ({_limit} calls in progress); retry shortly.", RetryAfter);
        }

        return new Place(this);
    }

    private readonly struct Place(CallLimitInterceptor? limiter) : IDisposable
    {
        public void Dispose()
        {
            if (limiter is not null)
            {
                Interlocked.Decrement(ref limiter._inFlight);
            }
        }
    }
}
