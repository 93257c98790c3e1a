using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// The review of a cadre's continued use after an accountability decision with an impact period
/// (shared/domain.md §6.4, §9): opened with the decision, due when the longest impact period ends,
/// recorded with the cadre's performance; an outstanding performer may be approved for use again.
/// </summary>
public sealed class ContinuedUseReview : IHasDeadlines
{
    public static readonly CollectionDefinition<ContinuedUseReview> Collection = new(
        "continued_use_reviews",
        IndexDefinition.On("ix_ends", "impactEndsOn"),
        IndexDefinition.On("ix_status_ends", "status", "impactEndsOn"),
        IndexDefinition.On("ix_cadre_ends", "cadreId", "impactEndsOn"),
        IndexDefinition.On("ix_department_ends", "department", "impactEndsOn"),
        IndexDefinition.On("ix_decision", "decisionId"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string MatterId { get; init; }

    public required string DecisionId { get; init; }

    public required CadreInfo Cadre { get; init; }

    public string? CadreId { get; init; }

    public string? Department { get; init; }

    /// <summary>YYYY-MM-DD: the approval day of the decision.</summary>
    public required string ImpactStartsOn { get; init; }

    /// <summary>YYYY-MM-DD: the first day after the longest impact period.</summary>
    public required string ImpactEndsOn { get; init; }

    /// <summary>Running, Reviewed, Approved or Cancelled (Due is read from the date, never stored).</summary>
    public ReviewStatus Status { get; set; }

    public Performance Performance { get; set; }

    public string? Opinion { get; set; }

    public string? ReviewedOn { get; set; }

    public string? ReviewedBy { get; set; }

    public string? ApprovedOn { get; set; }

    public string? ApprovedBy { get; set; }

    public string? ApprovalReference { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }

    public List<Step> Steps { get; init; } = [];

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset LastUpdateAt { get; set; }

    /// <summary>The status as callers see it: a running review whose period has ended is due.</summary>
    public ReviewStatus StatusOn(DateOnly today) =>
        Status == ReviewStatus.Running && string.CompareOrdinal(ImpactEndsOn, DeadlineClock.Format(today)) <= 0 ? ReviewStatus.Due : Status;
}
