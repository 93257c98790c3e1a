using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Talks.Domain;

/// <summary>
/// A talk (谈话) as the service keeps it: its kind, participants, slot, record, follow-ups and
/// every step with its signer (shared/domain.md §5; the 诫勉 record of [S59]).
/// </summary>
public sealed class Talk : IHasDeadlines
{
    public static readonly CollectionDefinition<Talk> Collection = new(
        "talks",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.On("ix_requested", "requestedAt"),
        IndexDefinition.On("ix_kind_requested", "kind", "requestedAt"),
        IndexDefinition.On("ix_status_requested", "status", "requestedAt"),
        IndexDefinition.On("ix_department_requested", "department", "requestedAt"),
        IndexDefinition.On("ix_department_start", "department", "start"),
        IndexDefinition.On("ix_start", "start"),
        IndexDefinition.On("ix_held", "heldAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"),
        IndexDefinition.On("ix_next_obligation", "nextObligationDate"),
        IndexDefinition.On("ix_clue", "clueId"),
        IndexDefinition.MultikeyOn("mk_talkers", "talkers"),
        IndexDefinition.MultikeyOn("mk_participants", "participantCadreIds"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>Keyed hash of caller and idempotency key; "request:" + a Clues request id; "makeup:" + talk and cadre.</summary>
    public required string IdempotencyScope { get; init; }

    public string? RequestHash { get; init; }

    public required TalkKind Kind { get; init; }

    public TalkStatus Status { get; set; }

    public string Reason { get; init; } = "";

    /// <summary>
    /// The department whose handlers work the talk (the token's "dept" claim); null for talks only
    /// supervisors, auditors and administrators see (requests from the Clues service, whose
    /// contract carries no department).
    /// </summary>
    public string? Department { get; init; }

    public List<Participant> Participants { get; set; } = [];

    /// <summary>The participants' ids, for "talks of this cadre".</summary>
    public List<string> ParticipantCadreIds { get; set; } = [];

    public DateTimeOffset? Start { get; set; }

    public DateTimeOffset? End { get; set; }

    public string? Place { get; set; }

    public List<string> Talkers { get; set; } = [];

    public string? NoteTaker { get; set; }

    /// <summary>YYYY-MM-DD, the day the reminder fires while the talk is scheduled.</summary>
    public string? RemindOn { get; set; }

    public string? ClueId { get; init; }

    public string? RequestId { get; init; }

    public string? OutcomeId { get; init; }

    /// <summary>Talkers the requester proposed (the Clues service's request).</summary>
    public List<string> ProposedTalkers { get; init; } = [];

    public string? MakeUpOf { get; init; }

    public List<string> MakeUpTalkIds { get; init; } = [];

    public string? Summary { get; set; }

    public string? Statement { get; set; }

    public List<Signature> Signatures { get; set; } = [];

    public List<Attachment> Attachments { get; set; } = [];

    public List<FollowUp> FollowUps { get; init; } = [];

    public List<Filing> Filings { get; init; } = [];

    public List<TestResult> TestResults { get; init; } = [];

    public DateTimeOffset? AdmonishmentConcludedAt { get; set; }

    public string? MissedReason { get; set; }

    public string? CancelReason { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }

    /// <summary>The earliest open due date of real work (schedule-by, follow-ups), not the reminder: what "overdue" lists.</summary>
    public string? NextObligationDate { get; set; }

    public List<Step> Steps { get; init; } = [];

    public required DateTimeOffset RequestedAt { get; init; }

    public DateTimeOffset? HeldAt { get; set; }

    public DateTimeOffset LastUpdateAt { get; set; }

    public int OutstandingFollowUps => FollowUps.Count(f => f.ReceivedAt is null);

    /// <summary>
    /// 诫勉: every cadre present at the talk has a countersigned written explanation (§5: each
    /// subject's own explanation, signed by their own principal leader), and there is at least one.
    /// </summary>
    public bool ExplanationCountersigned =>
        Participants.Any(p => p.Present == true) && Participants.Where(p => p.Present == true).All(p => HasCountersignedExplanation(p.CadreId));

    public bool HasCountersignedExplanation(string cadreId) =>
        FollowUps.Any(f => f.CadreId == cadreId && f.Kind == FollowUpKind.WrittenExplanation && f.Countersignature is not null);

    public bool FilingsComplete =>
        Filings.Any(f => f.Recipient == FilingRecipient.UpperDisciplineCommission) && Filings.Any(f => f.Recipient == FilingRecipient.OrganisationDepartment);

    public void RefreshObligations() =>
        NextObligationDate = Deadlines.Where(d => d.MetAt is null && d.Kind != TalkDeadlines.Reminder)
            .Select(d => d.DueDate).Order(StringComparer.Ordinal).FirstOrDefault();
}

public sealed class Participant
{
    public required string CadreId { get; init; }

    public required string Name { get; init; }

    /// <summary>Null until attendance is recorded.</summary>
    public bool? Present { get; set; }
}

/// <summary>Who signed the record, or countersigned an explanation, and when.</summary>
public sealed class Signature
{
    public required string Who { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>One follow-up document owed by one cadre after the talk.</summary>
public sealed class FollowUp
{
    public required string Id { get; init; }

    public required FollowUpKind Kind { get; init; }

    public required string CadreId { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }

    public DateTimeOffset? ReceivedAt { get; set; }

    public string? Reference { get; set; }

    /// <summary>诫勉: the cadre's principal leader signed the written explanation (§5).</summary>
    public Signature? Countersignature { get; set; }

    public string DeadlineKind => TalkDeadlines.FollowUpPrefix + Id;
}

public sealed class Filing
{
    public required FilingRecipient Recipient { get; init; }

    public required string FiledBy { get; init; }

    public required DateTimeOffset FiledAt { get; init; }
}

/// <summary>A cadre's pre-appointment integrity test (任前廉政测试): the first score, then resits.</summary>
public sealed class TestResult
{
    public required string CadreId { get; init; }

    public List<int> Attempts { get; init; } = [];

    public bool Passed { get; set; }

    public bool PostponementRecommended { get; set; }
}

/// <summary>One step of the talk, signed by whoever took it.</summary>
public sealed class Step
{
    public required DateTimeOffset At { get; init; }

    public required TalkStatus From { get; init; }

    public required TalkStatus To { get; init; }

    public required string Action { get; init; }

    public required string SignedBy { get; init; }

    public required string Role { get; init; }

    public string Note { get; init; } = "";
}
