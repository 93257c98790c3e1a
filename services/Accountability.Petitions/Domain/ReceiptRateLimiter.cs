using System.Collections.Concurrent;
using Accountability.Platform.Errors;

namespace Accountability.Petitions.Domain;

/// <summary>
/// Slows guessing of receipt codes: after a number of wrong codes from one caller within a window,
/// that caller is refused (RESOURCE_EXHAUSTED) for a lockout period, right codes included.
/// Held in memory: a restart forgets it, which costs a guesser nothing it could use. The caller
/// is the client address; behind a portal or gateway, configure it as a trusted proxy
/// (Network:TrustedProxies) so the forwarded client address counts, not the proxy's.
/// </summary>
public sealed class ReceiptRateLimiter(PetitionsOptions options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CallerState> _callers = new();

    public void EnsureAllowed(string caller)
    {
        if (_callers.TryGetValue(caller, out var state))
        {
            lock (state)
            {
                var now = clock.GetUtcNow();
                if (state.LockedUntil > now)
                {
                    throw new RateLimitedException("Too many wrong receipt codes; try again later.", state.LockedUntil - now);
                }
            }
        }
    }

    public void RecordFailure(string caller)
    {
        if (_callers.Count > MaxTrackedCallers)
        {
            Prune();
        }

        var state = _callers.GetOrAdd(caller, _ => new CallerState());
        lock (state)
        {
            var now = clock.GetUtcNow();
            state.Failures.Enqueue(now);
            while (state.Failures.Count > 0 && now - state.Failures.Peek() > options.ReceiptFailureWindow)
            {
                state.Failures.Dequeue();
            }

            if (state.Failures.Count >= options.ReceiptFailureLimit)
            {
                state.LockedUntil = now + options.ReceiptLockout;
                state.Failures.Clear();
            }
        }
    }

    private const int MaxTrackedCallers = 10_000;

    /// <summary>Forgets callers that are neither locked out nor have a failure inside the window.</summary>
    private void Prune()
    {
        var now = clock.GetUtcNow();
        foreach (var (key, state) in _callers)
        {
            lock (state)
            {
                if (state.LockedUntil <= now && (state.Failures.Count == 0 || now - state.Failures.Last() > options.ReceiptFailureWindow))
                {
                    _callers.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class CallerState
    {
        public Queue<DateTimeOffset> Failures { get; } = new();

        public DateTimeOffset LockedUntil { get; set; }
    }
}
