using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>
/// A clue reached its conclusion. Result is a short code such as "closed", "accepted_and_closed",
/// "first_form", "case_filed", "transferred"; the Petitions service closes a petition when all
/// clues drawn from it are concluded.
/// </summary>
[MessageUrn("accountability:clues:clue-concluded:v1")]
public sealed record ClueConcluded
{
    public required string ClueId { get; init; }

    public string? ProposalId { get; init; }

    public string? PetitionId { get; init; }

    public required string Result { get; init; }

    public required DateTimeOffset ConcludedAt { get; init; }
}
