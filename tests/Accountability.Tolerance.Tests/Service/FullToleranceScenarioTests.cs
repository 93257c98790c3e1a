using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>shared/domain.md §11 scenario 7, acceptance 1: full tolerance (免予问责).</summary>
public sealed class FullToleranceScenarioTests
{
    private const string Zone = "清水县经济开发区管委会";

    [Fact]
    public async Task A_development_zone_director_whose_pilot_lease_lost_money_is_exempted_with_feedback_and_filing_and_no_impact_period()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();

        // The audit of the development zone's pilot lease of state land found a loss: a matter is opened.
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-zhang", "张明", Zone, "主任"));
        Assert.Equal((MatterStatus.Open, ToleranceRpc.Department), (matter.Status, matter.Department));

        // The director applies in writing before the accountability decision: pilot in an area no
        // superior had restricted, and part of the loss recovered. Accept or reject within 5 WD.
        var filed = await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1",
            [ToleranceGround.UnrestrictedExploration, ToleranceGround.ReformInexperience], [Mitigation.RemedialAction]), suite.Handler());
        Assert.Equal(ApplicationStatus.Submitted, filed.Status);
        Assert.Equal("2026-03-09", Assert.Single(filed.Deadlines, d => d.Kind == "acceptance").DueDate);
        var accepted = await tolerance.AcceptApplicationAsync(new AcceptApplicationRequest { ApplicationId = filed.ApplicationId }, suite.Supervisor());
        Assert.Equal("2026-03-30", Assert.Single(accepted.Deadlines, d => d.Kind == "verification").DueDate); // 20 WD

        // Verification: the lease was decided collectively, nobody gained privately, 40% of the loss recovered.
        var verified = await tolerance.VerifyApplicationAsync(ToleranceRpc.Verification(filed.ApplicationId,
            ToleranceRpc.Facts(collectiveDecision: true, recovered: 40), [ToleranceGround.UnrestrictedExploration], [Mitigation.RemedialAction]), suite.Handler());
        Assert.Equal(6, verified.Verification.Factors.Count);
        Assert.All(verified.Verification.Factors, f => Assert.Single(f.Evidence));
        var evaluation = verified.Evaluation;
        Assert.Equal(("v1", true, ToleranceOutcome.Exempted, "EX-REFORM-EXPLORATION"), (evaluation.RuleSetVersion, evaluation.Eligible, evaluation.SuggestedOutcome, evaluation.DecidingRuleId));
        Assert.Equal(["EX-REFORM-EXPLORATION", "LT-REMEDIAL-ACTION"], evaluation.FiredRules.Select(r => r.RuleId));

        // A committee of five; the member from the development zone must recuse and cannot vote.
        var members = ToleranceRpc.FiveMembers().Take(4).Append(ToleranceRpc.Member("m5", "常委 孙", Zone)).ToList();
        var convened = await suite.ConveneAsync(filed.ApplicationId, members);
        var recused = Assert.Single(convened.Committee.Members, m => m.MustRecuse);
        Assert.Equal(("m5", "same unit", 3), (recused.MemberId, recused.RecusalReason, convened.Committee.Quorum));
        var refused = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => suite.VoteAsync(filed.ApplicationId, "m5", ToleranceOutcome.Exempted));
        Assert.Contains("recuse (same unit)", refused.Status.Detail, StringComparison.Ordinal);

        // Four vote; one dissents with an opinion. 免予问责 carries 3 of 4.
        await suite.VoteAsync(filed.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await suite.VoteAsync(filed.ApplicationId, "m2", ToleranceOutcome.Exempted);
        await suite.VoteAsync(filed.ApplicationId, "m3", ToleranceOutcome.Exempted);
        await suite.VoteAsync(filed.ApplicationId, "m4", ToleranceOutcome.Lighter, "损失尚未全部挽回，建议从轻问责");
        var decided = await tolerance.DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = filed.ApplicationId, Outcome = ToleranceOutcome.Exempted }, suite.Supervisor());
        Assert.Equal((ApplicationStatus.Decided, ToleranceOutcome.Exempted, 3, 4), (decided.Status, decided.Decision.Outcome, decided.Decision.VotesFor, decided.Decision.VotesCast));
        var dissent = Assert.Single(decided.Committee.Votes, v => v.Dissent);
        Assert.Equal(("m4", "损失尚未全部挽回，建议从轻问责"), (dissent.MemberId, dissent.Opinion));
        Assert.DoesNotContain(decided.Committee.Votes, v => v.MemberId == "m5");
        Assert.Equal("2026-03-09", Assert.Single(decided.Deadlines, d => d.Kind == "feedback").DueDate);

        // Written feedback to the director, filing with the organisation department and the county
        // Party committee, and the 免责 notice.
        await tolerance.RecordFeedbackAsync(new RecordFeedbackRequest { ApplicationId = filed.ApplicationId, DeliveredOn = suite.Today(), Reference = "容错认定结果告知书", Method = "书面送达" }, suite.Handler());
        await tolerance.FileToleranceDecisionAsync(new FileToleranceDecisionRequest { ApplicationId = filed.ApplicationId, FiledWith = FilingRecipient.OrgDept }, suite.Handler());
        var reported = await tolerance.FileToleranceDecisionAsync(new FileToleranceDecisionRequest { ApplicationId = filed.ApplicationId, FiledWith = FilingRecipient.PartyCommittee }, suite.Handler());
        var published = await tolerance.PublishToleranceDecisionAsync(new PublishToleranceDecisionRequest { ApplicationId = filed.ApplicationId, Scope = "全县范围", Notice = "免责通报" }, suite.Supervisor());
        Assert.Equal(ApplicationStatus.Filed, reported.Status);
        Assert.Equal([FilingRecipient.OrgDept, FilingRecipient.PartyCommittee], reported.Filings.Select(f => f.FiledWith));
        Assert.Equal("全县范围", published.Publication.Scope);
        Assert.All(published.Deadlines, d => Assert.NotNull(d.MetAt));

        // The accountability decision follows the tolerance decision: no forms, nothing counts, no impact period.
        var withForms = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.DecideAccountabilityAsync(
            new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "circulated_criticism" }, Basis = "问责条例第十七条" }, suite.Supervisor()).ResponseAsync);
        Assert.Equal(["forms"], ToleranceRpc.BadFields(withForms));
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Basis = "问责条例第十七条第一项：免予问责" }, suite.Supervisor());
        Assert.Equal((true, 0, ToleranceOutcome.Exempted, ""), (decision.Exempted, decision.Forms.Count, decision.ToleranceOutcome, decision.ReviewId));
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-zhang" }, suite.Supervisor())).Reviews);
        Assert.Equal(MatterStatus.Decided, (await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Handler())).Status);

        // The correction plan is tracked to completion, then the matter closes.
        var task = await tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "完善土地租赁试点风险评估制度", Owner = "开发区管委会", DueInWorkingDays = 20 }, suite.Handler());
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.CloseMatterAsync(new CloseMatterRequest { MatterId = matter.MatterId }, suite.Supervisor()).ResponseAsync);
        await tolerance.CompleteRectificationTaskAsync(new CompleteRectificationTaskRequest { TaskId = task.TaskId, Note = "已印发风险评估办法" }, suite.Handler());
        Assert.Equal(MatterStatus.Closed, (await tolerance.CloseMatterAsync(new CloseMatterRequest { MatterId = matter.MatterId, Note = "整改完成" }, suite.Supervisor())).Status);

        // The events, each once: opened, applied, decided (exempted under v1), filed twice, decided with no forms.
        Assert.Single(await suite.PayloadsAsync("matter-opened:v1", matter.MatterId));
        Assert.Single(await suite.PayloadsAsync("tolerance-applied:v1", filed.ApplicationId));
        var toleranceDecided = Assert.Single(await suite.PayloadsAsync("tolerance-decided:v1", filed.ApplicationId));
        Assert.Equal(("exempted", "v1", "cadre-zhang"), (toleranceDecided.GetProperty("outcome").GetString(), toleranceDecided.GetProperty("ruleSetVersion").GetString(),
            toleranceDecided.GetProperty("cadre").GetProperty("cadreId").GetString()));
        var filings = await suite.PayloadsAsync("decision-filed:v1", filed.ApplicationId);
        Assert.Equal(["org_dept", "party_committee"], filings.Select(f => f.GetProperty("filedWith").GetString()).Order()); // same instant: outbox order is not theirs
        var accountability = Assert.Single(await suite.PayloadsAsync("accountability-decided:v1", matter.MatterId));
        Assert.Equal((true, 0, "exempted"), (accountability.GetProperty("exempted").GetBoolean(), accountability.GetProperty("forms").GetArrayLength(),
            accountability.GetProperty("toleranceOutcome").GetString()));
        Assert.Empty(await suite.EventsAsync("continued-use-review-due:v1"));

        // Every step is signed and audited; the chain verifies.
        Assert.Equal(
            ["application.filed", "application.accept", "application.verify", "application.convene_committee",
             "application.record_vote", "application.record_vote", "application.record_vote", "application.record_vote",
             "application.decide", "application.record_feedback", "application.file", "application.file", "application.publish"],
            await suite.AuditActionsAsync(filed.ApplicationId));
        Assert.Equal(["matter.opened", "matter.file_application", "matter.decide_accountability", "matter.close"], await suite.AuditActionsAsync(matter.MatterId));
        await suite.AssertAuditChainValidAsync();
    }
}
