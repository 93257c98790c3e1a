using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>
/// Command to the Talks service: hold the talk of a talk inquiry (谈话函询) with the clue's subjects.
/// Talks answers with InquiryTalkHeld, which moves the clue on; a handler can also record the talk on the clue.
/// </summary>
[MessageUrn("accountability:clues:request-inquiry-talk:v1")]
public sealed record RequestInquiryTalk
{
    public required string RequestId { get; init; }

    public required string ClueId { get; init; }

    public required IReadOnlyList<AccusedPersonInfo> Subjects { get; init; }

    public required IReadOnlyList<string> Talkers { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The handling department of the clue: its handlers work the talk too. Null: supervisors only.</summary>
    public string? Department { get; init; }
}
