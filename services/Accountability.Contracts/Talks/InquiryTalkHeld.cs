using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>The talk of a talk inquiry (谈话函询) requested by the Clues service was held: its answer to RequestInquiryTalk.</summary>
[MessageUrn("accountability:talks:inquiry-talk-held:v1")]
public sealed record InquiryTalkHeld
{
    public required string RequestId { get; init; }

    public required string ClueId { get; init; }

    public required string TalkId { get; init; }

    public required DateTimeOffset HeldAt { get; init; }

    /// <summary>A participant's statement was taken down with the record.</summary>
    public required bool StatementReceived { get; init; }
}
