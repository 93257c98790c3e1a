using System.Text.Json;
using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Contracts.Petitions;
using Accountability.Contracts.Talks;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Turns an event of another service into its dossier entry, and adds it to a batch unless the
/// fact is already recorded. The consumers and the rebuild's replay both go through
/// <see cref="RecordAsync"/>, so a dossier built live and one rebuilt from the exports are made
/// by the same code.
/// </summary>
public sealed class DossierRecorder(IDocumentStore store, CadreDirectory directory, IOptions<DeadlineOptions> deadlineOptions)
{
    /// <summary>The event types a dossier is built from, each with the service that publishes it.</summary>
    public static readonly IReadOnlyDictionary<Type, string> Sources = new Dictionary<Type, string>
    {
        [typeof(PetitionRegistered)] = "petitions",
        [typeof(PetitionScreened)] = "petitions",
        [typeof(PetitionClosed)] = "petitions",
        [typeof(ClueRegistered)] = "clues",
        [typeof(ClueStageChanged)] = "clues",
        [typeof(ClueConcluded)] = "clues",
        [typeof(FalseAccusationFound)] = "clues",
        [typeof(OutcomeDecided)] = "clues",
        [typeof(TalkHeld)] = "talks",
        [typeof(CommitmentLetterReceived)] = "talks",
        [typeof(AdmonishmentConcluded)] = "talks",
        [typeof(AppointmentPostponementRecommended)] = "talks",
        [typeof(AccountabilityMatterOpened)] = "tolerance",
        [typeof(ToleranceApplied)] = "tolerance",
        [typeof(ToleranceDecided)] = "tolerance",
        [typeof(AccountabilityDecided)] = "tolerance",
        [typeof(AppealDecided)] = "tolerance",
        [typeof(ContinuedUseApproved)] = "tolerance",
        [typeof(DecisionFiled)] = "tolerance",
    };

    /// <summary>Records the event into every generation being written (the current one, and a rebuild's).</summary>
    public async Task RecordAsync(object message, WriteBatch batch, CancellationToken ct)
    {
        var state = await store.GetAsync(DossierState.Collection, DossierState.SingletonId, ct);
        foreach (var generation in state?.Targets ?? [1L])
        {
            await RecordAsync(message, generation, state?.Generation, batch, ct);
        }
    }

    /// <summary>
    /// Records the event into one generation; a fact already there (or already in the batch) changes
    /// nothing. When the fact is already in <paramref name="resolvedIn"/> (the generation read now),
    /// its people are taken from there, not resolved again against today's directory: who a
    /// mention was resolved to when it was recorded is part of the record, so a rebuild after a
    /// transfer or a namesake's arrival gives the same dossiers.
    /// </summary>
    public async Task RecordAsync(object message, long generation, long? resolvedIn, WriteBatch batch, CancellationToken ct, DateTimeOffset? committedAt = null)
    {
        var draft = await DraftAsync(message, ct);
        var id = DossierEntry.IdFor(generation, draft.FactKey);
        if (batch.Writes.Any(w => w.Document.Id == id && w.Collection.Name == DossierEntry.Collection.Name)
            || await store.GetAsync(DossierEntry.Collection, id, ct) is not null)
        {
            return;
        }

        if (resolvedIn is { } earlier && earlier != generation
            && await store.GetAsync(DossierEntry.Collection, DossierEntry.IdFor(earlier, draft.FactKey), ct) is { } recorded)
        {
            draft = draft with { CadreKeys = recorded.CadreKeys };
            committedAt = recorded.RecordedAt;
        }

        var type = message.GetType();
        var (storedType, json) = Stored(message, draft);
        batch.Insert(DossierEntry.Collection, new DossierEntry
        {
            Id = id,
            Generation = generation,
            FactKey = draft.FactKey,
            Kind = draft.Kind,
            Source = Sources[type],
            OccurredAt = draft.OccurredAt,
            RecordedAt = committedAt ?? batch.Now,
            CadreKeys = draft.CadreKeys.Distinct().ToList(),
            HasUnmatched = draft.CadreKeys.Any(Mentions.IsUnmatched),
            Refs = draft.Refs.OfType<string>().Distinct().ToList(),
            Summary = draft.Summary,
            MessageType = storedType,
            Payload = json,
        });
    }

    /// <summary>
    /// What is stored instead of a PetitionRegistered event: a petition's register entry carries more
    /// than a dossier needs (whether it was named, its register number), so only this service's own
    /// projection is kept.
    /// </summary>
    public sealed record PetitionMention(string PetitionId, IReadOnlyList<string> AccusedKeys, IReadOnlyList<string> Disciplines, string ReceivedOn);

    /// <summary>The stored type name of <see cref="PetitionMention"/>.</summary>
    public const string PetitionMentionType = "urn:message:accountability:casefiles:petition-mention:v1";

    private sealed record Draft(string FactKey, EntryKind Kind, DateTimeOffset OccurredAt, IReadOnlyList<string> CadreKeys, IReadOnlyList<string?> Refs, string Summary);

