using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// A deadline of a tolerance application or an accountability decision is due soon (Alert
/// "approaching") or overdue ("breached"). Kind is "acceptance", "verification" or "feedback" for an
/// application (ApplicationId set), "organisational_handling" or "appeal_decision" for a decision
/// (DecisionId set).
/// </summary>
[MessageUrn("accountability:tolerance:tolerance-deadline-alerted:v1")]
public sealed record ToleranceDeadlineAlerted
{
    public required string Kind { get; init; }

    public string? ApplicationId { get; init; }

    public string? DecisionId { get; init; }

    public required string MatterId { get; init; }

    public required string Alert { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
