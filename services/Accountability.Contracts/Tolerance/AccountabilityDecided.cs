using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// The accountability decision for one target of a matter, with its forms. Exempted is true when
/// nothing counts against the target (不予问责 or 免予问责): Forms is then empty, and only then.
/// ToleranceOutcome is the ToleranceDecided outcome that shaped it, or the Art.17 outcome
/// ("no_accountability", "exempted") stated with a decision taken without a tolerance application;
/// null when neither. A decision amended on appeal is replaced by a new one naming it in
/// SupersedesDecisionId (its impact periods start on the original approval day).
/// </summary>
[MessageUrn("accountability:tolerance:accountability-decided:v1")]
public sealed record AccountabilityDecided
{
    public required string DecisionId { get; init; }

    public required string MatterId { get; init; }

    public required AccountabilityTargetInfo Target { get; init; }

    public required IReadOnlyList<AccountabilityFormInfo> Forms { get; init; }

    public required bool Exempted { get; init; }

    public string? ToleranceOutcome { get; init; }

    public string? SupersedesDecisionId { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    /// <summary>YYYY-MM-DD: impact periods run from approval.</summary>
    public required string ApprovedOn { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}
