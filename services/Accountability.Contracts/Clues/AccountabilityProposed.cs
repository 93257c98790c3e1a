using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>
/// Clue handling found a failure to perform duties (失职失责) and proposes accountability
/// (问责) for the named subjects: the Tolerance service opens a matter, once per ProposalId.
/// ProposedForm is an AccountabilityFormInfo kind, or null.
/// </summary>
[MessageUrn("accountability:clues:accountability-proposed:v1")]
public sealed record AccountabilityProposed
{
    public required string ProposalId { get; init; }

    public required string ClueId { get; init; }

    public required IReadOnlyList<AccusedPersonInfo> Subjects { get; init; }

    public required string Facts { get; init; }

    public required string DutyBreached { get; init; }

    public string? ProposedForm { get; init; }

    public string? Department { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }
}
