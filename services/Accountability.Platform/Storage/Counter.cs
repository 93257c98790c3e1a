namespace Accountability.Platform.Storage;

/// <summary>
/// A gap-free number series (register and ledger numbers, 台账编号), advanced in the same batch
/// as the document that takes the number, through <see cref="CounterSeries"/>; a taker that read a
/// stale value fails on the version and retries.
/// </summary>
public sealed class Counter : IDocument
{
    public static readonly CollectionDefinition<Counter> Collection = new("counters");

    public required string Id { get; init; }

    public long Version { get; set; }

    public long Value { get; set; }
}
