using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>A rectification task (纠错) is due soon (Alert "approaching") or overdue ("breached").</summary>
[MessageUrn("accountability:tolerance:rectification-task-alerted:v1")]
public sealed record RectificationTaskAlerted
{
    public required string TaskId { get; init; }

    public required string MatterId { get; init; }

    public required string Owner { get; init; }

    public required string Alert { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
