using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>A correction task (纠错, shared/domain.md §6.3): an owner, a due date, tracked to completion.</summary>
public sealed class RectificationTask : IHasDeadlines
{
    public static readonly CollectionDefinition<RectificationTask> Collection = new(
        "rectification_tasks",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.On("ix_created", "createdAt"),
        IndexDefinition.On("ix_matter_created", "matterId", "createdAt"),
        IndexDefinition.On("ix_status_created", "status", "createdAt"),
        IndexDefinition.On("ix_department_created", "department", "createdAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>Keyed hash of caller and idempotency key, or "task:" + the id when the request named no key.</summary>
    public required string IdempotencyScope { get; init; }

    /// <summary>Hash of the adding request, to refuse an idempotency key reused for another task.</summary>
    public string? RequestHash { get; init; }

    public required string MatterId { get; init; }

    public string? Department { get; init; }

    public required string Description { get; init; }

    public required string Owner { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }

    public RectificationStatus Status { get; set; }

    public string? CompletedOn { get; set; }

    public string? CompletionNote { get; set; }

    public List<Attachment> Evidence { get; set; } = [];

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }

    public List<Step> Steps { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdateAt { get; set; }
}
