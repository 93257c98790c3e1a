using MassTransit;

namespace Accountability.Contracts.Clues;

/// <summary>
/// An outcome for one subject of a clue: what it is, on which track, which of the four forms,
/// and its decision and approval dates, so impact periods (影响期) can be computed downstream.
/// Kind is the snake_case outcome ("party_serious_warning", "gov_demerit", "admonishment", ...);
/// Track is "party", "government", "organisational", "education" or "criminal"; Form is 1 to 4.
/// </summary>
[MessageUrn("accountability:clues:outcome-decided:v1")]
public sealed record OutcomeDecided
{
    public required string OutcomeId { get; init; }

    public required string ClueId { get; init; }

    public required AccusedPersonInfo Subject { get; init; }

    public required string Kind { get; init; }

    public required string Track { get; init; }

    public required int Form { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    /// <summary>YYYY-MM-DD; impact periods run from approval (Party) or effect (government).</summary>
    public required string ApprovedOn { get; init; }

    public string? CaseCategory { get; init; }

    /// <summary>The subject's inquiry reply was judged untruthful: an aggravating circumstance.</summary>
    public bool ReplyUntruthful { get; init; }

    /// <summary>
    /// 留党察看 only: the probation term in months (12 or 24). Absent on other kinds and on events
    /// published before the field existed (a consumer then assumes its own default).
    /// </summary>
    public int? TermMonths { get; init; }
}
