namespace Accountability.Platform.Storage;

/// <summary>The document changed since the caller read it (optimistic concurrency).</summary>
public sealed class ConcurrencyConflictException(string collection, string id, long expectedVersion)
    : Exception($"{collection}/{id} is no longer at version {expectedVersion}; read it again and retry.")
{
    public string Collection { get; } = collection;

    public string DocumentId { get; } = id;

    public long ExpectedVersion { get; } = expectedVersion;
}

/// <summary>An insert collided with an existing id or a unique index.</summary>
public sealed class DuplicateKeyException(string collection, string key, Exception? inner = null)
    : Exception($"{collection} already holds a document with key '{key}'.", inner)
{
    public string Collection { get; } = collection;

    public string Key { get; } = key;
}

/// <summary>The store cannot take the write now (locked, busy, unreachable); the caller may retry.</summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The store has no room left (disk full, quota).</summary>
public sealed class StoreFullException(string message, Exception? inner = null) : Exception(message, inner);
