using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>
/// A clue moved to another stage, in the same commit as the move. Stage is the clue's state in
/// snake_case: "assigned", "inquiry", "letter_sent", "talk_requested", "inquiry_answered",
/// "verifying", "held", "case_filed" or "concluded". Step numbers the clue's signed steps (the
/// registration is step 1), so a reader that gets moves out of order keeps the highest.
/// </summary>
[MessageUrn("accountability:clues:clue-stage-changed:v1")]
public sealed record ClueStageChanged
{
    public required string ClueId { get; init; }
    public required string LedgerNumber { get; init; }
    public required string Stage { get; init; }
    public required string PreviousStage { get; init; }
    public required int Step { get; init; }
    public required IReadOnlyList<AccusedPersonInfo> Subjects { get; init; }
    public required DateTimeOffset ChangedAt { get; init; }
}
