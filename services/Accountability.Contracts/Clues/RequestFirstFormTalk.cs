using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>Command to the Talks service: a first-form measure that is carried out as a talk (谈话提醒, 诫勉).</summary>
[MessageUrn("accountability:clues:request-first-form-talk:v1")]
public sealed record RequestFirstFormTalk
{
    public required string RequestId { get; init; }

    public required string ClueId { get; init; }

    public required string OutcomeId { get; init; }

    public required AccusedPersonInfo Subject { get; init; }

    /// <summary>"talk_reminder" or "admonishment".</summary>
    public required string Kind { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    /// <summary>The handling department of the clue: its handlers work the talk too. Null: supervisors only.</summary>
    public string? Department { get; init; }
}
