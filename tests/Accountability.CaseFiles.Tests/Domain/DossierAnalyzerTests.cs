using System.Text.Json;
using Accountability.CaseFiles.Domain;
using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Contracts.Talks;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Domain;
using Accountability.Platform.Messaging;
using MassTransit;
using Xunit;

namespace Accountability.CaseFiles.Tests.Domain;

/// <summary>Impact periods (shared/domain.md §9) and the opinion's decision rules (§7), on dossiers made of entries.</summary>
public sealed class DossierAnalyzerTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly Cadre Cadre = DirectoryImport.NewCadre("c-1", "李四", "u-1", "河西镇人民政府", "副镇长", "section_deputy", "township", "org-county", false, true, "test");
    private static readonly AccusedPersonInfo Person = new("李四", "河西镇人民政府", "副镇长", "township", "c-1");

    [Theory]
    [InlineData("2026-08-31", 6, "2027-02-28")]
    [InlineData("2026-03-31", 6, "2026-09-30")]
    [InlineData("2028-02-29", 12, "2029-02-28")]
    [InlineData("2026-03-02", 6, "2026-09-01")]
    public void A_period_from_a_day_the_end_month_lacks_runs_through_that_months_last_day(string start, int months, string lastDay)
    {
        var options = new CaseFilesOptions();
        options.ImpactMonths["gov_warning"] = months;
        var entries = new[] { Outcome("o1", "gov_warning", "government", 2, start) };
        var last = DateOnly.ParseExact(lastDay, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var during = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], entries, [], last, Beijing, options);
        Assert.True(Assert.Single(during.ImpactPeriods).Active);
        Assert.Contains(during.Findings, f => f.Rule == "impact_period_active" && f.Detail.EndsWith("至" + lastDay, StringComparison.Ordinal));
        Assert.False(Assert.Single(DossierAnalyzer.Analyze(Cadre, [Cadre.Id], entries, [], last.AddDays(1), Beijing, options).ImpactPeriods).Active);
    }

    [Fact]
    public void A_period_decided_but_not_yet_started_on_the_day_asked_counts_as_active_not_ended()
    {
        // Decided (and recorded) on 2026-03-02, running from 2026-04-01: asked on 2026-03-15.
        var view = Analyze([Outcome("o1", "party_warning", "party", 2, "2026-04-01")], new DateOnly(2026, 3, 15));
        var period = Assert.Single(view.ImpactPeriods);
        Assert.True(period.Active);
        Assert.DoesNotContain(view.Findings, f => f.Rule == "impact_period_ended");
        Assert.Contains(view.Findings, f => f.Rule == "impact_period_active" && f.Detail.Contains("尚未开始", StringComparison.Ordinal));
        Assert.Equal(OpinionAnswer.NotSuitable, Decide(view));
    }

    [Fact]
    public void A_dossier_as_of_a_past_day_leaves_out_facts_recorded_after_it()
    {
        var late = Entry(EntryKind.Outcome, "clues:outcome:o1", ["c-1"], new OutcomeDecided
        {
            OutcomeId = "o1", ClueId = "k0", Subject = Person, Kind = "party_warning", Track = "party", Form = 2, DecidedOn = "2026-03-02", ApprovedOn = "2026-03-02",
        }, ["clue:k0", "outcome:o1"]);
        late = Recorded(late, new DateTimeOffset(2026, 4, 10, 2, 0, 0, TimeSpan.Zero));
        Assert.Empty(Analyze([late], new DateOnly(2026, 4, 9)).ImpactPeriods);
        Assert.Single(Analyze([late], new DateOnly(2026, 4, 10)).ImpactPeriods);
    }

    [Fact]
    public void A_personal_matters_admonishment_runs_six_months_from_its_decision_once_even_when_the_talk_is_reported()
    {
        var check = Check(PersonalMattersHandlingKind.Admonishment, "2026-03-10");
        var view = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], [], [check], new DateOnly(2026, 5, 1), Beijing, new CaseFilesOptions());
        var period = Assert.Single(view.ImpactPeriods);
        Assert.Equal((Track.Admonishment, new DateOnly(2026, 3, 10), 6, true, "check:pm1"), (period.Track, period.StartsOn, period.Months, period.Active, period.Record));
        Assert.Equal(OpinionAnswer.NotSuitable, Decide(view));
        Assert.False(Assert.Single(DossierAnalyzer.Analyze(Cadre, [Cadre.Id], [], [check], new DateOnly(2026, 9, 10), Beijing, new CaseFilesOptions()).ImpactPeriods).Active);

        // The Talks service reports the 诫勉 talk: its period counts, the handling's does not.
        var talk = Entry(EntryKind.Admonishment, "talks:admonishment:t1:c-1", ["c-1"], new AdmonishmentConcluded
        {
            TalkId = "t1", CadreId = "c-1", ImpactStartDate = "2026-03-20", ImpactMonths = 6, ConcludedAt = new DateTimeOffset(2026, 3, 20, 2, 0, 0, TimeSpan.Zero),
        }, ["talk:t1"], new DateTimeOffset(2026, 3, 20, 10, 0, 0, Beijing));
        var both = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], [talk], [check], new DateOnly(2026, 5, 1), Beijing, new CaseFilesOptions());
        Assert.Equal("talk:t1", Assert.Single(both.ImpactPeriods).Record);
    }

    [Fact]
    public void A_personal_matters_party_sanction_defers_until_the_clues_outcome_is_recorded()
    {
        var check = Check(PersonalMattersHandlingKind.PartySanction, "2026-03-10");
        var pending = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], [], [check], new DateOnly(2026, 3, 20), Beijing, new CaseFilesOptions());
        Assert.Contains(pending.Findings, f => f.Rule == "party_sanction_pending");
        Assert.Equal(OpinionAnswer.DeferUntilResolved, Decide(pending));

        var outcome = Outcome("o1", "party_warning", "party", 2, "2026-04-01");
        var decided = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], [outcome], [check], new DateOnly(2026, 4, 2), Beijing, new CaseFilesOptions());
        Assert.DoesNotContain(decided.Findings, f => f.Rule == "party_sanction_pending");
        Assert.Equal(OpinionAnswer.NotSuitable, Decide(decided));
    }

    [Fact]
    public void The_timeline_of_one_subject_of_a_shared_clue_shows_nothing_of_the_other_subject()
    {
        var other = new AccusedPersonInfo("王二", "河西镇人民政府", "镇长", "township", "c-2");
        var registered = Entry(EntryKind.ClueRegistered, "clues:clue:k0", ["c-1", "c-2"], new ClueRegistered
        {
            ClueId = "k0", LedgerNumber = "XS-2026-000001", RegisteredAt = new DateTimeOffset(2026, 3, 1, 1, 0, 0, TimeSpan.Zero), Source = "audit", Subjects = [Person, other],
        }, ["clue:k0"]);
        var othersOutcome = Entry(EntryKind.Outcome, "clues:outcome:o2", ["c-2"], new OutcomeDecided
        {
            OutcomeId = "o2", ClueId = "k0", Subject = other, Kind = "party_warning", Track = "party", Form = 2, DecidedOn = "2026-03-02", ApprovedOn = "2026-03-02",
        }, ["clue:k0", "outcome:o2"]);
        var concluded = Entry(EntryKind.ClueConcluded, "clues:concluded:k0", [], new ClueConcluded
        {
            ClueId = "k0", Result = "case_concluded", ConcludedAt = new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero),
        }, ["clue:k0"]);
        var view = Analyze([registered, othersOutcome, concluded], new DateOnly(2026, 4, 1));
        Assert.Equal(["clues:clue:k0", "clues:concluded:k0"], view.Timeline.Select(e => e.FactKey).Order(StringComparer.Ordinal));
        Assert.Empty(view.ImpactPeriods);
    }

    private static PersonalMattersCheck Check(PersonalMattersHandlingKind kind, string decidedOn) => new()
    {
        Id = "pm1", IdempotencyScope = "s", CadreId = "c-1", OrganId = "u-1", Level = Level.Township, Year = 2025, Result = PersonalMattersResult.Omission,
        Items = [new PersonalMattersItem { Code = "hk_macau_taiwan" }], CheckedOn = "2026-03-01",
        Handling = [new PersonalMattersHandling { Kind = kind, DecidedOn = decidedOn, RecordedBy = "orgdept" }],
        RecordedBy = "orgdept", RecordedAt = new DateTimeOffset(2026, 3, 1, 2, 0, 0, TimeSpan.Zero),
    };

    private static DossierEntry Recorded(DossierEntry e, DateTimeOffset at) => new()
    {
        Id = e.Id, Generation = e.Generation, FactKey = e.FactKey, Kind = e.Kind, Source = e.Source, OccurredAt = e.OccurredAt, RecordedAt = at,
        CadreKeys = e.CadreKeys, Refs = e.Refs, Summary = e.Summary, MessageType = e.MessageType, Payload = e.Payload,
    };

    [Theory]
    [InlineData(12, 24, 36)] // 一年留党察看 + 24
    [InlineData(24, 24, 48)] // 二年留党察看 + 24
    [InlineData(12, 12, 24)] // the months after restoration are an option
    public void Party_probation_runs_its_term_plus_the_months_after_rights_are_restored(int term, int after, int months)
    {
        var options = new CaseFilesOptions { ProbationAfterRestoredMonths = after };
        var entries = new[] { Outcome("o1", "party_probation", "party", 3, "2026-03-02", term) };
        var lastDay = new DateOnly(2026, 3, 2).AddMonths(months).AddDays(-1);
        var during = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], entries, [], lastDay, Beijing, options);
        var period = Assert.Single(during.ImpactPeriods);
        Assert.Equal((months, true, new DateOnly(2026, 3, 2).AddMonths(months)), (period.Months, period.Active, period.EndsOn));
        Assert.False(Assert.Single(DossierAnalyzer.Analyze(Cadre, [Cadre.Id], entries, [], lastDay.AddDays(1), Beijing, options).ImpactPeriods).Active);
    }

    [Theory]
    [InlineData("party_warning", "party", 2, 12)]
    [InlineData("party_serious_warning", "party", 2, 18)]
    [InlineData("party_post_removal", "party", 3, 24)]
    [InlineData("party_probation", "party", 3, 48)] // no term on the event: 24 assumed, plus 24
    [InlineData("gov_warning", "government", 2, 6)]
    [InlineData("gov_demerit", "government", 2, 12)]
    [InlineData("gov_major_demerit", "government", 2, 18)]
    [InlineData("gov_demotion", "government", 3, 24)]
    [InlineData("gov_dismissal", "government", 3, 24)]
    [InlineData("admonishment", "education", 1, 6)]
    public void Each_measure_runs_its_impact_period_from_approval_and_ends_on_the_day(string kind, string track, int form, int months)
    {
        var entries = new[] { Outcome("o1", kind, track, form, "2026-03-02") };
        var lastDay = new DateOnly(2026, 3, 2).AddMonths(months).AddDays(-1);

        var during = Analyze(entries, lastDay);
        var after = Analyze(entries, lastDay.AddDays(1));

        var period = Assert.Single(during.ImpactPeriods);
        Assert.Equal((months, true, "outcome:o1"), (period.Months, period.Active, period.Record));
        Assert.Equal(OpinionAnswer.NotSuitable, Decide(during));
        Assert.False(Assert.Single(after.ImpactPeriods).Active);
        Assert.Equal(OpinionAnswer.NoIssueFound, Decide(after));
    }

    [Fact]
    public void A_cadre_carries_both_tracks_at_once_and_the_longer_one_decides()
    {
        var entries = new[] { Outcome("o1", "party_serious_warning", "party", 2, "2026-03-02"), Outcome("o2", "gov_demerit", "government", 2, "2026-03-02") };
        var view = Analyze(entries, new DateOnly(2027, 6, 1));
        Assert.Equal([(Track.Party, true), (Track.Government, false)], view.ImpactPeriods.OrderBy(p => p.Track).Select(p => (p.Track, p.Active)));
        Assert.Equal(OpinionAnswer.NotSuitable, Decide(view));
    }

    [Fact]
    public void A_completed_admonishment_runs_from_its_talk_and_replaces_the_outcome_period()
    {
        var entries = new[]
        {
            Outcome("o1", "admonishment", "education", 1, "2026-03-02"),
            Entry(EntryKind.Admonishment, "talks:admonishment:t1:c-1", ["c-1"], new AdmonishmentConcluded
            {
                TalkId = "t1", CadreId = "c-1", ImpactStartDate = "2026-04-10", ImpactMonths = 6, OutcomeId = "o1", ConcludedAt = new DateTimeOffset(2026, 4, 20, 2, 0, 0, TimeSpan.Zero),
            }),
        };
        var view = Analyze(entries, new DateOnly(2026, 9, 15));
        var period = Assert.Single(view.ImpactPeriods);
        Assert.Equal((Track.Admonishment, new DateOnly(2026, 4, 10), new DateOnly(2026, 10, 10), true), (period.Track, period.StartsOn, period.EndsOn, period.Active));
        Assert.Contains(view.Findings, f => f.Rule == "recent_first_form");
    }

    [Fact]
    public void Exempted_superseded_revoked_and_released_decisions_hold_nobody_back()
    {
        var target = new AccountabilityTargetInfo { TargetId = "t", Kind = "cadre", Cadre = Person };
        AccountabilityFormInfo Removal() => new() { Kind = "org_removal", Track = "organisational", Form = 2, ImpactStartsOn = "2026-03-02" };
        DossierEntry Decision(string id, bool exempted, string? supersedes = null) => Entry(EntryKind.AccountabilityDecided, "tolerance:decision:" + id, ["c-1"], new AccountabilityDecided
        {
            DecisionId = id, MatterId = "m", Target = target, Forms = exempted ? [] : [Removal()], Exempted = exempted, SupersedesDecisionId = supersedes,
            DecidedOn = "2026-03-02", ApprovedOn = "2026-03-02", DecidedAt = new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
        }, supersedes is null ? ["decision:" + id] : ["decision:" + id, "decision:" + supersedes]);
        var asOf = new DateOnly(2026, 6, 1);

        Assert.Equal(OpinionAnswer.NotSuitable, Decide(Analyze([Decision("d1", exempted: false)], asOf)));
        Assert.Equal(OpinionAnswer.NoIssueFound, Decide(Analyze([Decision("d1", exempted: true)], asOf)));
        Assert.Equal(OpinionAnswer.NoIssueFound, Decide(Analyze([Decision("d1", exempted: false), Decision("d2", exempted: true, supersedes: "d1")], asOf)));
        var revoked = Entry(EntryKind.AppealDecided, "tolerance:appeal:a1", [], new AppealDecided
        {
            AppealId = "a1", MatterId = "m", DecisionId = "d1", Result = "revoked", DecidedOn = "2026-04-01", DecidedAt = new DateTimeOffset(2026, 4, 1, 1, 0, 0, TimeSpan.Zero),
        }, ["decision:d1"]);
        Assert.Equal(OpinionAnswer.NoIssueFound, Decide(Analyze([Decision("d1", exempted: false), revoked], asOf)));
    }

    [Fact]
    public void The_clue_stage_is_the_latest_step_whatever_the_arrival_order_and_a_conclusion_closes_it()
    {
        DossierEntry Stage(int step, string stage) => Entry(EntryKind.ClueStage, $"clues:stage:k1:{step}", ["c-1"], new ClueStageChanged
        {
            ClueId = "k1", LedgerNumber = "XS-2026-000001", Stage = stage, PreviousStage = "x", Step = step, Subjects = [Person], ChangedAt = new DateTimeOffset(2026, 3, 2, 1, step, 0, TimeSpan.Zero),
        }, ["clue:k1"]);
        var stages = new[] { Stage(5, "verifying"), Stage(2, "assigned"), Stage(3, "inquiry") };
        var view = Analyze(stages, new DateOnly(2026, 4, 1));
        Assert.Equal("verifying", Assert.Single(view.OpenMatters).Stage);
        Assert.Equal(OpinionAnswer.DeferUntilResolved, Decide(view));

        var concluded = Entry(EntryKind.ClueConcluded, "clues:concluded:k1", [], new ClueConcluded { ClueId = "k1", Result = "accepted_and_closed", ConcludedAt = new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero) }, ["clue:k1"], new DateTimeOffset(2026, 3, 20, 1, 0, 0, TimeSpan.Zero));
        var closed = Analyze([concluded, .. stages], new DateOnly(2026, 4, 1));
        Assert.Empty(closed.OpenMatters);
        Assert.Equal("accepted_and_closed", Assert.Single(closed.ClosedMatters).Result);
        Assert.Equal(OpinionAnswer.NoIssueFound, Decide(closed));

        // Before the conclusion happened (an earlier as-of date), the clue was still open.
        Assert.Single(Analyze([concluded, .. stages], new DateOnly(2026, 3, 10)).OpenMatters);
    }

    [Fact]
    public void The_decision_rules_are_data_a_policy_can_change()
    {
        var options = new CaseFilesOptions();
        options.OpinionRules["recent_first_form"] = new OpinionRule { Answer = "defer_until_resolved", Text = "近期受到处理：{0}" };
        var view = DossierAnalyzer.Analyze(Cadre, [Cadre.Id], [Outcome("o1", "talk_reminder", "education", 1, "2026-03-02")], [], new DateOnly(2026, 5, 1), Beijing, options);
        var (answer, reasons) = OpinionEngine.Decide(view, options);
        Assert.Equal(OpinionAnswer.DeferUntilResolved, answer);
        Assert.StartsWith("近期受到处理：", Assert.Single(reasons).Text, StringComparison.Ordinal);
        Assert.Equal(OpinionAnswer.NoIssueFound, OpinionEngine.Decide(view, new CaseFilesOptions()).Answer);
    }

    [Fact]
    public void The_options_validator_names_the_wrong_key()
    {
        var options = new CaseFilesOptions { OpinionReplyWorkingDays = 0, DeferStages = ["nowhere"] };
        options.ImpactMonths["party_warning"] = 0;
        options.OpinionRules["open_clue"] = new OpinionRule { Answer = "maybe", Text = "x" };
        options.OpinionRules.Remove("held_clue");
        options.Sources["clues"] = "not a url";
        var result = new CaseFilesOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        string[] keys = ["OpinionReplyWorkingDays", "ImpactMonths:party_warning", "DeferStages", "OpinionRules:open_clue:Answer", "OpinionRules:held_clue", "Sources:clues"];
        Assert.All(keys, key => Assert.Contains(result.Failures!, f => f.Contains("CaseFiles:" + key, StringComparison.Ordinal)));
        Assert.True(new CaseFilesOptionsValidator().Validate(null, Configured()).Succeeded);
    }

    [Fact]
    public void Every_source_of_the_dossiers_must_be_named_and_only_those()
    {
        var missing = Configured();
        missing.Sources.Remove("tolerance");
        var failures = new CaseFilesOptionsValidator().Validate(null, missing).Failures!;
        Assert.Contains(failures, f => f.Contains("CaseFiles:Sources:tolerance is required", StringComparison.Ordinal));

        var unknown = Configured();
        unknown.Sources["toleranse"] = "http://127.0.0.1:5084";
        Assert.Contains(new CaseFilesOptionsValidator().Validate(null, unknown).Failures!, f => f.Contains("CaseFiles:Sources:toleranse is not a source", StringComparison.Ordinal));

        var noMonths = Configured();
        noMonths.ImpactMonths.Remove("org_removal");
        Assert.Contains(new CaseFilesOptionsValidator().Validate(null, noMonths).Failures!, f => f.Contains("CaseFiles:ImpactMonths:org_removal is required", StringComparison.Ordinal));

        var optedOut = Configured();
        optedOut.Sources["tolerance"] = "";
        Assert.True(new CaseFilesOptionsValidator().Validate(null, optedOut).Succeeded);
        Assert.True(new CaseFilesOptionsValidator().Validate(null, new CaseFilesOptions()).Failed);
    }

    private static CaseFilesOptions Configured()
    {
        var options = new CaseFilesOptions();
        foreach (var source in new[] { "petitions", "clues", "talks", "tolerance" })
        {
            options.Sources[source] = "http://127.0.0.1:5080";
        }

        return options;
    }

    private static DossierView Analyze(IReadOnlyCollection<DossierEntry> entries, DateOnly asOf) =>
        DossierAnalyzer.Analyze(Cadre, [Cadre.Id], entries, [], asOf, Beijing, new CaseFilesOptions());

    private static OpinionAnswer Decide(DossierView view) => OpinionEngine.Decide(view, new CaseFilesOptions()).Answer;

    private static DossierEntry Outcome(string id, string kind, string track, int form, string approvedOn, int? termMonths = null) =>
        Entry(EntryKind.Outcome, "clues:outcome:" + id, ["c-1"], new OutcomeDecided
        {
            OutcomeId = id, ClueId = "k0", Subject = Person, Kind = kind, Track = track, Form = form, DecidedOn = approvedOn, ApprovedOn = approvedOn, TermMonths = termMonths,
        }, ["clue:k0", "outcome:" + id]);

    private static DossierEntry Entry(EntryKind kind, string factKey, List<string> cadreKeys, object message, List<string>? refs = null, DateTimeOffset? occurredAt = null) => new()
    {
        Id = "1:" + factKey,
        Generation = 1,
        FactKey = factKey,
        Kind = kind,
        Source = "test",
        OccurredAt = occurredAt ?? new DateTimeOffset(2026, 3, 2, 0, 0, 0, Beijing),
        CadreKeys = cadreKeys,
        Refs = refs ?? [],
        Summary = "",
        MessageType = MessageUrn.ForTypeString(message.GetType()),
        Payload = JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options),
    };
}
