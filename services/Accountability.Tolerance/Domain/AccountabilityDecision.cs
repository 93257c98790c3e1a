using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// The accountability decision (问责决定) for one target of a matter: its forms (问责条例 Art.8),
/// whether nothing counts against the target, the tolerance outcome that shaped it, the filings in
/// the dossier, the organisational handling (组织处理, due within a month) and an appeal.
/// </summary>
public sealed class AccountabilityDecision : IHasDeadlines
{
    public static readonly CollectionDefinition<AccountabilityDecision> Collection = new(
        "decisions",
        IndexDefinition.On("ix_decided", "decidedAt"),
        IndexDefinition.On("ix_matter_decided", "matterId", "decidedAt"),
        IndexDefinition.On("ix_department_decided", "department", "decidedAt"),
        IndexDefinition.On("ix_cadre_decided", "cadreId", "decidedAt"),
        IndexDefinition.On("ix_status_decided", "status", "decidedAt"),
        IndexDefinition.On("ix_appeal_decided", "appealDecidedAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string MatterId { get; init; }

    public required string TargetId { get; init; }

    public required TargetKind TargetKind { get; init; }

    public CadreInfo? Cadre { get; init; }

    public string? CadreId { get; init; }

    public string? OrganisationName { get; init; }

    public string? Department { get; init; }

    public required List<FormRecord> Forms { get; init; }

    /// <summary>Nothing counts against the target: no forms (不予问责, 免予问责).</summary>
    public bool Exempted => Forms.Count == 0;

    public ToleranceOutcome? ToleranceOutcome { get; init; }

    public string? ApplicationId { get; init; }

    public required string Basis { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    /// <summary>YYYY-MM-DD: impact periods run from approval.</summary>
    public required string ApprovedOn { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }

    public required string DecidedBy { get; init; }

    public DecisionStatus Status { get; set; }

    public string? SupersedesDecisionId { get; init; }

    public string? SupersededByDecisionId { get; set; }

    public List<Filing> Filings { get; init; } = [];

    public string? HandlingCompletedOn { get; set; }

    public Appeal? Appeal { get; set; }

    /// <summary>When the appeal was decided (statistics by period).</summary>
    public DateTimeOffset? AppealDecidedAt { get; set; }

    /// <summary>The continued-use review opened for a cadre's impact period.</summary>
    public string? ReviewId { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }

    public List<Step> Steps { get; init; } = [];

    public DateTimeOffset LastUpdateAt { get; set; }
}

/// <summary>One form of a decision as the forms table gave it when decided.</summary>
public sealed class FormRecord
{
    public required string Kind { get; init; }

    public required string Name { get; init; }

    public required string Track { get; init; }

    public required int Form { get; init; }

    /// <summary>YYYY-MM-DD, set when the form carries an impact period.</summary>
    public string? ImpactStartsOn { get; init; }

    public int ImpactMonths { get; init; }

    public bool OrganisationalHandling { get; init; }
}

/// <summary>An appeal (申诉) against the decision; the decision stays in force meanwhile (§6.1).</summary>
public sealed class Appeal
{
    public required string AppealId { get; init; }

    public required string Appellant { get; init; }

    public required string FiledOn { get; init; }

    public required string Grounds { get; init; }

    public required string DueOn { get; init; }

    /// <summary>YYYY-MM-DD: the day the decision was notified to the appellant; the period ran from it.</summary>
    public string? NotifiedOn { get; init; }

    /// <summary>YYYY-MM-DD: the last day of the appeal period.</summary>
    public string? LastDay { get; init; }

    public AppealResult Result { get; set; }

    public string? Reason { get; set; }

    public string? DecidedOn { get; set; }

    public string? DecidedBy { get; set; }

    public string? AmendedDecisionId { get; set; }
}
