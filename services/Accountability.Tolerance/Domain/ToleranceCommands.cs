namespace Accountability.Tolerance.Domain;

/// <summary>A target as the request names it.</summary>
public sealed record TargetSpec(TargetKind Kind, CadreInfo? Cadre, string? OrganisationName);

public sealed record OpenMatter(
    string IdempotencyKey,
    MatterSource Source,
    string SourceReference,
    string Facts,
    string DutyBreached,
    string? ProposedForm,
    IReadOnlyList<TargetSpec> Targets,
    string? Department,
    string RequestHash);

public sealed record OpenResult(Matter Matter, bool Replayed);

public sealed record FileApplication(
    string MatterId,
    string TargetId,
    ApplicantKind ApplicantKind,
    string ApplicantName,
    string WrittenOn,
    string Reference,
    string Statement,
    IReadOnlyList<ToleranceGround> Grounds,
    IReadOnlyList<Mitigation> Mitigations,
    long ExpectedVersion);

public sealed record VerifyApplication(
    string ApplicationId,
    long ExpectedVersion,
    Facts Facts,
    IReadOnlyList<Factor> Factors,
    IReadOnlyList<ToleranceGround> EstablishedGrounds,
    IReadOnlyList<Mitigation> EstablishedMitigations,
    string Summary);

/// <summary>A committee member as the request names them (recusal is worked out by the workflow).</summary>
public sealed record MemberSpec(string MemberId, string Name, string Unit, IReadOnlyList<string> RelatedCadreIds, IReadOnlyList<RelatedPersonSpec> RelatedPersons);

/// <summary>A person a member declared a relation to by name and unit.</summary>
public sealed record RelatedPersonSpec(string Name, string Unit);

public sealed record ConveneCommittee(string ApplicationId, long ExpectedVersion, string Name, string MeetingDate, IReadOnlyList<MemberSpec> Members);

public sealed record RecordVote(string ApplicationId, long ExpectedVersion, string MemberId, ToleranceOutcome Outcome, string Opinion);

public sealed record DecideApplication(string ApplicationId, long ExpectedVersion, ToleranceOutcome Outcome, string Reason);

public sealed record RecordFeedback(string ApplicationId, long ExpectedVersion, string DeliveredOn, string Reference, string Method);

/// <summary>Filing (报备) of an application's or a decision's outcome; a null date is today.</summary>
public sealed record FileDecision(string Id, long ExpectedVersion, FilingRecipient FiledWith, string? FiledOn);

public sealed record PublishDecision(string ApplicationId, long ExpectedVersion, string Scope, string Notice);

public sealed record DecideAccountability(
    string MatterId,
    string TargetId,
    long ExpectedVersion,
    IReadOnlyList<string> Forms,
    string Basis,
    string? DecidedOn,
    string? ApprovedOn,
    ToleranceOutcome DirectOutcome = ToleranceOutcome.Unspecified);

/// <summary>An appeal; the period runs from <paramref name="NotifiedOn"/>, the decision day when null.</summary>
public sealed record FileAppeal(string DecisionId, long ExpectedVersion, string Appellant, string? FiledOn, string Grounds, string? NotifiedOn = null);

public sealed record DecideAppeal(
    string DecisionId,
    long ExpectedVersion,
    AppealResult Result,
    string Reason,
    IReadOnlyList<string> Forms,
    string? DecidedOn,
    ToleranceOutcome DirectOutcome = ToleranceOutcome.Unspecified);

/// <summary>
/// A task due on <paramref name="DueDate"/>, or <paramref name="DueInWorkingDays"/> WD from today;
/// with an idempotency key, a repeat returns the first task (<paramref name="RequestHash"/> tells another content).
/// </summary>
public sealed record AddRectificationTask(string MatterId, string Description, string Owner, string? DueDate, int DueInWorkingDays, string? IdempotencyKey = null, string? RequestHash = null);

public sealed record CompleteRectificationTask(string TaskId, long ExpectedVersion, string Note, IReadOnlyList<Attachment> Evidence);

public sealed record RecordReview(string ReviewId, long ExpectedVersion, Performance Performance, string Opinion);

public sealed record ApproveContinuedUse(string ReviewId, long ExpectedVersion, string ApprovedBy, string ApprovalReference);
