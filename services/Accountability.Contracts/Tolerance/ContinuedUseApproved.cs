using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// After an impact period ended, a cadre who performed outstandingly was approved as eligible for
/// use again (domain.md §6.4): the dossier stops holding the decision against them.
/// </summary>
[MessageUrn("accountability:tolerance:continued-use-approved:v1")]
public sealed record ContinuedUseApproved
{
    public required string ReviewId { get; init; }

    public required string MatterId { get; init; }

    public required string DecisionId { get; init; }

    public required AccusedPersonInfo Cadre { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string ApprovedOn { get; init; }

    public required DateTimeOffset ApprovedAt { get; init; }
}
