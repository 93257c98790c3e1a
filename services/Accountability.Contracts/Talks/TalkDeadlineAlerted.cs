using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>
/// A talk's deadline is approaching (Alert "approaching") or was missed ("breached"). Kind is
/// "schedule_by" (a request from the Clues service not yet scheduled) or "follow_up", which names
/// the follow-up kind and the cadre who owes it.
/// </summary>
[MessageUrn("accountability:talks:talk-deadline-alerted:v1")]
public sealed record TalkDeadlineAlerted
{
    public required string TalkId { get; init; }

    public required string Kind { get; init; }

    public required string Alert { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }

    /// <summary>"written_explanation", "self_criticism", "rectification_report" or "commitment_letter".</summary>
    public string? FollowUpKind { get; init; }

    public string? CadreId { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
