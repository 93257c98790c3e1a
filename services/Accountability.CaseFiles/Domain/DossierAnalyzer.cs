using System.Globalization;
using System.Text.Json;
using Accountability.Contracts.Clues;
using Accountability.Contracts.Talks;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Messaging;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Derives a dossier from the set of its entries and checks: a pure function, so the order the
/// events arrived in, and how often, cannot change what it says. Impact periods come from the
/// table in <see cref="CaseFilesOptions.ImpactMonths"/> (shared/domain.md §9) on every track at
/// once; an exempted accountability decision (容错: 不予/免予问责), a revoked or superseded one, and
/// one whose cadre was approved for continued use carry none.
/// </summary>
public static class DossierAnalyzer
{
    /// <param name="readKeys">The keys the cadre's own entries are under (<see cref="CadreDirectory.ReadKeysAsync"/>).</param>
    public static DossierView Analyze(Cadre cadre, IReadOnlyCollection<string> readKeys, IReadOnlyCollection<DossierEntry> entries, IReadOnlyCollection<PersonalMattersCheck> checks, DateOnly asOf, TimeSpan utcOffset, CaseFilesOptions options)
    {
        var keys = readKeys.ToHashSet(StringComparer.Ordinal);
        var cutoff = new DateTimeOffset(asOf.AddDays(1).ToDateTime(TimeOnly.MinValue), utcOffset);
        // What was known on asOf: facts that happened and had been recorded by the end of that day.
        var known = entries.Where(e => e.OccurredAt < cutoff && e.RecordedAt < cutoff).DistinctBy(e => e.FactKey).ToList();
        bool Mine(DossierEntry e) => e.CadreKeys.Any(keys.Contains);
        var mine = known.Where(Mine).ToList();
        var byRef = known.SelectMany(e => e.Refs.Select(r => (Ref: r, Entry: e))).ToLookup(p => p.Ref, p => p.Entry);

        var periods = new List<ImpactPeriodView>();
        var findings = new List<Finding>();
        var open = new List<MatterView>();
        var closed = new List<MatterView>();

        // Clues about the cadre: the stage is the latest step's, a conclusion ends it whenever it arrived.
        // (An outcome's clue is one of them: the Clues service registered it before deciding anything.)
        var clueIds = mine.Where(e => e.Kind is EntryKind.ClueRegistered or EntryKind.ClueStage)
            .SelectMany(e => e.Refs).Where(r => r.StartsWith("clue:", StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal);
        foreach (var clue in clueIds)
        {
            var about = byRef[clue].ToList();
            var concluded = about.Where(e => e.Kind == EntryKind.ClueConcluded).Select(Read<ClueConcluded>).FirstOrDefault();
            var falseAccusation = about.Any(e => e.Kind == EntryKind.FalseAccusation);
            var moves = about.Where(e => e.Kind == EntryKind.ClueStage).Select(Read<ClueStageChanged>).ToList();
            var latest = moves.MaxBy(s => s.Step);
            var label = about.Where(e => e.Kind == EntryKind.ClueRegistered).Select(e => Read<ClueRegistered>(e).LedgerNumber).FirstOrDefault()
                ?? latest?.LedgerNumber ?? clue["clue:".Length..];
            if (concluded is not null || latest?.Stage == "concluded")
            {
                var result = falseAccusation ? "false_accusation" : concluded?.Result ?? "concluded";
                closed.Add(new MatterView(clue, label, "concluded", result));
                findings.Add(falseAccusation
                    ? new Finding("false_accusation_cleared", $"线索{label}", [clue])
                    : new Finding("matter_closed", $"线索{label}（{Chinese.Conclusion(result)}）", [clue]));
                continue;
            }

            var stage = latest?.Stage ?? "registered";
            open.Add(new MatterView(clue, label, stage, ""));
            if (options.DeferStages.Contains(stage))
            {
                findings.Add(new Finding("open_clue", $"线索{label}处于{Chinese.Stage(stage)}阶段", [clue]));
            }
            else if (stage == "held")
            {
                findings.Add(new Finding("held_clue", $"线索{label}", [clue]));
            }
        }

        // Outcomes: sanctions and organisational handling start impact periods; a 诫勉 runs from its
        // completion in the Talks service when that is known, else from its approval.
        var admonishments = mine.Where(e => e.Kind == EntryKind.Admonishment).Select(e => (Entry: e, Event: Read<AdmonishmentConcluded>(e))).ToList();
        foreach (var entry in mine.Where(e => e.Kind == EntryKind.Outcome).OrderBy(e => e.FactKey, StringComparer.Ordinal))
        {
            var outcome = Read<OutcomeDecided>(entry);
            var record = "outcome:" + outcome.OutcomeId;
            if (outcome.Kind == "prosecution_referral")
            {
                findings.Add(new Finding("criminal_referral", $"{outcome.ApprovedOn}", [record]));
            }

            if (outcome.Form == 1 && EndOf(DeadlineClock.Parse(outcome.ApprovedOn), options.RecentFirstFormMonths) > asOf)
            {
                findings.Add(new Finding("recent_first_form", $"{outcome.ApprovedOn}{Chinese.Measure(outcome.Kind)}", [record]));
            }

            if (outcome.Kind == "admonishment" && admonishments.Any(a => a.Event.OutcomeId == outcome.OutcomeId))
            {
                continue;
            }

            AddPeriod(periods, options, TrackOf(outcome.Track, outcome.Kind), outcome.Kind, outcome.ApprovedOn, record, asOf, months: null, termMonths: outcome.TermMonths);
        }

        foreach (var (entry, admonishment) in admonishments.OrderBy(a => a.Entry.FactKey, StringComparer.Ordinal))
        {
            var record = admonishment.OutcomeId is { } outcomeId ? "outcome:" + outcomeId : "talk:" + admonishment.TalkId;
            AddPeriod(periods, options, Track.Admonishment, "admonishment", admonishment.ImpactStartDate, record, asOf, admonishment.ImpactMonths);
        }

        // Accountability (问责) and tolerance (容错).
        var decisions = mine.Where(e => e.Kind == EntryKind.AccountabilityDecided).Select(Read<AccountabilityDecided>).ToList();
        var allDecisions = known.Where(e => e.Kind == EntryKind.AccountabilityDecided).Select(Read<AccountabilityDecided>).ToList();
        var appeals = known.Where(e => e.Kind == EntryKind.AppealDecided).Select(Read<AppealDecided>).ToList();
        var continued = known.Where(e => e.Kind == EntryKind.ContinuedUse).Select(Read<ContinuedUseApproved>).Select(c => c.DecisionId).ToHashSet(StringComparer.Ordinal);
        foreach (var decision in decisions.OrderBy(d => d.DecisionId, StringComparer.Ordinal))
        {
            var record = "decision:" + decision.DecisionId;
            var superseded = allDecisions.Any(d => d.SupersedesDecisionId == decision.DecisionId);
            var revoked = appeals.Any(a => a.DecisionId == decision.DecisionId && a.Result is "revoked" or "amended");
            if (superseded || revoked)
            {
                continue;
            }

            if (decision.Exempted)
            {
                findings.Add(new Finding("exempted_by_tolerance", $"{decision.DecidedOn}{(decision.ToleranceOutcome is { } t ? Chinese.Tolerance(t) : "免予问责")}", [record]));
                continue;
            }

            foreach (var form in decision.Forms.Where(f => f.ImpactStartsOn is not null))
            {
                AddPeriod(periods, options, TrackOf(form.Track, form.Kind), form.Kind, form.ImpactStartsOn!, record, asOf, months: null, released: continued.Contains(decision.DecisionId));
            }
        }

        foreach (var matter in mine.Where(e => e.Kind == EntryKind.AccountabilityMatter).Select(Read<AccountabilityMatterOpened>).OrderBy(m => m.MatterId, StringComparer.Ordinal))
        {
            var record = "matter:" + matter.MatterId;
            var decided = mine.Any(e => e.Kind == EntryKind.AccountabilityDecided && e.Refs.Contains(record));
            if (decided)
            {
                closed.Add(new MatterView(record, matter.MatterId, "decided", "decided"));
            }
            else
            {
                open.Add(new MatterView(record, matter.MatterId, "accountability_pending", ""));
                findings.Add(new Finding("open_accountability_matter", $"问责事项{matter.MatterId}", [record]));
            }
        }

        foreach (var entry in mine.Where(e => e.Kind == EntryKind.AppointmentPostponement))
        {
            var postponement = Read<AppointmentPostponementRecommended>(entry);
            var day = DateOnly.FromDateTime(postponement.RecordedAt.ToOffset(utcOffset).DateTime);
            if (EndOf(day, options.PostponementMonths) > asOf)
            {
                findings.Add(new Finding("appointment_postponed", $"{Format(day)}测试{postponement.Score}分", ["talk:" + postponement.TalkId]));
            }
        }

        // Personal-matters handling (§8): a 诫勉 starts its period from the decision, unless the Talks
        // service reported an admonishment of the cadre concluded on or after that day that belongs to
        // no clue or outcome (then the talk's period counts, once); a 党纪处分 defers until the Clues
        // service records a Party outcome for the cadre decided on or after the handling.
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var check in checks.Where(c => DeadlineClock.Parse(c.CheckedOn) <= asOf).OrderBy(c => c.Year).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            foreach (var handling in check.Handling.Where(h => DeadlineClock.Parse(h.DecidedOn) <= asOf))
            {
                var decided = DeadlineClock.Parse(handling.DecidedOn);
                if (handling.Kind == PersonalMattersHandlingKind.Admonishment)
                {
                    var talk = admonishments
                        .Where(a => a.Event.OutcomeId is null && a.Event.ClueId is null && !claimed.Contains(a.Entry.FactKey) && DeadlineClock.Parse(a.Event.ImpactStartDate) >= decided)
                        .OrderBy(a => a.Event.ImpactStartDate, StringComparer.Ordinal).ThenBy(a => a.Entry.FactKey, StringComparer.Ordinal)
                        .Select(a => a.Entry.FactKey).FirstOrDefault();
                    if (talk is not null)
                    {
                        claimed.Add(talk);
                    }
                    else
                    {
                        AddPeriod(periods, options, Track.Admonishment, "admonishment", handling.DecidedOn, "check:" + check.Id, asOf, months: null);
                    }
                }
                else if (handling.Kind == PersonalMattersHandlingKind.PartySanction
                    && !mine.Any(e => e.Kind == EntryKind.Outcome && Read<OutcomeDecided>(e) is { Track: "party" } o && DeadlineClock.Parse(o.DecidedOn) >= decided))
                {
                    findings.Add(new Finding("party_sanction_pending", $"{check.Year}年度个人有关事项报告查核，{handling.DecidedOn}决定给予党纪处分", ["check:" + check.Id]));
                }
            }
        }

        foreach (var period in periods)
        {
            findings.Add(period.Active
                ? new Finding("impact_period_active", $"{Chinese.Measure(period.Measure)}，{Format(period.StartsOn)}起{period.Months}个月，至{Format(period.EndsOn.AddDays(-1))}" + (period.StartsOn > asOf ? "（尚未开始）" : ""), [period.Record])
                : new Finding("impact_period_ended", $"{Chinese.Measure(period.Measure)}影响期已于{Format(period.EndsOn.AddDays(-1))}届满", [period.Record]));
        }

        var visibleChecks = checks.Where(c => DeadlineClock.Parse(c.CheckedOn) <= asOf).OrderBy(c => c.Year).ThenBy(c => c.Id, StringComparer.Ordinal).ToList();
        foreach (var check in visibleChecks.Where(c => c.Result != PersonalMattersResult.Consistent))
        {
            var record = "check:" + check.Id;
            var items = string.Join("、", check.Items.Select(i => i.Code));
            var handling = check.Handling.Where(h => DeadlineClock.Parse(h.DecidedOn) <= asOf).ToList();
            if (check.Result == PersonalMattersResult.Concealment)
            {
                findings.Add(new Finding("concealment_found", $"{check.Year}年度（{items}）", [record]));
            }

            if (handling.Count == 0)
            {
                findings.Add(new Finding("personal_matters_unhandled", $"{check.Year}年度{(check.Result == PersonalMattersResult.Omission ? "漏报" : "瞒报")}（{items}）", [record]));
                continue;
            }

            if (handling.Any(h => h.Kind == PersonalMattersHandlingKind.CancelPromotion))
            {
                findings.Add(new Finding("promotion_cancelled", $"{check.Year}年度个人有关事项报告查核", [record]));
            }

            var postponed = handling.Where(h => h.Kind == PersonalMattersHandlingKind.PostponePromotion && EndOf(DeadlineClock.Parse(h.DecidedOn), options.PostponementMonths) > asOf).ToList();
            if (postponed.Count > 0)
            {
                findings.Add(new Finding("promotion_postponed", $"{postponed[0].DecidedOn}起暂缓提拔", [record]));
            }
            else if (check.Result == PersonalMattersResult.Omission)
            {
                findings.Add(new Finding("omission_handled", $"{check.Year}年度（{string.Join("、", handling.Select(h => Chinese.HandlingKind(h.Kind)))}）", [record]));
            }
        }

        // The cadre's own facts, and the facts about their petitions and matters that name nobody (a
        // petition's screening or closing, a clue's conclusion, an appeal): never another person's facts
        // that share a clue or matter (a co-subject's outcome).
        var petitions = mine.Where(e => e.Kind == EntryKind.Petition).SelectMany(e => e.Refs).ToHashSet(StringComparer.Ordinal);
        var timeline = known.Where(Mine)
            .Concat(known.Where(e => !Mine(e) && e.CadreKeys.Count == 0 && e.Refs.Any(r => petitions.Contains(r) || open.Concat(closed).Any(m => m.Record == r))))
            .DistinctBy(e => e.FactKey)
            .OrderByDescending(e => e.OccurredAt).ThenBy(e => e.FactKey, StringComparer.Ordinal)
            .ToList();
        return new DossierView(cadre, asOf, periods.OrderBy(p => p.StartsOn).ThenBy(p => p.Measure, StringComparer.Ordinal).ToList(), open, closed, findings, visibleChecks, timeline);
    }

