namespace Accountability.Platform.Storage;

/// <summary>A stored document: an id and the version that optimistic concurrency checks.</summary>
public interface IDocument
{
    string Id { get; }

    /// <summary>0 before the first insert; the store increments it on every write.</summary>
    long Version { get; set; }
}
