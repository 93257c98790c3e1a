namespace Accountability.Platform.Storage;

/// <summary>The untyped view of a collection that the adapters work with.</summary>
public interface ICollectionDefinition
{
    string Name { get; }

    Type DocumentType { get; }

    IReadOnlyList<IndexDefinition> Indexes { get; }

    /// <summary>Scalar fields that have their own column in SQLite (every non-multikey index field).</summary>
    IReadOnlyList<string> ScalarFields { get; }

    IReadOnlyList<string> MultikeyFields { get; }

    /// <summary>Throws when a query names a field no index covers: every query must be indexed.</summary>
    void EnsureQueryable(string field);
}

/// <summary>
/// A collection of documents of one type. Field names are BSON element names (camelCase);
/// <c>_id</c> is always queryable.
/// </summary>
public sealed class CollectionDefinition<T> : ICollectionDefinition
    where T : class, IDocument
{
    public CollectionDefinition(string name, params IndexDefinition[] indexes)
    {
        if (indexes.Any(i => i.Multikey && i.Fields.Count != 1))
        {
            throw new ArgumentException("A multikey index covers exactly one array field.", nameof(indexes));
        }

        Name = name;
        Indexes = indexes;
        MultikeyFields = indexes.Where(i => i.Multikey).Select(i => i.Fields[0]).Distinct().ToArray();
        ScalarFields = indexes.Where(i => !i.Multikey).SelectMany(i => i.Fields).Distinct().ToArray();
    }

    public string Name { get; }

    public Type DocumentType => typeof(T);

    public IReadOnlyList<IndexDefinition> Indexes { get; }

    public IReadOnlyList<string> ScalarFields { get; }

    public IReadOnlyList<string> MultikeyFields { get; }

    public void EnsureQueryable(string field)
    {
        if (field != "_id" && !ScalarFields.Contains(field) && !MultikeyFields.Contains(field))
        {
            throw new InvalidOperationException($"Collection '{Name}' has no index on '{field}'; declare one before querying it.");
        }
    }
}
