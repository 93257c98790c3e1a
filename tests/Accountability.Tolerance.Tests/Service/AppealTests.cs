using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>
/// Appeals (申诉): within 15 days of the decision's notification, the last day moved off a day that is
/// not a working day, decided within 30 (shared/domain.md §6.1, configurable).
/// </summary>
public sealed class AppealTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task An_appeal_on_the_fifteenth_day_holds_the_matter_open_and_amends_a_removal_to_an_admonishment_which_supersedes_it_from_the_original_approval_day()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-appeal", "申", "县文旅局"));
        var removed = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "org_removal" }, Basis = "问责条例第八条" }, suite.Supervisor());

        suite.AdvanceTo(new DateTimeOffset(2026, 3, 17, 10, 0, 0, Beijing));
        var appealed = await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = removed.DecisionId, Appellant = "申", Grounds = "事实认定有误，已尽到监管职责" }, suite.Handler());
        Assert.Equal(("2026-03-17", "2026-04-16", DecisionStatus.Effective), (appealed.Appeal.FiledOn, appealed.Appeal.DueOn, appealed.Status));
        Assert.Equal("2026-04-16", Assert.Single(appealed.Deadlines, d => d.Kind == "appeal_decision").DueDate);
        Assert.Equal(("2026-03-02", "2026-03-17"), (appealed.Appeal.NotifiedOn, appealed.Appeal.LastDay));
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = removed.DecisionId, Appellant = "申", Grounds = "再次申诉" }, suite.Handler()).ResponseAsync);

        // The matter is decided, but it does not close while the appeal awaits its decision.
        var decidedMatter = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
        Assert.Equal(MatterStatus.Decided, decidedMatter.Status);
        var closing = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.CloseMatterAsync(new CloseMatterRequest { MatterId = matter.MatterId }, suite.Supervisor()).ResponseAsync);
        Assert.Contains($"appeal {appealed.Appeal.AppealId} against decision {removed.DecisionId} is undecided", closing.Status.Detail, StringComparison.Ordinal);

        var amended = await tolerance.DecideAppealAsync(new DecideAppealRequest { DecisionId = removed.DecisionId, Result = AppealResult.Amended, Reason = "情节较轻，改为诫勉", Forms = { "admonishment" } }, suite.Supervisor());
        Assert.Equal((DecisionStatus.Superseded, AppealResult.Amended), (amended.Status, amended.Appeal.Result));
        Assert.All(amended.Deadlines, d => Assert.NotNull(d.MetAt));
        var replacement = await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = amended.SupersededByDecisionId }, suite.Supervisor());
        // Decided and approved on the appeal's day, but its impact period runs from the removal's
        // approval: the removal stayed in force during the appeal, so its restrictions already ran.
        Assert.Equal((removed.DecisionId, "admonishment", "2026-03-17", "2026-03-02"),
            (replacement.SupersedesDecisionId, Assert.Single(replacement.Forms).Kind, replacement.ApprovedOn, replacement.Forms[0].ImpactStartsOn));
        Assert.Equal(replacement.DecisionId, (await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor())).Targets[0].DecisionId);

        // The removal's review is cancelled; the admonishment's runs six months from the original approval.
        var reviews = (await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-appeal" }, suite.Supervisor())).Reviews;
        Assert.Equal(ReviewStatus.Cancelled, reviews.Single(r => r.DecisionId == removed.DecisionId).Status);
        Assert.Equal((ReviewStatus.Running, "2026-03-02", "2026-09-02"), reviews.Where(r => r.DecisionId == replacement.DecisionId).Select(r => (r.Status, r.ImpactStartsOn, r.ImpactEndsOn)).Single());

        // The superseded removal is no longer carried out nor filed.
        var handling = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = removed.DecisionId, Note = "已免职" }, suite.Handler()).ResponseAsync);
        Assert.Contains($"SUPERSEDED (superseded by {replacement.DecisionId})", handling.Status.Detail, StringComparison.Ordinal);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = removed.DecisionId, FiledWith = FilingRecipient.OrgDept }, suite.Handler()).ResponseAsync);
        await tolerance.FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = replacement.DecisionId, FiledWith = FilingRecipient.OrgDept }, suite.Handler());
        var current = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
        Assert.Equal(MatterStatus.Closed, (await tolerance.CloseMatterAsync(new CloseMatterRequest { MatterId = matter.MatterId, ExpectedVersion = current.Version }, suite.Supervisor())).Status);

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
        var exempted = await suite.Tolerance().DecideAccountabilityAsync(
            new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t2", DirectOutcome = ToleranceOutcome.Exempted, Basis = "问责条例第十七条" }, suite.Supervisor());
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

        // A revoked decision is not filed in the dossier.
        var filing = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = revoked.DecisionId, FiledWith = FilingRecipient.OrgDept }, suite.Handler()).ResponseAsync);
        Assert.Contains("is REVOKED", filing.Status.Detail, StringComparison.Ordinal);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = revoked.DecisionId, Note = "x" }, suite.Handler()).ResponseAsync);
        Assert.Empty(await suite.PayloadsAsync("decision-filed:v1", revoked.DecisionId));
    }

    [Fact]
    public async Task The_appeal_period_runs_from_the_notification_and_a_last_day_off_work_moves_to_the_next_working_day()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-w1", "周", "县文旅局"), ToleranceRpc.Cadre("cadre-w2", "末", "县文旅局"), ToleranceRpc.Cadre("cadre-w3", "节", "县文旅局"));
        var notified = await Decide(suite, matter.MatterId, "t1", "admonishment");
        var weekend = await Decide(suite, matter.MatterId, "t2", "admonishment");

        // Notified Friday 6 March: fifteen days end Saturday 21 March, so the last day is Monday 23 March.
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 23, 16, 0, 0, Beijing));
        var late = await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = notified.DecisionId, Appellant = "周", Grounds = "处理过重", NotifiedOn = "2026-03-06" }, suite.Handler());
        Assert.Equal(("2026-03-06", "2026-03-23", "2026-03-23"), (late.Appeal.NotifiedOn, late.Appeal.LastDay, late.Appeal.FiledOn));

        // Without a notification date the period ran from the decision, Monday 2 March, to Tuesday 17 March.
        var expired = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = weekend.DecisionId, Appellant = "末", Grounds = "x" }, suite.Handler()).ResponseAsync);
        Assert.Contains("the appeal period ended on 2026-03-17", expired.Status.Detail, StringComparison.Ordinal);

        // Notified before the decision, filed before the notification or in the future: bad input, nothing stored.
        async Task<List<string>> Refused(FileAppealRequest request) =>
            ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.FileAppealAsync(request, suite.Handler()).ResponseAsync));
        Assert.Equal(["notified_on"], await Refused(new FileAppealRequest { DecisionId = weekend.DecisionId, Appellant = "末", Grounds = "x", NotifiedOn = "2026-03-01" }));
        Assert.Equal(["filed_on"], await Refused(new FileAppealRequest { DecisionId = weekend.DecisionId, Appellant = "末", Grounds = "x", NotifiedOn = "2026-03-20", FiledOn = "2026-03-19" }));
        Assert.Equal(["filed_on", "notified_on"], await Refused(new FileAppealRequest { DecisionId = weekend.DecisionId, Appellant = "末", Grounds = "x", NotifiedOn = "2026-03-24", FiledOn = "2026-03-25" }));
        Assert.Null((await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = weekend.DecisionId }, suite.Supervisor())).Appeal);

        // Decided Wednesday 16 September: fifteen days end Thursday 1 October, National Day; the last day is Thursday 8 October.
        suite.AdvanceTo(new DateTimeOffset(2026, 9, 16, 10, 0, 0, Beijing));
        var holiday = await Decide(suite, matter.MatterId, "t3", "circulated_criticism");
        suite.AdvanceTo(new DateTimeOffset(2026, 10, 8, 17, 0, 0, Beijing));
        var onTime = await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = holiday.DecisionId, Appellant = "节", Grounds = "情况特殊" }, suite.Handler());
        Assert.Equal(("2026-10-08", "2026-11-07"), (onTime.Appeal.LastDay, onTime.Appeal.DueOn));
    }

    [Fact]
    public async Task An_amendment_keeps_the_forms_rule_it_has_forms_or_states_no_accountability_under_article_17()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-amend", "改", "县文旅局"));
        var decision = await Decide(suite, matter.MatterId, "t1", "party_warning");
        var appealed = await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = decision.DecisionId, Appellant = "改", Grounds = "对错误决策明确提出过反对意见" }, suite.Handler());
        async Task<List<string>> Refused(DecideAppealRequest request) =>
            ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.DecideAppealAsync(request, suite.Supervisor()).ResponseAsync));

        Assert.Equal(["forms"], await Refused(new DecideAppealRequest { DecisionId = decision.DecisionId, Result = AppealResult.Amended, Reason = "改判" }));
        Assert.Equal(["direct_outcome"], await Refused(new DecideAppealRequest { DecisionId = decision.DecisionId, Result = AppealResult.Upheld, Reason = "维持", DirectOutcome = ToleranceOutcome.Exempted }));
        Assert.Equal(["direct_outcome"], await Refused(new DecideAppealRequest { DecisionId = decision.DecisionId, Result = AppealResult.Amended, Reason = "改判", DirectOutcome = ToleranceOutcome.Reduced, Forms = { "admonishment" } }));
        Assert.Equal(["forms"], await Refused(new DecideAppealRequest { DecisionId = decision.DecisionId, Result = AppealResult.Amended, Reason = "改判", DirectOutcome = ToleranceOutcome.NoAccountability, Forms = { "admonishment" } }));
        Assert.Equal(appealed.Version, (await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = decision.DecisionId }, suite.Supervisor())).Version);

        var amended = await tolerance.DecideAppealAsync(new DecideAppealRequest
        {
            DecisionId = decision.DecisionId, Result = AppealResult.Amended, Reason = "经复查，属于对错误决策明确提出反对意见的情形", DirectOutcome = ToleranceOutcome.NoAccountability,
        }, suite.Supervisor());
        var replacement = await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = amended.SupersededByDecisionId }, suite.Supervisor());
        Assert.Equal((true, ToleranceOutcome.NoAccountability, "", DecisionStatus.Effective), (replacement.Exempted, replacement.ToleranceOutcome, replacement.ReviewId, replacement.Status));
        Assert.Equal(ReviewStatus.Cancelled, Assert.Single((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-amend" }, suite.Supervisor())).Reviews).Status);
        Assert.Equal("no_accountability", Assert.Single(await suite.PayloadsAsync("accountability-decided:v1", replacement.DecisionId)).GetProperty("toleranceOutcome").GetString());
    }

    private static async Task<AccountabilityDecision> Decide(SuiteHost suite, string matterId, string targetId, params string[] forms) =>
        await suite.Tolerance().DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matterId, TargetId = targetId, Forms = { forms }, Basis = "问责条例第八条" }, suite.Supervisor());
}
