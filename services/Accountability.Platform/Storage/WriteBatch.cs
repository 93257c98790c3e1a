using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using MongoDB.Bson;

namespace Accountability.Platform.Storage;

/// <summary>
/// Everything one state change writes, applied atomically by <see cref="IDocumentStore.CommitAsync"/>:
/// the documents, the events it causes (outbox) and its audit records.
/// </summary>
public sealed class WriteBatch(DateTimeOffset now)
{
    private readonly List<DocumentWrite> _writes = [];
    private readonly List<AuditEntry> _audit = [];

    public DateTimeOffset Now { get; } = now;

    public IReadOnlyList<DocumentWrite> Writes => _writes;

    public IReadOnlyList<AuditEntry> AuditEntries => _audit;

    public bool IsEmpty => _writes.Count == 0 && _audit.Count == 0;

    /// <summary>Every collection the commit writes, the audit ones included: what an adapter must have created.</summary>
    public IEnumerable<ICollectionDefinition> Collections =>
        _writes.Select(w => w.Collection)
            .Concat(_audit.Count > 0 ? [AuditRecord.Collection, AuditHead.Collection] : Array.Empty<ICollectionDefinition>())
            .DistinctBy(c => c.Name);

    /// <summary>Inserts a new document (its version must be 0; it is stored as 1).</summary>
    public WriteBatch Insert<T>(CollectionDefinition<T> collection, T document)
        where T : class, IDocument
    {
        if (document.Version != 0)
        {
            throw new InvalidOperationException($"{collection.Name}/{document.Id} is already stored; use Update.");
        }

        _writes.Add(new DocumentWrite(collection, document, WriteKind.Insert));
        return this;
    }

    /// <summary>Replaces a document if it is still at the version it was read at.</summary>
    public WriteBatch Update<T>(CollectionDefinition<T> collection, T document)
        where T : class, IDocument
    {
        _writes.Add(new DocumentWrite(collection, document, WriteKind.Update));
        return this;
    }

    /// <summary>Stores an integration event in the outbox, to be relayed once the batch commits.</summary>
    public WriteBatch Publish(object message)
    {
        Insert(OutboxMessage.Collection, OutboxMessage.Create(message, Now));
        return this;
    }

    /// <summary>Records that a consumer handled a message; a second attempt collides on the inbox id.</summary>
    public WriteBatch MarkHandled(string consumer, Guid messageId)
    {
        Insert(InboxEntry.Collection, new InboxEntry { Id = InboxEntry.IdFor(consumer, messageId), HandledAt = Now });
        return this;
    }

    public WriteBatch Audit(string actor, string role, string action, string objectType, string objectId, string? reason = null)
    {
        _audit.Add(new AuditEntry(Now, actor, role, action, objectType, objectId, reason ?? ""));
        return this;
    }
}

public enum WriteKind
{
    Insert,
    Update,
}

/// <summary>One document write. The version moves only when the whole batch commits.</summary>
public sealed class DocumentWrite(ICollectionDefinition collection, IDocument document, WriteKind kind)
{
    private readonly long _versionRead = document.Version;

    public ICollectionDefinition Collection { get; } = collection;

    public IDocument Document { get; } = document;

    public WriteKind Kind { get; } = kind;

    public long ExpectedVersion => _versionRead;

    public long NewVersion => _versionRead + 1;

    /// <summary>Serializes the document as it will be stored, at its new version.</summary>
    public BsonDocument ToBson()
    {
        Document.Version = NewVersion;
        try
        {
            return Document.ToBsonDocument(Collection.DocumentType);
        }
        finally
        {
            Document.Version = _versionRead;
        }
    }

    internal void Committed() => Document.Version = NewVersion;
}
