using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>The Clues service registered a clue (线索登记) from a petition's proposal.</summary>
[MessageUrn("accountability:clues:clue-registered:v1")]
public sealed record ClueRegistered
{
    public required string ClueId { get; init; }

    public required string LedgerNumber { get; init; }

    /// <summary>The proposal it came from; null for a clue from another source.</summary>
    public string? ProposalId { get; init; }

    public string? PetitionId { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    /// <summary>One of "petition", "inspection_tour", "audit", "supervision", "case_handling", "judicial_transfer", "other_organ_transfer", "personal_matters_check".</summary>
    public string? Source { get; init; }

    public IReadOnlyList<AccusedPersonInfo>? Subjects { get; init; }

    /// <summary>A key official's clue, reported to the upper organ (监督执纪规则 Art.22).</summary>
    public bool ReportToUpper { get; init; }
}
