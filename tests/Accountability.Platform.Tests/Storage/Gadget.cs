using Accountability.Platform.Storage;

namespace Accountability.Platform.Tests.Storage;

/// <summary>The small document the store contract is written against.</summary>
public sealed class Gadget : IDocument
{
    /// <summary>A unique index, a compound index and a multikey index; <see cref="Note"/> has none.</summary>
    public static readonly CollectionDefinition<Gadget> Collection = new(
        "gadgets",
        IndexDefinition.UniqueOn("ux_number", "number"),
        IndexDefinition.On("ix_status_at", "status", "at"),
        IndexDefinition.MultikeyOn("ix_tags", "tags"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public string Status { get; set; } = "";

    public DateTimeOffset At { get; set; }

    public List<string> Tags { get; set; } = [];

    public int Number { get; set; }

    public string? Note { get; set; }

    public static Gadget Make(string id, int number, string status, DateTimeOffset at, params string[] tags) => new()
    {
        Id = id,
        Number = number,
        Status = status,
        At = at,
        Tags = [.. tags],
    };
}
