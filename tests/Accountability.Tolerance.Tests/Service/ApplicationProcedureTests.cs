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
        var twice = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.FileToleranceDecisionAsync(new FileToleranceDecisionRequest { ApplicationId = lighter.ApplicationId, FiledWith = FilingRecipient.OrgDept }, suite.Handler()).ResponseAsync);
        Assert.Equal(["filed_with"], ToleranceRpc.BadFields(twice));
        var published = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.PublishToleranceDecisionAsync(new PublishToleranceDecisionRequest { ApplicationId = lighter.ApplicationId, Scope = "全县", Notice = "x" }, suite.Supervisor()).ResponseAsync);
        Assert.Contains("only no_accountability or exempted is published", published.Status.Detail, StringComparison.Ordinal);
    }
}
