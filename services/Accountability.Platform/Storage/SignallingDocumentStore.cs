using Accountability.Platform.Messaging;

namespace Accountability.Platform.Storage;

/// <summary>Passes everything through, and wakes the outbox relay after a commit that stored events.</summary>
public sealed class SignallingDocumentStore(IDocumentStore inner, OutboxSignal signal) : IDocumentStore
{
    public string Name => inner.Name;

    public Audit.AuditChain AuditChain => inner.AuditChain;

    public bool CommitsInOrder => inner.CommitsInOrder;

    public Task<T?> GetAsync<T>(CollectionDefinition<T> collection, string id, CancellationToken ct = default)
        where T : class, IDocument => inner.GetAsync(collection, id, ct);

    public Task<T?> FindOneAsync<T>(CollectionDefinition<T> collection, Filter filter, CancellationToken ct = default)
        where T : class, IDocument => inner.FindOneAsync(collection, filter, ct);

    public Task<Page<T>> QueryAsync<T>(CollectionDefinition<T> collection, Query query, CancellationToken ct = default)
        where T : class, IDocument => inner.QueryAsync(collection, query, ct);

    public Task<long> CountAsync<T>(CollectionDefinition<T> collection, Filter? filter, CancellationToken ct = default)
        where T : class, IDocument => inner.CountAsync(collection, filter, ct);

    public async Task CommitAsync(WriteBatch batch, CancellationToken ct = default)
    {
        await inner.CommitAsync(batch, ct);
        if (batch.Writes.Any(w => w.Collection.Name == OutboxMessage.Collection.Name))
        {
            signal.Notify();
        }
    }
}
