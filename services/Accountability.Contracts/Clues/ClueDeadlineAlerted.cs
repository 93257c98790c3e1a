using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>
/// A clue's deadline is approaching (Alert "approaching") or was missed ("breached"). Kind is
/// "disposal", "letter_reply", "inquiry_report", "verification" or "hold_review".
/// </summary>
[MessageUrn("accountability:clues:clue-deadline-alerted:v1")]
public sealed record ClueDeadlineAlerted
{
    public required string ClueId { get; init; }

    public required string Kind { get; init; }

    public required string Alert { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }

    public string? Department { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
