using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>An organ or unit of the directory (市/县/乡镇/村), with its parent.</summary>
public sealed class DirectoryOrgan : IDocument
{
    public static readonly CollectionDefinition<DirectoryOrgan> Collection = new("organs", IndexDefinition.On("ix_level", "level", "_id"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string Name { get; set; }

    public Level Level { get; set; }

    public string? ParentId { get; set; }
}
