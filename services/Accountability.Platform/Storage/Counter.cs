namespace Accountability.Platform.Storage;

/// <summary>
/// A gap-free number series (register and ledger numbers, 台账编号), advanced in the same batch
/// as the document that takes the number; a concurrent taker fails on the version and retries.
/// </summary>
public sealed class Counter : IDocument
{
    public static readonly CollectionDefinition<Counter> Collection = new("counters");

    public required string Id { get; init; }

    public long Version { get; set; }

    public long Value { get; set; }

    /// <summary>Reads the series and adds its next value to the batch; returns the number taken.</summary>
    public static async Task<long> TakeNextAsync(IDocumentStore store, WriteBatch batch, string series, CancellationToken ct)
    {
        var counter = await store.GetAsync(Collection, series, ct) ?? new Counter { Id = series };
        counter.Value++;
        if (counter.Version == 0)
        {
            batch.Insert(Collection, counter);
        }
        else
        {
            batch.Update(Collection, counter);
        }

        return counter.Value;
    }
}
