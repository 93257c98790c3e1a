namespace Accountability.Platform.Storage;

/// <summary>
/// One process's taker of a gap-free number series (the petition register, the clue ledger) that many
/// concurrent requests advance. Takers queue here, one at a time, only for as long as it takes to
/// number their batch and hand it to the store: on a store that commits in order
/// (<see cref="IDocumentStore.CommitsInOrder"/>) the next taker numbers its batch from the value the
/// batch before it will store, without waiting for that commit, so concurrent takers share one group
/// commit instead of an fsync each. Every batch still carries the counter's version check: if a batch
/// before it fails, it fails too (<see cref="ConcurrencyConflictException"/>, nothing stored, no number
/// lost) and the series is read again from the store. Another process taking the same series meets
/// the same check. On any other store each taker holds its turn until its commit is done.
/// </summary>
public sealed class CounterSeries(IDocumentStore store)
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>The counter as the last batch handed over will leave it, and the chain of batches it belongs to.</summary>
    private Ahead? _ahead;

    /// <summary>
    /// Takes the next number of <paramref name="series"/>, adds the counter's advance to
    /// <paramref name="batch"/>, has <paramref name="write"/> add what carries the number, and commits.
    /// </summary>
    public async Task<long> CommitNextAsync(string series, WriteBatch batch, Action<long> write, CancellationToken ct)
    {
        Task commit;
        Chain chain;
        long number;
        await _turn.WaitAsync(ct);
        try
        {
            Counter current;
            if (_ahead is { } ahead && ahead.Counter.Id == series && !ahead.Chain.Broken)
            {
                (current, chain) = (ahead.Counter, ahead.Chain);
            }
            else
            {
                // A new chain: every batch of a broken one that came before the failure has been
                // applied by now (in order), so the store holds the series as it stands.
                current = await store.GetAsync(Counter.Collection, series, ct) ?? new Counter { Id = series };
                chain = new Chain();
            }

            number = current.Value + 1;
            // The counter first: a batch numbered from a stale value fails on its version check before
            // any unique index of what carries the number could.
            var next = new Counter { Id = series, Version = current.Version, Value = number };
            if (next.Version == 0)
            {
                batch.Insert(Counter.Collection, next);
            }
            else
            {
                batch.Update(Counter.Collection, next);
            }

            write(number);
            commit = store.CommitAsync(batch, ct);
            _ahead = new Ahead(new Counter { Id = series, Version = current.Version + 1, Value = number }, chain);
            if (!store.CommitsInOrder)
            {
                await commit;
            }
        }
        catch
        {
            _ahead = null;
            throw;
        }
        finally
        {
            _turn.Release();
        }

        try
        {
            await commit;
        }
        catch
        {
            // The batches handed over after this one counted on it: they fail their version check, and
            // the next taker starts a new chain from the store.
            chain.Broken = true;
            throw;
        }

        return number;
    }

    /// <summary>The batches numbered one from another since the series was last read from the store.</summary>
    private sealed class Chain
    {
        public volatile bool Broken;
    }

    private sealed record Ahead(Counter Counter, Chain Chain);
}
