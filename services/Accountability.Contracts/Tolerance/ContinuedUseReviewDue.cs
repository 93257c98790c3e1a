using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// A cadre's impact period (影响期) after an accountability decision has ended: the review of their
/// continued use (domain.md §6.4) is due. Raised once, on ImpactEndedOn, the first day after the period.
/// </summary>
[MessageUrn("accountability:tolerance:continued-use-review-due:v1")]
public sealed record ContinuedUseReviewDue
{
    public required string ReviewId { get; init; }

    public required string MatterId { get; init; }

    public required string DecisionId { get; init; }

    public required AccusedPersonInfo Cadre { get; init; }

    /// <summary>YYYY-MM-DD: the first day after the impact period.</summary>
    public required string ImpactEndedOn { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
