namespace Accountability.Platform.Storage;

/// <summary>
/// The document-store port: one per service, implemented over SQLite (embedded default) and
/// MongoDB (production). Every write goes through <see cref="CommitAsync"/>, which applies a
/// <see cref="WriteBatch"/> atomically: documents, outbox messages and audit records together.
/// </summary>
public interface IDocumentStore
{
    /// <summary>The service this store belongs to, e.g. "petitions"; also the audit chain's name.</summary>
    string Name { get; }

    /// <summary>How this store's audit records are chained (keyed in every service process).</summary>
    Audit.AuditChain AuditChain { get; }

    Task<T?> GetAsync<T>(CollectionDefinition<T> collection, string id, CancellationToken ct = default)
        where T : class, IDocument;

    Task<T?> FindOneAsync<T>(CollectionDefinition<T> collection, Filter filter, CancellationToken ct = default)
        where T : class, IDocument;

    Task<Page<T>> QueryAsync<T>(CollectionDefinition<T> collection, Query query, CancellationToken ct = default)
        where T : class, IDocument;

    Task<long> CountAsync<T>(CollectionDefinition<T> collection, Filter? filter, CancellationToken ct = default)
        where T : class, IDocument;

    /// <summary>
    /// Applies the batch in one transaction. Throws <see cref="ConcurrencyConflictException"/>,
    /// <see cref="DuplicateKeyException"/>, <see cref="StoreUnavailableException"/> or
    /// <see cref="StoreFullException"/>, and then nothing of the batch is stored.
    /// </summary>
    Task CommitAsync(WriteBatch batch, CancellationToken ct = default);

    /// <summary>
    /// Whether this store applies batches in the order <see cref="CommitAsync"/> was called (one writer
    /// for the whole store), so that a caller may hand over a batch that builds on the one before it
    /// without waiting for that one to commit (<see cref="CounterSeries"/>). A hint only: should the
    /// order still differ, the later batch fails its version check and nothing of it is stored.
    /// </summary>
    bool CommitsInOrder => false;
}
