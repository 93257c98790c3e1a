using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>Appeals (申诉): within 15 days of the decision, decided within 30 (shared/domain.md §6.1, configurable).</summary>
public sealed class AppealTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task An_appeal_on_the_fifteenth_day_amends_a_removal_to_an_admonishment_which_supersedes_it()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-appeal", "申", "县文旅局"));
        var removed = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "org_removal" }, Basis = "问责条例第八条" }, suite.Supervisor());

        suite.AdvanceTo(new DateTimeOffset(2026, 3, 17, 10, 0, 0, Beijing));
        var appealed = await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = removed.DecisionId, Appellant = "申", Grounds = "事实认定有误，已尽到监管职责" }, suite.Handler());
        Assert.Equal(("2026-03-17", "2026-04-16", DecisionStatus.Effective), (appealed.Appeal.FiledOn, appealed.Appeal.DueOn, appealed.Status));
        Assert.Equal("2026-04-16", Assert.Single(appealed.Deadlines, d => d.Kind == "appeal_decision").DueDate);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = removed.DecisionId, Appellant = "申", Grounds = "再次申诉" }, suite.Handler()).ResponseAsync);

        var amended = await tolerance.DecideAppealAsync(new DecideAppealRequest { DecisionId = removed.DecisionId, Result = AppealResult.Amended, Reason = "情节较轻，改为诫勉", Forms = { "admonishment" } }, suite.Supervisor());
        Assert.Equal((DecisionStatus.Superseded, AppealResult.Amended), (amended.Status, amended.Appeal.Result));
        Assert.All(amended.Deadlines, d => Assert.NotNull(d.MetAt));
        var replacement = await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = amended.SupersededByDecisionId }, suite.Supervisor());
        Assert.Equal((removed.DecisionId, "admonishment", "2026-03-17"), (replacement.SupersedesDecisionId, Assert.Single(replacement.Forms).Kind, replacement.Forms[0].ImpactStartsOn));
        Assert.Equal(replacement.DecisionId, (await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor())).Targets[0].DecisionId);

        // The removal's review is cancelled; the admonishment's runs six months from its approval.
        var reviews = (await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-appeal" }, suite.Supervisor())).Reviews;
        Assert.Equal(ReviewStatus.Cancelled, reviews.Single(r => r.DecisionId == removed.DecisionId).Status);
        Assert.Equal((ReviewStatus.Running, "2026-09-17"), reviews.Where(r => r.DecisionId == replacement.DecisionId).Select(r => (r.Status, r.ImpactEndsOn)).Single());

        var decided = Assert.Single(await suite.PayloadsAsync("appeal-decided:v1", removed.DecisionId));
        Assert.Equal(("amended", "2026-03-17"), (decided.GetProperty("result").GetString(), decided.GetProperty("decidedOn").GetString()));
        var superseding = Assert.Single(await suite.PayloadsAsync("accountability-decided:v1", replacement.DecisionId));
        Assert.Equal(removed.DecisionId, superseding.GetProperty("supersedesDecisionId").GetString());
        await suite.AssertAuditChainValidAsync();
    }

    [Fact]
    public async Task An_appeal_after_fifteen_days_or_against_an_exemption_is_refused_and_a_revoked_decision_no_longer_counts()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-late", "迟", "县统计局"), ToleranceRpc.Cadre("cadre-free", "免", "县统计局"), ToleranceRpc.Cadre("cadre-revoke", "撤", "县统计局"));
        var late = await Decide(suite, matter.MatterId, "t1", "admonishment");
        var exempted = await Decide(suite, matter.MatterId, "t2");
        var revoked = await Decide(suite, matter.MatterId, "t3", "circulated_criticism", "admonishment");

        var exemption = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = exempted.DecisionId, Appellant = "免", Grounds = "x" }, suite.Handler()).ResponseAsync);
        Assert.Contains("exempted", exemption.Status.Detail, StringComparison.Ordinal);
        await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = revoked.DecisionId, Appellant = "撤", Grounds = "不属于其职责范围" }, suite.Handler());

        suite.AdvanceTo(new DateTimeOffset(2026, 3, 18, 9, 0, 0, Beijing));
        var tooLate = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = late.DecisionId, Appellant = "迟", Grounds = "x" }, suite.Handler()).ResponseAsync);
        Assert.Contains("the appeal period ended on 2026-03-17", tooLate.Status.Detail, StringComparison.Ordinal);
        var backdated = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = late.DecisionId, Appellant = "迟", Grounds = "x", FiledOn = "2026-03-01" }, suite.Handler()).ResponseAsync);
        Assert.Equal(["filed_on"], ToleranceRpc.BadFields(backdated));

        var decided = await tolerance.DecideAppealAsync(new DecideAppealRequest { DecisionId = revoked.DecisionId, Result = AppealResult.Revoked, Reason = "不属于其职责范围" }, suite.Supervisor());
        Assert.Equal((DecisionStatus.Revoked, AppealResult.Revoked), (decided.Status, decided.Appeal.Result));
        Assert.Equal(ReviewStatus.Cancelled, (await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-revoke" }, suite.Supervisor())).Reviews.Single().Status);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.DecideAppealAsync(new DecideAppealRequest { DecisionId = revoked.DecisionId, Result = AppealResult.Upheld, Reason = "x" }, suite.Supervisor()).ResponseAsync);
        Assert.Equal("revoked", Assert.Single(await suite.PayloadsAsync("appeal-decided:v1", revoked.DecisionId)).GetProperty("result").GetString());
    }

    private static async Task<AccountabilityDecision> Decide(SuiteHost suite, string matterId, string targetId, params string[] forms) =>
        await suite.Tolerance().DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matterId, TargetId = targetId, Forms = { forms }, Basis = "问责条例第八条" }, suite.Supervisor());
}
