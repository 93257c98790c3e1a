using MassTransit;

namespace Accountability.Contracts.Petitions;

/// <summary>
/// An accepted petition was triaged into a problem clue proposal for the Clues service.
/// The summary is the clerk's redacted text, checked to hold nothing of the reporter's identity.
/// </summary>
[MessageUrn("accountability:petitions:clue-proposed:v1")]
public sealed record ClueProposed
{
    public required string ProposalId { get; init; }

    public required string PetitionId { get; init; }

    public required string RegisterNumber { get; init; }

    public required string OrganId { get; init; }

    public required IReadOnlyList<AccusedPersonInfo> Accused { get; init; }

    public required IReadOnlyList<string> Disciplines { get; init; }

    public required string Summary { get; init; }

    /// <summary>The reporter gave a name and contact (实名): priority handling, feedback owed.</summary>
    public required bool NamedReport { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }
}
