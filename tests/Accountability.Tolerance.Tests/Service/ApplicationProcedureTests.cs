using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>The order of the procedure (shared/domain.md §6.3): after the matter opens and before its decision, one at a time, each step in turn.</summary>
public sealed class ApplicationProcedureTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task One_application_is_in_progress_per_target_and_the_accountability_decision_waits_for_it()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-order", "顺", "县农业农村局"));
        var first = await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), suite.Handler());

        var second = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ReformInexperience]), suite.Handler()).ResponseAsync);
        Assert.Contains($"application {first.ApplicationId} of target t1 is SUBMITTED", second.Status.Detail, StringComparison.Ordinal);
        var waiting = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.DecideAccountabilityAsync(
            new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "x" }, suite.Supervisor()).ResponseAsync);
        Assert.Contains("is SUBMITTED", waiting.Status.Detail, StringComparison.Ordinal);

        // Steps out of turn name the state.
        var early = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.VerifyApplicationAsync(
            ToleranceRpc.Verification(first.ApplicationId, ToleranceRpc.Facts(), [ToleranceGround.ForceMajeure]), suite.Handler()).ResponseAsync);
        Assert.Contains("is SUBMITTED; verify is not allowed", early.Status.Detail, StringComparison.Ordinal);

        // Rejected with its reason: a new application may follow, and the rejected one no longer holds the decision back.
        var rejected = await tolerance.RejectApplicationAsync(new RejectApplicationRequest { ApplicationId = first.ApplicationId, Reason = "申请事项不属于容错范围" }, suite.Supervisor());
        Assert.Equal((ApplicationStatus.Rejected, "申请事项不属于容错范围"), (rejected.Status, rejected.RejectionReason));
        var again = await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), suite.Handler());
        await tolerance.RejectApplicationAsync(new RejectApplicationRequest { ApplicationId = again.ApplicationId, Reason = "同一事项重复申请" }, suite.Supervisor());
        var current = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
        Assert.Equal(again.ApplicationId, current.Targets[0].ApplicationId);
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "x" }, suite.Supervisor());
        Assert.Equal(ToleranceOutcome.Unspecified, decision.ToleranceOutcome);

        // After the decision, no application.
        var late = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), suite.Handler()).ResponseAsync);
        Assert.Contains("already has its accountability decision", late.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await tolerance.ListApplicationsAsync(new ListApplicationsRequest { Status = ApplicationStatus.Rejected, MatterId = matter.MatterId }, suite.Handler())).Applications.Count);
    }

    [Fact]
    public async Task An_application_not_accepted_within_five_working_days_is_listed_overdue_and_a_lighter_outcome_is_never_published()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-slow", "慢", "县市场监管局"), ToleranceRpc.Cadre("cadre-light", "轻", "县市场监管局"));
        var slow = await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), suite.Handler());
        var lighter = await suite.VerifiedAsync(matter, "t2", ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation]);
        await suite.DecidedAsync(lighter.ApplicationId, ToleranceOutcome.Lighter);

        // Due Monday 9 March; overdue from Tuesday 10 March.
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 9, 22, 0, 0, Beijing));
        Assert.DoesNotContain((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { OverdueOnly = true }, suite.Handler())).Applications, a => a.ApplicationId == slow.ApplicationId);
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 10, 9, 0, 0, Beijing));
        var overdue = (await tolerance.ListApplicationsAsync(new ListApplicationsRequest { OverdueOnly = true }, suite.Handler())).Applications;
        Assert.Equal([(slow.ApplicationId, "2026-03-09"), (lighter.ApplicationId, "2026-03-09")], overdue.Select(a => (a.ApplicationId, a.NextDueDate)).OrderBy(a => a.ApplicationId == lighter.ApplicationId));
        Assert.True(overdue.All(a => a.Overdue));

        // The lighter one: feedback (late), filing, but no publication.
        var fed = await tolerance.RecordFeedbackAsync(new RecordFeedbackRequest { ApplicationId = lighter.ApplicationId, DeliveredOn = "2026-03-10", Reference = "告知书" }, suite.Handler());
        Assert.True(Assert.Single(fed.Deadlines, d => d.Kind == "feedback").MetAt is not null);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.PublishToleranceDecisionAsync(new PublishToleranceDecisionRequest { ApplicationId = lighter.ApplicationId, Scope = "全县", Notice = "x" }, suite.Supervisor()).ResponseAsync);
        await tolerance.FileToleranceDecisionAsync(new FileToleranceDecisionRequest { ApplicationId = lighter.ApplicationId, FiledWith = FilingRecipient.OrgDept }, suite.Handler());
        var twice = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileToleranceDecisionAsync(new FileToleranceDecisionRequest { ApplicationId = lighter.ApplicationId, FiledWith = FilingRecipient.OrgDept }, suite.Handler()).ResponseAsync);
        Assert.Contains("already filed with org_dept on 2026-03-10", twice.Status.Detail, StringComparison.Ordinal);
        var published = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.PublishToleranceDecisionAsync(new PublishToleranceDecisionRequest { ApplicationId = lighter.ApplicationId, Scope = "全县", Notice = "x" }, suite.Supervisor()).ResponseAsync);
        Assert.Contains("only no_accountability or exempted is published", published.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_decided_application_stands_and_no_new_application_replaces_it()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-stands", "定", "县交通运输局"));
        var decided = await suite.DecidedAsync((await suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation])).ApplicationId, ToleranceOutcome.Lighter);

        // A second application hoping for a better outcome is refused while the decision is DECIDED, and after its feedback.
        var afterDecision = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ReformInexperience]), suite.Handler()).ResponseAsync);
        Assert.Contains($"application {decided.ApplicationId} of target t1 is DECIDED", afterDecision.Status.Detail, StringComparison.Ordinal);
        await suite.FeedbackAsync(decided.ApplicationId);
        var afterFeedback = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ReformInexperience]), suite.Handler()).ResponseAsync);
        Assert.Contains("is FEEDBACK_GIVEN", afterFeedback.Status.Detail, StringComparison.Ordinal);
        Assert.Single(await suite.EventsAsync("tolerance-applied:v1"));

        // The target still points at the decided application, and the accountability decision follows its outcome.
        var current = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
        Assert.Equal(decided.ApplicationId, current.Targets[0].ApplicationId);
        var exempting = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.DecideAccountabilityAsync(
            new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Basis = "x" }, suite.Supervisor()).ResponseAsync);
        Assert.Equal(["forms"], ToleranceRpc.BadFields(exempting));
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "从轻问责" }, suite.Supervisor());
        Assert.Equal((ToleranceOutcome.Lighter, decided.ApplicationId), (decision.ToleranceOutcome, decision.ApplicationId));
    }

    [Fact]
    public async Task The_accountability_decision_waits_for_the_written_feedback_and_is_not_dated_before_the_tolerance_decision()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-feedback", "馈", "县交通运输局"));
        var verified = await suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation]);
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 5, 10, 0, 0, Beijing));
        var decided = await suite.DecidedAsync(verified.ApplicationId, ToleranceOutcome.Lighter);
        DecideAccountabilityRequest Request(string? decidedOn = null) =>
            new() { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "从轻问责", DecidedOn = decidedOn ?? "" };

        var early = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.DecideAccountabilityAsync(Request(), suite.Supervisor()).ResponseAsync);
        Assert.Contains($"tolerance application {decided.ApplicationId} of target t1 is DECIDED: its written feedback comes first", early.Status.Detail, StringComparison.Ordinal);
        await suite.FeedbackAsync(decided.ApplicationId);

        var backdated = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.DecideAccountabilityAsync(Request("2026-03-04"), suite.Supervisor()).ResponseAsync);
        Assert.Equal(["decided_on"], ToleranceRpc.BadFields(backdated));
        Assert.Contains("before the tolerance decision (2026-03-05)", backdated.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await suite.EventsAsync("accountability-decided:v1"));
        var decision = await tolerance.DecideAccountabilityAsync(Request("2026-03-05"), suite.Supervisor());
        Assert.Equal(("2026-03-05", ToleranceOutcome.Lighter), (decision.DecidedOn, decision.ToleranceOutcome));

        // Configured not to wait, the decision may follow the committee at once.
        await using var eager = await SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["Tolerance:RequireFeedbackBeforeDecision"] = "false" });
        var other = await eager.OpenAsync(ToleranceRpc.Cadre("cadre-eager", "急", "县交通运输局"));
        await eager.DecidedAsync((await eager.VerifiedAsync(other, "t1", ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation])).ApplicationId, ToleranceOutcome.Lighter);
        var immediate = await eager.Tolerance().DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = other.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "从轻问责" }, eager.Supervisor());
        Assert.Equal(ToleranceOutcome.Lighter, immediate.ToleranceOutcome);
    }

    [Fact]
    public async Task A_decision_without_forms_needs_a_tolerance_outcome_of_no_accountability_stated_by_the_committee_or_under_article_17()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-a17", "甲", "县林业局"), ToleranceRpc.Organisation("县林业局党组"), ToleranceRpc.Cadre("cadre-a17b", "乙", "县林业局"));
        var lighter = await suite.DecidedAsync((await suite.VerifiedAsync(matter, "t3", ToleranceRpc.Facts(), mitigations: [Mitigation.ActiveCooperation])).ApplicationId, ToleranceOutcome.Lighter);
        await suite.FeedbackAsync(lighter.ApplicationId);
        var before = await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor());
        async Task<List<string>> Refused(DecideAccountabilityRequest request) =>
            ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.DecideAccountabilityAsync(request, suite.Supervisor()).ResponseAsync));
        DecideAccountabilityRequest Request(string target, ToleranceOutcome direct, params string[] forms) =>
            new() { MatterId = matter.MatterId, TargetId = target, Basis = "问责条例第十七条", DirectOutcome = direct, Forms = { forms } };

        // No application, no forms, nothing stated: refused, not quietly exempted.
        Assert.Equal(["forms"], await Refused(Request("t1", ToleranceOutcome.Unspecified)));
        Assert.Equal(["direct_outcome"], await Refused(Request("t1", ToleranceOutcome.Lighter, "admonishment")));
        Assert.Equal(["forms"], await Refused(Request("t1", ToleranceOutcome.Exempted, "admonishment")));
        Assert.Equal(["direct_outcome"], await Refused(Request("t1", (ToleranceOutcome)42)));
        Assert.Equal(["direct_outcome"], await Refused(Request("t3", ToleranceOutcome.Exempted)));
        Assert.Equal(before.Version, (await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, suite.Supervisor())).Version);
        Assert.Empty(await suite.EventsAsync("accountability-decided:v1"));

        // 不予问责 under Art.17 for the cadre and 免予问责 for the Party organisation, stated, stored and announced.
        var none = await tolerance.DecideAccountabilityAsync(Request("t1", ToleranceOutcome.NoAccountability), suite.Supervisor());
        Assert.Equal((true, ToleranceOutcome.NoAccountability, "", ""), (none.Exempted, none.ToleranceOutcome, none.ApplicationId, none.ReviewId));
        var organisation = await tolerance.DecideAccountabilityAsync(Request("t2", ToleranceOutcome.Exempted), suite.Supervisor());
        Assert.Equal((true, ToleranceOutcome.Exempted), (organisation.Exempted, organisation.ToleranceOutcome));
        var announced = Assert.Single(await suite.PayloadsAsync("accountability-decided:v1", none.DecisionId));
        Assert.Equal((true, "no_accountability"), (announced.GetProperty("exempted").GetBoolean(), announced.GetProperty("toleranceOutcome").GetString()));

        // With the committee's outcome the field may repeat it.
        var repeated = await tolerance.DecideAccountabilityAsync(Request("t3", ToleranceOutcome.Unspecified, "admonishment"), suite.Supervisor());
        Assert.Equal(ToleranceOutcome.Lighter, repeated.ToleranceOutcome);
    }
}
