using Accountability.Platform.Security;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Accountability.Tolerance.Tests.Service;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Tolerance.Tests.Security;

public sealed class AccessControlTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private static readonly string[] Workers = [Roles.Handler, Roles.Supervisor];
    private static readonly string[] Readers = [Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];
    private static readonly string[] AppointmentReaders = [.. Readers, Roles.OrgDept];

    /// <summary>
    /// The policy, one line per RPC: handlers and supervisors open matters and record the procedure;
    /// acceptance, the committee, decisions and approvals are the supervisor's; the organisation
    /// department reads decisions and continued-use reviews; only an administrator publishes rules.
    /// </summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["OpenMatter"] = Workers,
        ["GetMatter"] = Readers,
        ["ListMatters"] = Readers,
        ["CloseMatter"] = [Roles.Supervisor],
        ["FileApplication"] = Workers,
        ["AcceptApplication"] = [Roles.Supervisor],
        ["RejectApplication"] = [Roles.Supervisor],
        ["VerifyApplication"] = Workers,
        ["ConveneCommittee"] = [Roles.Supervisor],
        ["RecordVote"] = [Roles.Supervisor],
        ["DecideApplication"] = [Roles.Supervisor],
        ["StartVotingRound"] = [Roles.Supervisor],
        ["WithdrawApplication"] = [Roles.Supervisor],
        ["RecordFeedback"] = Workers,
        ["FileToleranceDecision"] = Workers,
        ["PublishToleranceDecision"] = [Roles.Supervisor],
        ["GetApplication"] = Readers,
        ["ListApplications"] = Readers,
        ["ExplainDecision"] = Readers,
        ["DecideAccountability"] = [Roles.Supervisor],
        ["GetAccountabilityDecision"] = AppointmentReaders,
        ["ListAccountabilityDecisions"] = AppointmentReaders,
        ["RecordHandlingCompleted"] = Workers,
        ["FileAccountabilityDecision"] = Workers,
        ["FileAppeal"] = Workers,
        ["DecideAppeal"] = [Roles.Supervisor],
        ["AddRectificationTask"] = Workers,
        ["CompleteRectificationTask"] = Workers,
        ["ListRectificationTasks"] = Readers,
        ["ListContinuedUseReviews"] = AppointmentReaders,
        ["RecordContinuedUseReview"] = Workers,
        ["ApproveContinuedUse"] = [Roles.Supervisor],
        ["PublishRuleSet"] = [Roles.Admin],
        ["GetRuleSet"] = Readers,
        ["GetToleranceStatistics"] = [Roles.Supervisor, Roles.Auditor, Roles.Admin],
    };

    private SuiteHost Suite => fixture.Suite;

    private static IEnumerable<MethodDescriptor> Methods => Protos.Tolerance.V1.Tolerance.Descriptor.Methods;

    [Fact]
    public void Every_tolerance_rpc_has_the_policy_of_the_issue()
    {
        var rules = Suite.Services.GetRequiredService<RpcAccess>().Rules;
        Assert.Equal(Expected.Keys.Order(), Methods.Select(m => m.Name).Order());
        Assert.All(Methods, m =>
        {
            var rule = rules[RpcAccess.FullName(m.Service, m.Name)];
            Assert.False(rule.Anonymous);
            Assert.Equal(Expected[m.Name].Order(), rule.Roles.Order());
        });
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated()
    {
        Assert.Empty(await AnyRpc.NotRefusedWithoutTokenAsync(Suite.Channel, Methods));
    }

    [Fact]
    public async Task Every_role_an_rpc_does_not_allow_is_denied_and_every_allowed_role_passes_the_gate()
    {
        var (failures, denials) = await AnyRpc.SweepRolesAsync(Suite.Channel, Methods, Roles.All, role => Suite.Token(role), (method, role) => Expected[method.Name].Contains(role));

        Assert.Empty(failures);
        Assert.True(denials > 150, $"only {denials} denied combinations were exercised");
    }

    [Fact]
    public async Task A_handler_sees_and_works_only_the_matters_of_their_department_and_everything_of_them()
    {
        var tolerance = Suite.Tolerance();
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre("cadre-scope", "宋", "县林业局"));
        var application = await Suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ForceMajeure]);
        var task = await tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "整改", Owner = "县林业局", DueInWorkingDays = 10 }, Suite.Handler());
        var other = Suite.Handler(department: "dept-2", subject: "handler-other");

        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.GetApplicationAsync(new GetApplicationRequest { ApplicationId = application.ApplicationId }, other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.ExplainDecisionAsync(new ExplainDecisionRequest { ApplicationId = application.ApplicationId }, other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.FileApplicationAsync(ToleranceRpc.Application(Suite, matter, "t1", [ToleranceGround.ForceMajeure]), other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.CompleteRectificationTaskAsync(new CompleteRectificationTaskRequest { TaskId = task.TaskId, Note = "x" }, other).ResponseAsync);
        Assert.DoesNotContain((await tolerance.ListMattersAsync(new ListMattersRequest(), other)).Matters, m => m.MatterId == matter.MatterId);
        Assert.DoesNotContain((await tolerance.ListApplicationsAsync(new ListApplicationsRequest(), other)).Applications, a => a.ApplicationId == application.ApplicationId);
        Assert.DoesNotContain((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest(), other)).Tasks, t => t.TaskId == task.TaskId);

        // Their own department's handler, the supervisor and the auditor see it.
        Assert.Contains((await tolerance.ListMattersAsync(new ListMattersRequest(), Suite.Handler())).Matters, m => m.MatterId == matter.MatterId);
        Assert.Contains((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { MatterId = matter.MatterId }, Suite.As(Roles.Auditor))).Applications, a => a.ApplicationId == application.ApplicationId);
        Assert.Equal(matter.MatterId, (await tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, Suite.Supervisor())).MatterId);

        // A handler opens matters for their own department only; a token without one opens none.
        var foreign = ToleranceRpc.Matter(ToleranceRpc.Cadre("cadre-x", "某", "县林业局"));
        foreign.Department = "dept-2";
        Assert.Equal(["department"], ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.OpenMatterAsync(foreign, Suite.Handler()).ResponseAsync)));
        Assert.Equal(["department"], ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument,
            () => tolerance.OpenMatterAsync(ToleranceRpc.Matter(ToleranceRpc.Cadre("cadre-y", "某", "县林业局")), Suite.As(Roles.Handler)).ResponseAsync)));
    }

    [Fact]
    public async Task A_handler_of_another_department_neither_sees_nor_works_the_decisions_and_reviews_of_a_matter()
    {
        var tolerance = Suite.Tolerance();
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre("cadre-scope-decision", "秦", "县林业局"));
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "org_removal" }, Basis = "问责条例第八条" }, Suite.Supervisor());
        var other = Suite.Handler(department: "dept-2", subject: "handler-other");

        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = decision.DecisionId }, other).ResponseAsync);
        Assert.Empty((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { CadreId = "cadre-scope-decision" }, other)).Decisions);
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-scope-decision" }, other)).Reviews);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.RecordContinuedUseReviewAsync(
            new RecordContinuedUseReviewRequest { ReviewId = decision.ReviewId, Performance = Performance.Outstanding, Opinion = "表现突出" }, other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = decision.DecisionId, Appellant = "秦", Grounds = "不服" }, other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = decision.DecisionId, Note = "已免职" }, other).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = decision.DecisionId, FiledWith = FilingRecipient.OrgDept }, other).ResponseAsync);

        // Nothing changed; the matter's own department sees and works all of it.
        var own = Suite.Handler();
        var unchanged = await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = decision.DecisionId }, own);
        Assert.Equal((decision.Version, null, ""), (unchanged.Version, unchanged.Appeal, unchanged.HandlingCompletedOn));
        Assert.Contains((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { CadreId = "cadre-scope-decision" }, own)).Decisions, d => d.DecisionId == decision.DecisionId);
        Assert.Contains((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-scope-decision" }, own)).Reviews, r => r.ReviewId == decision.ReviewId);
        Assert.Equal("2026-03-02", (await tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = decision.DecisionId, Note = "已免职" }, own)).HandlingCompletedOn);
        Assert.Equal("秦", (await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = decision.DecisionId, Appellant = "秦", Grounds = "不服" }, own)).Appeal.Appellant);
    }

    [Fact]
    public async Task The_organisation_department_reads_decisions_and_reviews_but_not_the_procedure()
    {
        var tolerance = Suite.Tolerance();
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre("cadre-orgdept", "韩", "县教育局"));
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "问责条例第八条" }, Suite.Supervisor());
        var orgdept = Suite.As(Roles.OrgDept);

        Assert.Equal(decision.DecisionId, (await tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = decision.DecisionId }, orgdept)).DecisionId);
        Assert.Contains((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { CadreId = "cadre-orgdept" }, orgdept)).Decisions, d => d.DecisionId == decision.DecisionId);
        Assert.Contains((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { CadreId = "cadre-orgdept" }, orgdept)).Reviews, r => r.DecisionId == decision.DecisionId);
        await ToleranceRpc.FailsWith(StatusCode.PermissionDenied, () => tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, orgdept).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.PermissionDenied, () => tolerance.ExplainDecisionAsync(new ExplainDecisionRequest { DecisionId = decision.DecisionId }, orgdept).ResponseAsync);
    }
}
