using Accountability.Platform.Storage;

namespace Accountability.Petitions.Domain;

/// <summary>The register (台账) numbering of one organ and year: one entry per item, gap-free.</summary>
public sealed class RegisterCounter : IDocument
{
    public static readonly CollectionDefinition<RegisterCounter> Collection = new("register_counters");

    public required string Id { get; init; }

    public long Version { get; set; }

    public long Value { get; set; }

    public static string IdFor(string organId, int year) => $"{organId}:{year}";
}
