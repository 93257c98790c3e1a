using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// A tolerance application (容错申请) for one cadre target of a matter, with its verification, the
/// evaluation of the eligibility rules, the committee's votes and decision, the written feedback,
/// the filings (报备) and an optional publication (shared/domain.md §6.2–6.3).
/// </summary>
public sealed class ToleranceApplication : IHasDeadlines
{
    public static readonly CollectionDefinition<ToleranceApplication> Collection = new(
        "applications",
        IndexDefinition.On("ix_filed", "filedAt"),
        IndexDefinition.On("ix_status_filed", "status", "filedAt"),
        IndexDefinition.On("ix_matter_filed", "matterId", "filedAt"),
        IndexDefinition.On("ix_department_filed", "department", "filedAt"),
        IndexDefinition.On("ix_decided", "decidedAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string MatterId { get; init; }

    public required string TargetId { get; init; }

    public required CadreInfo Cadre { get; init; }

    public string? Department { get; init; }

    public required ApplicantKind ApplicantKind { get; init; }

    public required string ApplicantName { get; init; }

    /// <summary>YYYY-MM-DD: the date of the written application.</summary>
    public required string WrittenOn { get; init; }

    public required string Reference { get; init; }

    public string Statement { get; init; } = "";

    public List<ToleranceGround> ClaimedGrounds { get; init; } = [];

    public List<Mitigation> ClaimedMitigations { get; init; } = [];

    public ApplicationStatus Status { get; set; }

    public string? RejectionReason { get; set; }

    public string? WithdrawalReason { get; set; }

    public Verification? Verification { get; set; }

    /// <summary>The evaluation the verification made; the decision rests on it.</summary>
    public string? EvaluationId { get; set; }

    public Committee? Committee { get; set; }

    public ToleranceDecision? Decision { get; set; }

    /// <summary>When the committee decided (statistics by period).</summary>
    public DateTimeOffset? DecidedAt { get; set; }

    public Feedback? Feedback { get; set; }

    public List<Filing> Filings { get; init; } = [];

    public Publication? Publication { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }

    public List<Step> Steps { get; init; } = [];

    public required DateTimeOffset FiledAt { get; init; }

    public DateTimeOffset LastUpdateAt { get; set; }

    /// <summary>Still on its way to a decision: the target's accountability decision waits for it.</summary>
    public bool InProgress => Status is ApplicationStatus.Submitted or ApplicationStatus.Accepted or ApplicationStatus.Verified;

    /// <summary>
    /// Ended without a committee decision (不予受理 or withdrawn): another application for the target
    /// may follow. A decided one stands: the target's accountability decision follows its outcome.
    /// </summary>
    public bool EndedUndecided => Status is ApplicationStatus.Rejected or ApplicationStatus.Withdrawn;
}

/// <summary>The verification (核实): facts, the six factors each with evidence, what was established.</summary>
public sealed class Verification
{
    public required Facts Facts { get; init; }

    public required List<Factor> Factors { get; init; }

    public List<ToleranceGround> EstablishedGrounds { get; init; } = [];

    public List<Mitigation> EstablishedMitigations { get; init; } = [];

    public string Summary { get; init; } = "";

    public required string VerifiedBy { get; init; }

    public required DateTimeOffset VerifiedAt { get; init; }
}

/// <summary>The verified facts the eligibility rules read.</summary>
public sealed class Facts
{
    public bool PrivateGain { get; init; }

    public bool DefiedExplicitBan { get; init; }

    public bool MajorAccident { get; init; }

    public bool RepeatError { get; init; }

    public bool CollectiveDecision { get; init; }

    /// <summary>0 to 100.</summary>
    public int LossesRecoveredPercent { get; init; }

    /// <summary>The facts a rule tests with a number (at least), not yes or no.</summary>
    public static bool IsNumber(VerifiedFact fact) => fact == VerifiedFact.LossesRecoveredPercent;

    /// <summary>A yes/no fact as a rule reads it (null for a number).</summary>
    public bool? Flag(VerifiedFact fact) => fact switch
    {
        VerifiedFact.PrivateGain => PrivateGain,
        VerifiedFact.DefiedExplicitBan => DefiedExplicitBan,
        VerifiedFact.MajorAccident => MajorAccident,
        VerifiedFact.RepeatError => RepeatError,
        VerifiedFact.CollectiveDecision => CollectiveDecision,
        _ => null,
    };

    /// <summary>A number fact as a rule reads it (null for a yes/no fact).</summary>
    public int? Number(VerifiedFact fact) => IsNumber(fact) ? LossesRecoveredPercent : null;
}

/// <summary>One assessment factor (§6.3) with its finding and the evidence it rests on.</summary>
public sealed class Factor
{
    public required AssessmentFactor Kind { get; init; }

    public required string Finding { get; init; }

    public required List<Attachment> Evidence { get; init; }
}

/// <summary>The committee (e.g. the discipline commission's standing committee) that decides the application.</summary>
public sealed class Committee
{
    public required string Name { get; init; }

    public required string MeetingDate { get; init; }

    public required List<Member> Members { get; init; }

    /// <summary>The votes of the current round.</summary>
    public List<Vote> Votes { get; init; } = [];

    /// <summary>Votes needed, from Tolerance:QuorumPercent of the members free to vote when convened.</summary>
    public required int Quorum { get; init; }

    /// <summary>
    /// Whose majority an outcome needs, from Tolerance:MajorityBasis when convened:
    /// <see cref="ToleranceOptions.EligibleBasis"/> or <see cref="ToleranceOptions.CastBasis"/>
    /// (a committee stored before the option existed counted the votes cast).
    /// </summary>
    public string MajorityBasis { get; init; } = ToleranceOptions.CastBasis;

    public required string ConvenedBy { get; init; }

    /// <summary>1 for the first voting round; each new round adds one.</summary>
    public int Round { get; set; } = 1;

    /// <summary>Earlier rounds, closed without a decision, with their votes.</summary>
    public List<VotingRound> ClosedRounds { get; init; } = [];
}

/// <summary>A voting round closed without a decision (a split committee votes again).</summary>
public sealed class VotingRound
{
    public required int Round { get; init; }

    public required List<Vote> Votes { get; init; }

    public required string Reason { get; init; }

    public required string ClosedBy { get; init; }

    public required DateTimeOffset ClosedAt { get; init; }
}

public sealed class Member
{
    public required string MemberId { get; init; }

    public required string Name { get; init; }

    public string Unit { get; init; } = "";

    public List<string> RelatedCadreIds { get; init; } = [];

    /// <summary>Persons declared by name and unit, for a cadre without a directory id.</summary>
    public List<RelatedPerson> RelatedPersons { get; init; } = [];

    /// <summary>Why the member must recuse (回避): "applicant", "same unit", "declared relation"; null when not.</summary>
    public string? Recusal { get; init; }
}

/// <summary>A person a committee member declared a relation to (亲属、利害关系), by name and unit.</summary>
public sealed class RelatedPerson
{
    public required string Name { get; init; }

    public string Unit { get; init; } = "";
}

public sealed class Vote
{
    public required string MemberId { get; init; }

    public required ToleranceOutcome Outcome { get; init; }

    public string Opinion { get; init; } = "";

    public required DateTimeOffset CastAt { get; init; }

    public required string RecordedBy { get; init; }
}

/// <summary>The committee's decision (认定).</summary>
public sealed class ToleranceDecision
{
    public required ToleranceOutcome Outcome { get; init; }

    public required ToleranceOutcome SuggestedOutcome { get; init; }

    public string Reason { get; init; } = "";

    public required string DecidedOn { get; init; }

    public required string DecidedBy { get; init; }

    public required int VotesFor { get; init; }

    public required int VotesCast { get; init; }
}

public sealed class Feedback
{
    public required string DeliveredOn { get; init; }

    public required string Reference { get; init; }

    public string Method { get; init; } = "";

    public required string RecordedBy { get; init; }
}

/// <summary>A filing (报备) of a tolerance or accountability decision.</summary>
public sealed class Filing
{
    public required string FilingId { get; init; }

    public required FilingRecipient FiledWith { get; init; }

    public required string FiledOn { get; init; }

    public required string FiledBy { get; init; }
}

/// <summary>Publication of a tolerated outcome (免责通报, 澄清正名).</summary>
public sealed class Publication
{
    public required string Scope { get; init; }

    public required string Notice { get; init; }

    public required string PublishedOn { get; init; }

    public required string PublishedBy { get; init; }
}
