using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>A clue was found to be a false accusation (诬告陷害), approved at prefecture level or above.</summary>
[MessageUrn("accountability:clues:false-accusation-found:v1")]
public sealed record FalseAccusationFound
{
    public required string ClueId { get; init; }

    public string? PetitionId { get; init; }

    public string? ProposalId { get; init; }

    public required string ApprovingOrganId { get; init; }

    public required DateTimeOffset FoundAt { get; init; }
}
