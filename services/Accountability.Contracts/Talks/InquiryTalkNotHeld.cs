using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>
/// The talk of a talk inquiry (谈话函询) requested by the Clues service did not take place: it was
/// cancelled, recorded as missed, or every subject was absent. Reason is "cancelled", "missed" or
/// "absent". A missed or absent talk can still be rescheduled (or made up), and its InquiryTalkHeld
/// follows under the same RequestId; a cancelled one cannot.
/// </summary>
[MessageUrn("accountability:talks:inquiry-talk-not-held:v1")]
public sealed record InquiryTalkNotHeld
{
    public required string RequestId { get; init; }

    public required string ClueId { get; init; }

    public required string TalkId { get; init; }

    /// <summary>"cancelled", "missed" or "absent".</summary>
    public required string Reason { get; init; }

    /// <summary>The reason as the handler recorded it (missed, cancelled) or "all absent".</summary>
    public string Note { get; init; } = "";

    /// <summary>When it was recorded in the Talks service; with TalkId and Reason, what makes a notice unique.</summary>
    public required DateTimeOffset RecordedAt { get; init; }
}