    /// <summary>The type name and JSON an entry keeps of its event.</summary>
    private (string Type, string Json) Stored(object message, Draft draft) => message switch
    {
        PetitionRegistered e => (PetitionMentionType, JsonSerializer.Serialize(
            new PetitionMention(e.PetitionId, draft.CadreKeys.Distinct().ToList(), e.Disciplines.ToList(), DossierAnalyzer.Format(DateOnly.FromDateTime(e.ReceivedAt.ToOffset(Offset).DateTime))),
            ContractJson.Options)),
        _ => (MessageUrn.ForTypeString(message.GetType()), JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options)),
    };

    private TimeSpan Offset => TimeSpan.FromHours(deadlineOptions.Value.UtcOffsetHours);

    private async Task<Draft> DraftAsync(object message, CancellationToken ct) => message switch
    {
        // A petition: the day it was received, who it accuses and what about; not whether it was named.
        PetitionRegistered e => new(
            $"petitions:petition:{e.PetitionId}", EntryKind.Petition, DayStart(DossierAnalyzer.Format(DateOnly.FromDateTime(e.ReceivedAt.ToOffset(Offset).DateTime))), await KeysAsync(e.Accused, ct),
            [$"petition:{e.PetitionId}", e.RepeatOfPetitionId is null ? null : $"petition:{e.RepeatOfPetitionId}"],
            $"收到信访举报，反映{string.Join("、", e.Disciplines.Select(Chinese.Discipline))}问题" + (e.RepeatOfPetitionId is null ? "" : "（重复举报）")),
        PetitionScreened e => new(
            $"petitions:screened:{e.PetitionId}:{e.ScreenedAt.UtcTicks}", EntryKind.PetitionScreened, e.ScreenedAt, [], [$"petition:{e.PetitionId}"],
            $"信访举报经筛查：{Chinese.Screening(e.Outcome)}"),
        PetitionClosed e => new(
            $"petitions:closed:{e.PetitionId}:{e.ClosedAt.UtcTicks}", EntryKind.PetitionClosed, e.ClosedAt, [], [$"petition:{e.PetitionId}"], "信访举报办结"),
        ClueRegistered e => new(
            $"clues:clue:{e.ClueId}", EntryKind.ClueRegistered, e.RegisteredAt, await KeysAsync(e.Subjects ?? [], ct),
            [$"clue:{e.ClueId}", e.PetitionId is null ? null : $"petition:{e.PetitionId}"],
            $"登记问题线索 {e.LedgerNumber}（来源：{Chinese.ClueSource(e.Source)}）"),
        ClueStageChanged e => new(
            $"clues:stage:{e.ClueId}:{e.Step}", EntryKind.ClueStage, e.ChangedAt, await KeysAsync(e.Subjects, ct), [$"clue:{e.ClueId}"],
            $"问题线索进入{Chinese.Stage(e.Stage)}阶段"),
        ClueConcluded e => new(
            $"clues:concluded:{e.ClueId}", EntryKind.ClueConcluded, e.ConcludedAt, [], [$"clue:{e.ClueId}", e.PetitionId is null ? null : $"petition:{e.PetitionId}"],
            $"问题线索办结：{Chinese.Conclusion(e.Result)}"),
        FalseAccusationFound e => new(
            $"clues:false-accusation:{e.ClueId}", EntryKind.FalseAccusation, e.FoundAt, [], [$"clue:{e.ClueId}"], "经查系诬告陷害，予以澄清正名"),
        OutcomeDecided e => new(
            $"clues:outcome:{e.OutcomeId}", EntryKind.Outcome, DayStart(e.DecidedOn), [await KeyAsync(e.Subject, ct)], [$"clue:{e.ClueId}", $"outcome:{e.OutcomeId}"],
            $"{Chinese.Measure(e.Kind)}（第{Chinese.Number(e.Form)}种形态，{e.ApprovedOn}批准）" + (e.CaseCategory is null ? "" : $"，案件类别：{e.CaseCategory}")),
        TalkHeld e => new(
            $"talks:held:{e.TalkId}", EntryKind.Talk, e.HeldAt, await ParticipantKeysAsync(e.PresentCadreIds.Concat(e.AbsentCadreIds), ct),
            [$"talk:{e.TalkId}", e.ClueId is null ? null : $"clue:{e.ClueId}"],
            $"{Chinese.Talk(e.Kind)}（到场{e.PresentCadreIds.Count}人" + (e.AbsentCadreIds.Count > 0 ? $"，缺席{e.AbsentCadreIds.Count}人）" : "）")),
        CommitmentLetterReceived e => new(
            $"talks:commitment:{e.TalkId}:{e.CadreId}", EntryKind.CommitmentLetter, e.ReceivedAt, [await directory.KeyOfParticipantAsync(e.CadreId, ct)], [$"talk:{e.TalkId}"], "签订廉政承诺书"),
        AdmonishmentConcluded e => new(
            $"talks:admonishment:{e.TalkId}:{e.CadreId}", EntryKind.Admonishment, e.ConcludedAt, [await directory.KeyOfParticipantAsync(e.CadreId, ct)],
            [$"talk:{e.TalkId}", e.ClueId is null ? null : $"clue:{e.ClueId}", e.OutcomeId is null ? null : $"outcome:{e.OutcomeId}"],
            $"诫勉完成备案，影响期自{e.ImpactStartDate}起{e.ImpactMonths}个月"),
        AppointmentPostponementRecommended e => new(
            $"talks:postponement:{e.TalkId}:{e.CadreId}", EntryKind.AppointmentPostponement, e.RecordedAt, [await directory.KeyOfParticipantAsync(e.CadreId, ct)], [$"talk:{e.TalkId}"],
            $"任前廉政测试补考未通过（{e.Score}分，合格线{e.PassMark}分），建议暂缓任用"),
        AccountabilityMatterOpened e => new(
            $"tolerance:matter:{e.MatterId}", EntryKind.AccountabilityMatter, e.OpenedAt, await KeysAsync(e.Targets.Select(t => t.Cadre).OfType<AccusedPersonInfo>(), ct),
            [$"matter:{e.MatterId}", e.ClueId is null ? null : $"clue:{e.ClueId}"], $"启动问责调查（来源：{e.Source}）"),
        ToleranceApplied e => new(
            $"tolerance:applied:{e.ApplicationId}", EntryKind.ToleranceApplied, e.FiledAt, e.Cadre is null ? [] : [await KeyAsync(e.Cadre, ct)], [$"matter:{e.MatterId}"], "提出容错纠错申请"),
        ToleranceDecided e => new(
            $"tolerance:decided:{e.ApplicationId}", EntryKind.ToleranceDecided, e.DecidedAt, e.Cadre is null ? [] : [await KeyAsync(e.Cadre, ct)], [$"matter:{e.MatterId}"],
            $"容错纠错认定：{Chinese.Tolerance(e.Outcome)}"),
        AccountabilityDecided e => new(
            $"tolerance:decision:{e.DecisionId}", EntryKind.AccountabilityDecided, e.DecidedAt, e.Target.Cadre is null ? [] : [await KeyAsync(e.Target.Cadre, ct)],
            [$"matter:{e.MatterId}", $"decision:{e.DecisionId}", e.SupersedesDecisionId is null ? null : $"decision:{e.SupersedesDecisionId}"],
            e.Exempted ? "问责决定：免予（不予）问责" : $"问责决定：{string.Join("、", e.Forms.Select(f => Chinese.Measure(f.Kind)))}"),
        AppealDecided e => new(
            $"tolerance:appeal:{e.AppealId}", EntryKind.AppealDecided, e.DecidedAt, [], [$"matter:{e.MatterId}", $"decision:{e.DecisionId}"], $"问责申诉复查：{Chinese.Appeal(e.Result)}"),
        ContinuedUseApproved e => new(
            $"tolerance:continued-use:{e.ReviewId}", EntryKind.ContinuedUse, e.ApprovedAt, [await KeyAsync(e.Cadre, ct)], [$"matter:{e.MatterId}", $"decision:{e.DecisionId}"],
            "影响期满后经考核表现突出，可继续使用"),
        DecisionFiled e => new(
            $"tolerance:filed:{e.FilingId}", EntryKind.DecisionFiled, e.FiledAt, e.Cadre is null ? [] : [await KeyAsync(e.Cadre, ct)],
            [$"matter:{e.MatterId}", e.DecisionId is null ? null : $"decision:{e.DecisionId}"], e.FiledWith == "org_dept" ? "决定报组织部门备案" : "决定报同级党委备案"),
        _ => throw new InvalidOperationException($"{message.GetType().Name} is not an event the dossiers record."),
    };

    /// <summary>A date of an event (YYYY-MM-DD) as the instant it began in China Standard Time.</summary>
    private DateTimeOffset DayStart(string date)
    {
        var offset = TimeSpan.FromHours(deadlineOptions.Value.UtcOffsetHours);
        return new DateTimeOffset(DeadlineClock.Parse(date).ToDateTime(TimeOnly.MinValue), offset);
    }

    private Task<string> KeyAsync(AccusedPersonInfo person, CancellationToken ct) => directory.KeyOfAsync(person, ct);

    private async Task<IReadOnlyList<string>> KeysAsync(IEnumerable<AccusedPersonInfo> people, CancellationToken ct)
    {
        var keys = new List<string>();
        foreach (var person in people)
        {
            keys.Add(await directory.KeyOfAsync(person, ct));
        }

        return keys;
    }

    private async Task<IReadOnlyList<string>> ParticipantKeysAsync(IEnumerable<string> ids, CancellationToken ct)
    {
        var keys = new List<string>();
        foreach (var id in ids)
        {
            keys.Add(await directory.KeyOfParticipantAsync(id, ct));
        }

        return keys;
    }
}
