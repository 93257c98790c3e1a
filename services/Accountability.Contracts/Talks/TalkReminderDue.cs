using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>A scheduled talk is Talks:ReminderWorkingDays working days away: remind its talkers and note-taker.</summary>
[MessageUrn("accountability:talks:talk-reminder-due:v1")]
public sealed record TalkReminderDue
{
    public required string TalkId { get; init; }

    public required string Kind { get; init; }

    public required DateTimeOffset Start { get; init; }

    public required IReadOnlyList<string> Talkers { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
