using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>A cadre of the directory (干部): unit, post, rank, level, managing organ, principal or not (shared/domain.md §10).</summary>
public sealed class Cadre : IDocument
{
    public static readonly CollectionDefinition<Cadre> Collection = new(
        "cadres",
        IndexDefinition.On("ix_name_key", "nameKey"),
        IndexDefinition.MultikeyOn("mk_name_keys", "nameKeys"),
        IndexDefinition.On("ix_organ", "organId", "_id"),
        IndexDefinition.On("ix_level", "level", "_id"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string Name { get; set; }

    public required string OrganId { get; set; }

    /// <summary>The unit's name as petitions and clues spell it.</summary>
    public required string Unit { get; set; }

    public string Post { get; set; } = "";

    public Rank Rank { get; set; }

    public Level Level { get; set; }

    /// <summary>The organ that manages the cadre (干部管理权限).</summary>
    public string ManagingOrganId { get; set; } = "";

    public bool Principal { get; set; }

    public bool PartyMember { get; set; }

    /// <summary>How mentions by name and unit find the cadre (<see cref="Mentions.NameKey"/>).</summary>
    public required string NameKey { get; set; }

    /// <summary>
    /// Every name key the cadre has held: the current one and those of earlier names or units (kept
    /// when an import changes them), so mentions made before a transfer still find the cadre.
    /// </summary>
    public List<string> NameKeys { get; set; } = [];

    /// <summary>The current name key and the former ones.</summary>
    public IEnumerable<string> AllNameKeys => NameKeys.Append(NameKey).Distinct(StringComparer.Ordinal);

    /// <summary>The same cadre as data, for "changed or not" on import.</summary>
    public bool SameAs(Cadre other) =>
        (Name, OrganId, Unit, Post, Rank, Level, ManagingOrganId, Principal, PartyMember) ==
        (other.Name, other.OrganId, other.Unit, other.Post, other.Rank, other.Level, other.ManagingOrganId, other.Principal, other.PartyMember);
}
