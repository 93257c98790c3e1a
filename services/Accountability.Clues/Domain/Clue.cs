using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Clues.Domain;

/// <summary>
/// A problem clue (问题线索) as the ledger (线索台账) holds it: its subjects, source, disposal,
/// every step with its signer (监督执纪规则 Art.23, shared/domain.md §3.1), deadlines and outcomes.
/// </summary>
public sealed class Clue : IHasDeadlines
{
    public static readonly CollectionDefinition<Clue> Collection = new(
        "clues",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.UniqueOn("ux_ledger_number", "ledgerNumber"),
        IndexDefinition.On("ix_registered", "registeredAt"),
        IndexDefinition.On("ix_status_registered", "status", "registeredAt"),
        IndexDefinition.On("ix_source_registered", "source", "registeredAt"),
        IndexDefinition.On("ix_department_registered", "department", "registeredAt"),
        IndexDefinition.On("ix_disposal_disposed", "disposal", "disposedAt"),
        IndexDefinition.On("ix_concluded", "concludedAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"),
        IndexDefinition.MultikeyOn("mk_subject_cadres", "subjectCadreIds"),
        IndexDefinition.MultikeyOn("mk_proposal_scopes", "proposalScopes"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>The organ the clue came from: this instance's organ, or the organ of the proposing petition.</summary>
    public required string OrganId { get; init; }

    /// <summary>XS-{year}-{n:D6}, numbered per year under the organ whose ledger this is (<see cref="CluesOptions.OrganId"/>), whatever organ the clue came from; given when the registration takes its turn (<see cref="ClueWorkflow.CommitNewAsync"/>).</summary>
    public string LedgerNumber { get; set; } = "";

    /// <summary>Keyed hash of caller and idempotency key, or "proposal:" + the petition's proposal id.</summary>
    public required string IdempotencyScope { get; init; }

    /// <summary>Hash of the registering request, to refuse an idempotency key reused for other content.</summary>
    public string? RequestHash { get; init; }

    public required ClueSource Source { get; init; }

    public string SourceReference { get; init; } = "";

    public string? PetitionId { get; init; }

    public string? ProposalId { get; init; }

    public required List<ClueSubject> Subjects { get; init; }

    /// <summary>The subjects' directory ids, for "clues about this cadre".</summary>
    public required List<string> SubjectCadreIds { get; init; }

    public required string Summary { get; init; }

    public required List<Discipline> Disciplines { get; init; }

    /// <summary>A subject is a key official: the clue and its disposal go to the upper organ (Art.22).</summary>
    public bool ReportToUpper { get; set; }

    public string? Department { get; set; }

    public string? Handler { get; set; }

    public ClueStatus Status { get; set; }

    public DisposalMethod Disposal { get; set; }

    public DateTimeOffset? DisposedAt { get; set; }

    public CollectiveDecision? CollectiveDecision { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }

    public List<Step> Steps { get; init; } = [];

    public List<Outcome> Outcomes { get; init; } = [];

    /// <summary>The result code of the conclusion ("closed", "accepted_and_closed", "first_form", ...).</summary>
    public string? Conclusion { get; set; }

    public DateTimeOffset? ConcludedAt { get; set; }

    /// <summary>The inquiry reply was judged untruthful (对抗组织审查): aggravation for later outcomes.</summary>
    public bool ReplyUntruthful { get; set; }

    public List<string> VerificationTeam { get; set; } = [];

    public string? VerificationPlanReference { get; set; }

    public List<string> VerificationMeasures { get; init; } = [];

    public bool VerificationExtended { get; set; }

    public int InquiryRounds { get; set; }

    /// <summary>
    /// The request id of the inquiry talk last asked of the Talks service (RequestInquiryTalk):
    /// only its results move the clue; a result of an earlier request changes nothing.
    /// </summary>
    public string? PendingTalkRequestId { get; set; }

    /// <summary>The Talks service's not-held notices already recorded ("talk|reason|ticks"), so a copy under another message id adds no step.</summary>
    public List<string> TalkNotices { get; init; } = [];

    public bool FalseAccusation { get; set; }

    /// <summary>The accountability proposals made on the clue (问责建议), each subject at most once.</summary>
    public List<AccountabilityProposal> AccountabilityProposals { get; init; } = [];

    /// <summary>The idempotency scopes of the proposals that named a key, for "which clue holds this key".</summary>
    public List<string> ProposalScopes { get; init; } = [];

    public string? FalseAccusationApprovingOrganId { get; set; }

    public DateTimeOffset? CaseFiledAt { get; set; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public DateTimeOffset LastUpdateAt { get; set; }

    public bool VerificationPlanned => VerificationTeam.Count > 0;
}

/// <summary>An accountability proposal sent to the Tolerance service (AccountabilityProposed).</summary>
public sealed class AccountabilityProposal
{
    public required string ProposalId { get; init; }

    public required List<int> SubjectIndexes { get; init; }

    public string? ProposedForm { get; init; }

    /// <summary>Keyed hash of caller and idempotency key, when the request named one.</summary>
    public string? IdempotencyScope { get; init; }

    public string? RequestHash { get; init; }

    public required DateTimeOffset ProposedAt { get; init; }

    public required string ProposedBy { get; init; }
}

public sealed class ClueSubject
{
    public required string Name { get; init; }

    public string Unit { get; init; } = "";

    public string Post { get; init; } = "";

    public required Level Level { get; init; }

    public string? CadreId { get; init; }

    public KeyOfficial KeyOfficial { get; set; } = KeyOfficial.None;

    public bool IsKeyOfficial => KeyOfficial is not (KeyOfficial.None or KeyOfficial.Unspecified);

    /// <summary>Who the subject is across clues: the directory id, or the normalised name and unit.</summary>
    public string Key => CadreId is { Length: > 0 } id ? "cadre:" + id : "name:" + Normalise(Name) + "|" + Normalise(Unit);

    private static string Normalise(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();
}

/// <summary>The clue-review meeting (集体研究) behind a disposal (检举控告规则 Art.17).</summary>
public sealed class CollectiveDecision
{
    /// <summary>YYYY-MM-DD.</summary>
    public required string MeetingDate { get; init; }

    public required List<string> Attendees { get; init; }

    public required string Approver { get; init; }
}

/// <summary>One step of the clue, signed by whoever took it (经手人签名).</summary>
public sealed class Step
{
    public required DateTimeOffset At { get; init; }

    public required ClueStatus From { get; init; }

    public required ClueStatus To { get; init; }

    /// <summary>snake_case action, e.g. "decide_disposal".</summary>
    public required string Action { get; init; }

    public required string SignedBy { get; init; }

    public required string Role { get; init; }

    public string Note { get; init; } = "";
}