    public static T Read<T>(DossierEntry entry) => JsonSerializer.Deserialize<T>(entry.Payload, ContractJson.Options)
        ?? throw new InvalidOperationException($"Dossier entry {entry.Id} holds no {typeof(T).Name}.");

    /// <summary>
    /// The exclusive end of a period of <paramref name="months"/> from <paramref name="start"/>: the
    /// same day of the month that many months on. When that month has no such day (a start on the
    /// 31st, or 29 February), the period runs through that month's last day, so the exclusive end is
    /// the day after it (2026-08-31 + 6 months: last day 2027-02-28, end 2027-03-01).
    /// </summary>
    public static DateOnly EndOf(DateOnly start, int months)
    {
        var end = start.AddMonths(months);
        return end.Day == start.Day ? end : end.AddDays(1);
    }

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void AddPeriod(List<ImpactPeriodView> periods, CaseFilesOptions options, Track track, string measure, string startsOn, string record, DateOnly asOf, int? months, bool released = false, int? termMonths = null)
    {
        var length = months ?? options.MonthsFor(measure, termMonths);
        if (length <= 0)
        {
            return;
        }

        var start = DeadlineClock.Parse(startsOn);
        var end = EndOf(start, length);
        // A period that has not started yet (it starts after asOf) is decided and pending: it counts as active.
        periods.Add(new ImpactPeriodView(track, measure, start, end, length, record, Active: !released && asOf < end));
    }

    private static Track TrackOf(string track, string kind) => kind == "admonishment" ? Track.Admonishment : track switch
    {
        "party" => Track.Party,
        "government" => Track.Government,
        "organisational" => Track.Organisational,
        _ => Track.Unspecified,
    };
}
