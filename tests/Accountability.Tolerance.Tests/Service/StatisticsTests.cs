using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>
/// Matters and applications by status; tolerance and accountability decisions by outcome in a
/// period, the accountability decisions only while in force (an appeal's revocation or amendment
/// takes the decision out of the counts).
/// </summary>
public sealed class StatisticsTests
{
    [Fact]
    public async Task The_figures_count_matters_and_applications_by_status_and_the_decisions_of_the_period_by_outcome()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var decided = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-s1", "一", "县体育局"), ToleranceRpc.Cadre("cadre-s2", "二", "县体育局"));
        var open = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-s3", "三", "县体育局"), ToleranceRpc.Organisation("县体育局党组"));

        var exempted = await suite.VerifiedAsync(decided, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
        await suite.DecidedAsync(exempted.ApplicationId, ToleranceOutcome.Exempted);
        var lighter = await suite.VerifiedAsync(decided, "t2", ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation]);
        await suite.DecidedAsync(lighter.ApplicationId, ToleranceOutcome.Lighter);
        await suite.FeedbackAsync(exempted.ApplicationId);
        await suite.FeedbackAsync(lighter.ApplicationId);
        await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, open, "t1", [ToleranceGround.ForceMajeure]), suite.Handler());
        await Decide(suite, decided.MatterId, "t1");
        await Decide(suite, decided.MatterId, "t2", "admonishment", "circulated_criticism");
        await Decide(suite, open.MatterId, "t2", "org_inspection", "circulated_criticism");

        // On appeal a removal is amended to an admonishment and an admonishment revoked: neither counts any more.
        var appealed = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-s4", "四", "县体育局"), ToleranceRpc.Cadre("cadre-s5", "五", "县体育局"));
        var removal = await Decide(suite, appealed.MatterId, "t1", "org_removal");
        var admonishment = await Decide(suite, appealed.MatterId, "t2", "admonishment");
        foreach (var (decision, result, forms) in new[] { (removal, AppealResult.Amended, new[] { "admonishment" }), (admonishment, AppealResult.Revoked, Array.Empty<string>()) })
        {
            await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = decision.DecisionId, Appellant = decision.Cadre.Name, Grounds = "申诉" }, suite.Handler());
            await tolerance.DecideAppealAsync(new DecideAppealRequest { DecisionId = decision.DecisionId, Result = result, Reason = "复查", Forms = { forms } }, suite.Supervisor());
        }

        var today = suite.Clock.GetUtcNow();
        var figures = await tolerance.GetToleranceStatisticsAsync(new GetToleranceStatisticsRequest
        {
            From = Timestamp.FromDateTimeOffset(today.AddDays(-1)),
            To = Timestamp.FromDateTimeOffset(today.AddDays(1)),
        }, suite.As("auditor"));

        Assert.Equal([("open", 1L), ("decided", 2L), ("closed", 0L)], figures.MattersByStatus.Select(c => (c.Name, c.Count)));
        Assert.Equal(1, figures.ApplicationsByStatus.Single(c => c.Name == "submitted").Count);
        Assert.Equal(2, figures.ApplicationsByStatus.Single(c => c.Name == "feedback_given").Count);
        Assert.Equal(3, figures.ApplicationsByStatus.Sum(c => c.Count));
        Assert.Equal([("no_accountability", 0L), ("exempted", 1L), ("lighter", 1L), ("reduced", 0L), ("not_tolerated", 0L)], figures.ToleranceOutcomes.Select(c => (c.Name, c.Count)));

        // In force: the exemption, two decisions with forms of the first matters, and the amended admonishment.
        Assert.Equal((4L, 3L, 1L, 2L), (figures.AccountabilityDecisions, figures.HeldAccountable, figures.Exempted, figures.NoLongerInForce));
        Assert.Equal([("admonishment", 2L), ("circulated_criticism", 2L), ("org_inspection", 1L)], figures.Forms.Select(c => (c.Name, c.Count)));
        Assert.Equal([("upheld", 0L), ("revoked", 1L), ("amended", 1L)], figures.Appeals.Select(c => (c.Name, c.Count)));

        // Another period holds none of these decisions; the counts by status are of now.
        var later = await tolerance.GetToleranceStatisticsAsync(new GetToleranceStatisticsRequest
        {
            From = Timestamp.FromDateTimeOffset(today.AddDays(30)),
            To = Timestamp.FromDateTimeOffset(today.AddDays(60)),
        }, suite.Supervisor());
        Assert.Equal((0L, 0L), (later.AccountabilityDecisions, later.ToleranceOutcomes.Sum(c => c.Count)));
        Assert.Equal(3, later.MattersByStatus.Sum(c => c.Count));
    }

    private static async Task<AccountabilityDecision> Decide(SuiteHost suite, string matterId, string targetId, params string[] forms)
    {
        var matter = await suite.Tolerance().GetMatterAsync(new GetMatterRequest { MatterId = matterId }, suite.Supervisor());
        return await suite.Tolerance().DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matterId, TargetId = targetId, ExpectedVersion = matter.Version, Forms = { forms }, Basis = "问责条例第八条",
        }, suite.Supervisor());
    }
}
