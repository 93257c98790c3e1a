using System.Text.Json;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using CluesApi = Accountability.Protos.Clues.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>shared/domain.md §11 scenario 8, acceptance 2: three cadres of one matter, three different outcomes.</summary>
public sealed class MixedToleranceScenarioTests
{
    private const string Bureau = "清水县自然资源局";

    [Fact]
    public async Task Recorded_dissent_is_not_held_accountable_a_cooperating_co_decider_is_admonished_lightly_and_the_one_who_defied_a_ban_is_removed()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();

        // The case on the bureau's land deal, pushed through against the province's explicit ban,
        // finds failures of duty: the Clues service proposes accountability for three leaders.
        var clue = await CaseOnTheLandDealAsync(suite);
        var summary = await ToleranceRpc.Poll(async () =>
            (await tolerance.ListMattersAsync(new ListMattersRequest { Source = MatterSource.Clue, CadreId = "cadre-li" }, suite.Handler())).Matters.SingleOrDefault());
        var matter = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = summary.MatterId }, suite.Handler());
        Assert.Equal((clue.ClueId, ToleranceRpc.Department, "org_removal"), (matter.ClueId, matter.Department, matter.ProposedForm));
        Assert.Equal(["cadre-li", "cadre-wang", "cadre-zhao"], matter.Targets.Select(t => t.Cadre.CadreId));
        var (li, wang, zhao) = ("t1", "t2", "t3");

        // 李 opposed the decision in the bureau's meeting, on the record: 不予问责 (Art.17(2)).
        var dissenter = await suite.VerifiedAsync(matter, li, ToleranceRpc.Facts(), [ToleranceGround.RecordedDissent]);
        Assert.Equal((true, ToleranceOutcome.NoAccountability, "NA-RECORDED-DISSENT"), (dissenter.Evaluation.Eligible, dissenter.Evaluation.SuggestedOutcome, dissenter.Evaluation.DecidingRuleId));
        await suite.DecidedAsync(dissenter.ApplicationId, ToleranceOutcome.NoAccountability);

        // 王 voted for it but cooperated fully with the inquiry: 从轻 (Art.18(2)).
        var cooperator = await suite.VerifiedAsync(matter, wang, ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation]);
        Assert.Equal((true, ToleranceOutcome.Lighter, "LT-ACTIVE-COOPERATION"), (cooperator.Evaluation.Eligible, cooperator.Evaluation.SuggestedOutcome, cooperator.Evaluation.DecidingRuleId));
        await suite.DecidedAsync(cooperator.ApplicationId, ToleranceOutcome.Lighter);

        // 赵 pressed on after the province's explicit ban: a disqualifier, 不予容错, whatever he claims.
        var defier = await suite.VerifiedAsync(matter, zhao, ToleranceRpc.Facts(defiedBan: true), [ToleranceGround.UnrestrictedExploration]);
        Assert.Equal((false, ToleranceOutcome.NotTolerated, "DQ-EXPLICIT-BAN"), (defier.Evaluation.Eligible, defier.Evaluation.SuggestedOutcome, defier.Evaluation.DecidingRuleId));
        await suite.ConveneAsync(defier.ApplicationId);
        var tolerated = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => suite.VoteAsync(defier.ApplicationId, "m1", ToleranceOutcome.Exempted, "探索创新"));
        Assert.Equal(["outcome"], ToleranceRpc.BadFields(tolerated));
        Assert.Contains("DQ-EXPLICIT-BAN of rules v1", tolerated.Status.Detail, StringComparison.Ordinal);
        foreach (var member in new[] { "m1", "m2", "m3", "m4" })
        {
            await suite.VoteAsync(defier.ApplicationId, member, ToleranceOutcome.NotTolerated);
        }

        await tolerance.DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = defier.ApplicationId, Outcome = ToleranceOutcome.NotTolerated }, suite.Supervisor());

        // No accountability decision before the cadre has the tolerance decision in writing.
        async Task<Matter> Reload() => await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
        var early = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, async () => await Decide(suite, await Reload(), zhao, "org_removal"));
        Assert.Contains($"tolerance application {defier.ApplicationId} of target {zhao} is DECIDED: its written feedback comes first", early.Status.Detail, StringComparison.Ordinal);
        foreach (var application in new[] { dissenter, cooperator, defier })
        {
            await suite.FeedbackAsync(application.ApplicationId);
        }

        // The accountability decisions follow: none for 李, 诫勉 for 王, 免职 for 赵.
        var none = await Decide(suite, await Reload(), li);
        var admonished = await Decide(suite, await Reload(), wang, "admonishment");
        var removed = await Decide(suite, await Reload(), zhao, "org_removal");
        Assert.Equal(MatterStatus.Decided, (await Reload()).Status);

        Assert.Equal((true, ToleranceOutcome.NoAccountability, ""), (none.Exempted, none.ToleranceOutcome, none.ReviewId));
        var admonishment = Assert.Single(admonished.Forms);
        Assert.Equal(("admonishment", "诫勉", "organisational", 1, "2026-03-02", 6), (admonishment.Kind, admonishment.Name, admonishment.Track, admonishment.Form, admonishment.ImpactStartsOn, admonishment.ImpactMonths));
        var removal = Assert.Single(removed.Forms);
        Assert.Equal(("org_removal", "免职", "organisational", 2, "2026-03-02", 12), (removal.Kind, removal.Name, removal.Track, removal.Form, removal.ImpactStartsOn, removal.ImpactMonths));

        // 免职 is organisational handling, done within a month, and filed in the dossier.
        Assert.Equal("2026-04-02", Assert.Single(removed.Deadlines, d => d.Kind == "organisational_handling").DueDate);
        Assert.DoesNotContain(admonished.Deadlines, d => d.Kind == "organisational_handling");
        await tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = removed.DecisionId, Note = "县委已免去其局长职务" }, suite.Handler());
        var filed = await tolerance.FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = removed.DecisionId, FiledWith = FilingRecipient.OrgDept }, suite.Handler());
        Assert.Equal((FilingRecipient.OrgDept, "2026-03-02"), (Assert.Single(filed.Filings).FiledWith, filed.HandlingCompletedOn));
        var again = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = removed.DecisionId, FiledWith = FilingRecipient.OrgDept }, suite.Handler()).ResponseAsync);
        Assert.Contains("already filed with org_dept on 2026-03-02", again.Status.Detail, StringComparison.Ordinal);
        Assert.All(filed.Deadlines, d => Assert.NotNull(d.MetAt));

        // A continued-use review runs for each impact period; none for 李.
        var reviews = (await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { Status = ReviewStatus.Running }, suite.As("orgdept"))).Reviews;
        Assert.Equal([("cadre-wang", "2026-09-02"), ("cadre-zhao", "2027-03-02")], reviews.Select(r => (r.Cadre.CadreId, r.ImpactEndsOn)));

        // The events: three tolerance outcomes, three accountability decisions, one filing.
        var outcomes = (await suite.EventsAsync("tolerance-decided:v1")).Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .ToDictionary(p => p.GetProperty("targetId").GetString()!, p => p.GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, string?> { [li] = "no_accountability", [wang] = "lighter", [zhao] = "not_tolerated" }, outcomes);
        var decided = (await suite.EventsAsync("accountability-decided:v1")).Select(m => JsonDocument.Parse(m.Payload).RootElement)
            .ToDictionary(p => p.GetProperty("target").GetProperty("targetId").GetString()!);
        Assert.True(decided[li].GetProperty("exempted").GetBoolean());
        Assert.Equal(0, decided[li].GetProperty("forms").GetArrayLength());
        Assert.Equal(("admonishment", "2026-03-02", false), FormOf(decided[wang]));
        Assert.Equal(("org_removal", "2026-03-02", false), FormOf(decided[zhao]));
        Assert.Equal("not_tolerated", decided[zhao].GetProperty("toleranceOutcome").GetString());
        var dossier = Assert.Single(await suite.PayloadsAsync("decision-filed:v1", removed.DecisionId));
        Assert.Equal(("org_dept", "cadre-zhao"), (dossier.GetProperty("filedWith").GetString(), dossier.GetProperty("cadre").GetProperty("cadreId").GetString()));

        await suite.AssertAuditChainValidAsync();
    }

    private static (string?, string?, bool) FormOf(JsonElement decided)
    {
        var form = decided.GetProperty("forms").EnumerateArray().Single();
        return (form.GetProperty("kind").GetString(), form.GetProperty("impactStartsOn").GetString(), decided.GetProperty("exempted").GetBoolean());
    }

    private static Task<AccountabilityDecision> Decide(SuiteHost suite, Matter matter, string targetId, params string[] forms) =>
        suite.Tolerance().DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matter.MatterId,
            TargetId = targetId,
            ExpectedVersion = matter.Version,
            Forms = { forms },
            Basis = "问责条例第七条、第八条",
        }, suite.Supervisor()).ResponseAsync;

    /// <summary>Through the real Clues API: a case on three leaders of the bureau, then the proposal.</summary>
    private static async Task<CluesApi.Clue> CaseOnTheLandDealAsync(SuiteHost suite)
    {
        var clues = new CluesApi.Clues.CluesClient(suite.Channel);
        var clue = await clues.RegisterClueAsync(new CluesApi.RegisterClueRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = CluesApi.ClueSource.InspectionTour,
            SourceReference = "县委第一巡察组移交",
            Subjects =
            {
                Subject("李红", "副局长", "cadre-li"),
                Subject("王刚", "副局长", "cadre-wang"),
                Subject("赵强", "局长", "cadre-zhao"),
            },
            Summary = "反映该局在省厅明令禁止后仍违规出让集体土地。",
            Disciplines = { Common.Discipline.Work },
        }, suite.Supervisor());
        await clues.AssignClueAsync(new CluesApi.AssignClueRequest { ClueId = clue.ClueId, Department = ToleranceRpc.Department, Handler = "handler-li" }, suite.Supervisor());
        await clues.DecideDisposalAsync(new CluesApi.DecideDisposalRequest
        {
            ClueId = clue.ClueId,
            Method = CluesApi.DisposalMethod.TransferInvestigation,
            CollectiveDecision = new CluesApi.CollectiveDecision { MeetingDate = suite.Today(), Attendees = { "王书记", "赵主任" }, Approver = "王书记" },
            Reason = "立案审查",
        }, suite.Supervisor());
        return await clues.ProposeAccountabilityAsync(new CluesApi.ProposeAccountabilityRequest
        {
            ClueId = clue.ClueId,
            Facts = "该局领导班子在省自然资源厅明令禁止后，集体决定继续出让集体土地。",
            DutyBreached = "违反上级明令禁止，履行监管职责不力",
            ProposedForm = "org_removal",
        }, suite.Handler());
    }

    private static CluesApi.ClueSubject Subject(string name, string post, string cadreId) =>
        new() { Name = name, Unit = Bureau, Post = post, Level = Common.Level.County, CadreId = cadreId };
}
