using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// One cadre's self-check in the special clean-up of relatives running businesses (领导干部配偶、
/// 子女及其配偶经商办企业专项整治, shared/domain.md §13): businesses of a spouse or child, and which lie
/// within the cadre's scope of duty or influence (each one an integrity-risk point, 廉政风险点, under monitoring).
/// </summary>
public sealed class RelativesBusinessCheck : IDocument
{
    public static readonly CollectionDefinition<RelativesBusinessCheck> Collection = new(
        "relatives_business_checks",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.UniqueOn("ux_cadre_year", "cadreYear"),
        IndexDefinition.On("ix_year_recorded", "year", "recordedAt"),
        IndexDefinition.On("ix_cadre", "cadreId", "year"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string IdempotencyScope { get; init; }

    public string? RequestHash { get; init; }

    /// <summary>"{cadreId}|{year}": one self-check per cadre and year.</summary>
    public required string CadreYear { get; init; }

    public required string CadreId { get; init; }

    public required int Year { get; init; }

    public required bool SelfChecked { get; init; }

    public List<RelativeBusiness> Businesses { get; init; } = [];

    public int RiskPoints => Businesses.Count(b => b.WithinScope);

    public required string RecordedBy { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}

public sealed class RelativeBusiness
{
    public required Relation Relation { get; init; }

    public required string Business { get; init; }

    public bool WithinScope { get; init; }
}
