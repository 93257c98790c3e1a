namespace Accountability.Platform.Messaging;

/// <summary>
/// Wakes one background loop when work may be waiting; any number of notifications before it wakes
/// count as one (the loop then takes everything there is). Used by the outbox relay
/// (<see cref="OutboxSignal"/>) and the SQLite store's checkpointer.
/// </summary>
public class WakeSignal
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);

    public void Notify()
    {
        if (_semaphore.CurrentCount == 0)
        {
            try
            {
                _semaphore.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already signalled: one wake-up covers every notification before it.
            }
        }
    }

    /// <summary>True when woken, false when the timeout passed first.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _semaphore.WaitAsync(timeout, ct);

    public Task WaitAsync(CancellationToken ct) => _semaphore.WaitAsync(ct);
}
