using Accountability.Platform.Deadlines;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.Petitions.Domain;

/// <summary>
/// A petition or report (信访举报件) as stored. The reporter's identity is only ever held here,
/// encrypted (<see cref="Reporter"/>); lookups go through keyed hashes.
/// </summary>
public sealed class Petition : IHasDeadlines
{
    public static readonly CollectionDefinition<Petition> Collection = new(
        "petitions",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.UniqueOn("ux_receipt", "receiptCodeHash"),
        IndexDefinition.On("ix_received", "receivedAt"),
        IndexDefinition.On("ix_status_received", "status", "receivedAt"),
        IndexDefinition.On("ix_channel_received", "channel", "receivedAt"),
        IndexDefinition.On("ix_level_received", "primaryLevel", "receivedAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"),
        IndexDefinition.On("ix_accepted", "acceptedAt"),
        IndexDefinition.On("ix_routed", "routedAt"),
        IndexDefinition.On("ix_repeat_of", "repeatOf"),
        IndexDefinition.MultikeyOn("mk_accused_keys", "accusedKeys"),
        IndexDefinition.MultikeyOn("mk_disciplines", "disciplines"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string OrganId { get; init; }

    /// <summary>XF-year-number of the gap-free register series; given when the submit takes its turn (PetitionWorkflow).</summary>
    public string RegisterNumber { get; set; } = "";

    /// <summary>Keyed hash of caller and idempotency key.</summary>
    public required string IdempotencyScope { get; init; }

    /// <summary>Hash of the request, to refuse an idempotency key reused for different content.</summary>
    public required string RequestHash { get; init; }

    public required string ReceiptCodeHash { get; init; }

    public required Channel Channel { get; init; }

    public required PetitionKind Kind { get; init; }

    /// <summary>Named (实名): an identity with a name or unit and a contact, not refuted by the clerk's verification.</summary>
    public required bool Named { get; set; }

    /// <summary>The identity given is complete enough to be named, whatever verification found.</summary>
    public bool IdentityComplete { get; init; }

    public Jurisdiction Jurisdiction { get; init; }

    public bool FalseAccusation { get; set; }

    /// <summary>The result feedback given (结果反馈); an anonymous reporter reads it with the receipt code.</summary>
    public string? FeedbackSummary { get; set; }

    public EncryptedValue? Reporter { get; init; }

    public bool ReporterVerified { get; set; }

    public string? VerificationMethod { get; set; }

    public required List<AccusedPerson> Accused { get; init; }

    /// <summary>Match keys of the accused (cadre id, normalised name and unit), for repeat detection.</summary>
    public required List<string> AccusedKeys { get; init; }

    /// <summary>Level of the first accused person: the figure the period report shares by.</summary>
    public required Level PrimaryLevel { get; init; }

    public required string Facts { get; init; }

    public required List<Discipline> Disciplines { get; init; }

    public required List<Attachment> Attachments { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }

    public string? SourceOrganId { get; init; }

    public PetitionStatus Status { get; set; }

    public string? RepeatOf { get; set; }

    public string? RepeatOverrideReason { get; set; }

    public ScreeningRecord? Screening { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? RoutedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    /// <summary>Earliest open deadline (YYYY-MM-DD), null when none is open; "overdue" queries use it.</summary>
    public string? NextDueDate { get; set; }

    /// <summary>The day the next deadline alert falls due; the deadline monitor scans it.</summary>
    public string? NextAlertDate { get; set; }

    public List<ClueProposalEntry> ClueProposals { get; init; } = [];

    public int ProposedClueCount { get; set; }

    public List<ReporterMessage> ReporterMessages { get; init; } = [];

    public List<Attachment> NewEvidence { get; init; } = [];

    public List<StatusChange> History { get; init; } = [];

    public DateTimeOffset LastUpdateAt { get; set; }
}

public sealed class AccusedPerson
{
    public required string Name { get; init; }

    public string Unit { get; init; } = "";

    public string Post { get; init; } = "";

    public required Level Level { get; init; }

    public string? CadreId { get; init; }

    public bool IsOrganPrincipal { get; init; }
}

public sealed class ScreeningRecord
{
    public required ScreeningOutcome Outcome { get; init; }

    public required string Reason { get; init; }

    public string? TargetOrganId { get; init; }

    public required string ScreenedBy { get; init; }

    public required DateTimeOffset ScreenedAt { get; init; }

    public bool DirectToUpper { get; init; }
}

public sealed class ClueProposalEntry
{
    public required string ProposalId { get; init; }

    public required string Summary { get; init; }

    public required List<int> AccusedIndexes { get; init; }

    public required List<Discipline> Disciplines { get; init; }

    public ClueProposalStatus Status { get; set; } = ClueProposalStatus.Proposed;

    public string? ClueId { get; set; }

    public string? Result { get; set; }
}

public sealed class ReporterMessage
{
    public required DateTimeOffset At { get; init; }

    public required string Text { get; init; }

    public List<Attachment> Attachments { get; init; } = [];
}

public sealed class StatusChange
{
    public required DateTimeOffset At { get; init; }

    public required PetitionStatus From { get; init; }

    public required PetitionStatus To { get; init; }

    public required string By { get; init; }

    public string Reason { get; init; } = "";
}
