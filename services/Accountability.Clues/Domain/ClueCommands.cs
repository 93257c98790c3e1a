namespace Accountability.Clues.Domain;

public sealed record RegisterClue(
    string IdempotencyKey,
    ClueSource Source,
    string SourceReference,
    IReadOnlyList<ClueSubject> Subjects,
    string Summary,
    IReadOnlyList<Discipline> Disciplines,
    DateTimeOffset? ReceivedAt,
    string RequestHash);

public sealed record RegisterResult(Clue Clue, bool Replayed);

public sealed record DecideDisposal(string ClueId, DisposalMethod Method, CollectiveDecision? Decision, string Reason, long ExpectedVersion);

public sealed record SubjectMeasure(int SubjectIndex, OutcomeKind Kind);

public sealed record ReportInquiry(
    string ClueId,
    InquiryProposal Proposal,
    bool ReplyUntruthful,
    string Findings,
    IReadOnlyList<SubjectMeasure> Measures,
    string? ClearanceLetterReference,
    string Approver,
    long ExpectedVersion);

public sealed record PlanVerification(string ClueId, IReadOnlyList<string> Team, string PlanReference, string Approver, long ExpectedVersion);

public sealed record ReportVerification(string ClueId, VerificationOutcome Outcome, string ReportReference, IReadOnlyList<string> SignedBy, string Approver, long ExpectedVersion);

public sealed record RecordOutcome(string ClueId, int SubjectIndex, OutcomeKind Kind, string DecidedOn, string ApprovedOn, string? CaseCategory, long ExpectedVersion, int? TermMonths = null);

public sealed record RecordFalseAccusation(string ClueId, string Findings, string ApprovingOrganId, string Approver, long ExpectedVersion);

/// <summary>A proposal of accountability; with an idempotency key a repeat (same <paramref name="RequestHash"/>) returns the clue without proposing again.</summary>
public sealed record ProposeAccountability(
    string ClueId,
    IReadOnlyList<int> SubjectIndexes,
    string Facts,
    string DutyBreached,
    string? ProposedForm,
    long ExpectedVersion,
    string? IdempotencyKey = null,
    string? RequestHash = null);
