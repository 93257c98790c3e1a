using Accountability.Platform.Storage;

namespace Accountability.Platform.Audit;

/// <summary>A stored audit entry, linked to its predecessor by hash.</summary>
public sealed class AuditRecord : IDocument
{
    public static readonly CollectionDefinition<AuditRecord> Collection = new(
        "audit",
        IndexDefinition.UniqueOn("ux_sequence", "sequence"),
        IndexDefinition.On("ix_object", "objectId", "sequence"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required long Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    public required string Actor { get; init; }

    public required string Role { get; init; }

    public required string Action { get; init; }

    public required string ObjectType { get; init; }

    public required string ObjectId { get; init; }

    public required string Reason { get; init; }

    public required string PreviousHash { get; init; }

    public required string Hash { get; init; }
}
