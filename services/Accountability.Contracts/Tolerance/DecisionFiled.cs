using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// A tolerance or accountability decision was filed with the organisation department (报备), for the
/// cadre's dossier. FiledWith is "org_dept" or "party_committee".
/// </summary>
[MessageUrn("accountability:tolerance:decision-filed:v1")]
public sealed record DecisionFiled
{
    public required string FilingId { get; init; }

    public required string MatterId { get; init; }

    public string? ApplicationId { get; init; }

    public string? DecisionId { get; init; }

    public AccusedPersonInfo? Cadre { get; init; }

    public required string FiledWith { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string FiledOn { get; init; }

    public required DateTimeOffset FiledAt { get; init; }
}
