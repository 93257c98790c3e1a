using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using Common = Accountability.Protos.Common.V1;
using Stored = Accountability.Tolerance.Domain;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>Acceptance 6: every bad field named (INVALID_ARGUMENT with BadRequest), and nothing stored.</summary>
public sealed class ValidationTests
{
    [Fact]
    public async Task Bad_input_to_every_kind_of_call_names_each_field_and_stores_nothing()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-bad", "陈", "县卫健委"), ToleranceRpc.Organisation("县卫健委党组"));
        var application = await suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
        var before = await CountsAsync(suite);

        async Task<List<string>> Refused(Func<Task> call) => ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, call));

        var open = new OpenMatterRequest
        {
            Source = MatterSource.Clue,
            ProposedForm = "warning",
            Targets =
            {
                new TargetInput { Kind = TargetKind.Cadre, OrganisationName = "x", Cadre = new Cadre { Name = "", Level = (Common.Level)9 } },
                new TargetInput { Kind = TargetKind.Organisation, Cadre = new Cadre { Name = "y" } },
                new TargetInput(),
            },
        };
        Assert.Equal(
            ["idempotency_key", "facts", "duty_breached", "source", "proposed_form", "targets[0].cadre.name", "targets[0].cadre.level",
             "targets[0].organisation_name", "targets[1].organisation_name", "targets[1].cadre", "targets[2].kind"],
            await Refused(() => tolerance.OpenMatterAsync(open, suite.Handler()).ResponseAsync));

        Assert.Equal(
            ["expected_version", "target_id", "applicant_kind", "applicant_name", "written_on", "reference", "grounds[0]"],
            await Refused(() => tolerance.FileApplicationAsync(new FileApplicationRequest
            {
                MatterId = matter.MatterId, ExpectedVersion = -1, WrittenOn = "2026-02-30", Grounds = { (ToleranceGround)42 },
            }, suite.Handler()).ResponseAsync));

        Assert.Equal(["written_on"], await Refused(() => tolerance.FileApplicationAsync(With(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), a => a.WrittenOn = "2026-12-01"), suite.Handler()).ResponseAsync));
        Assert.Equal(["grounds"], await Refused(() => tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1"), suite.Handler()).ResponseAsync));
        Assert.Equal(["target_id"], await Refused(() => tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t2", [ToleranceGround.ForceMajeure]), suite.Handler()).ResponseAsync));
        Assert.Equal(["written_on"], await Refused(() => tolerance.FileApplicationAsync(With(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), a => a.WrittenOn = "2026-02-27"), suite.Handler()).ResponseAsync));

        var factors = ToleranceRpc.Factors().ToList();
        factors[1].Evidence.Clear();
        factors[2].Evidence[0].Sha256 = "not-a-digest";
        factors[5].Kind = AssessmentFactor.Motive;
        var verify = new VerifyApplicationRequest { ApplicationId = application.ApplicationId, Facts = new VerifiedFacts { LossesRecoveredPercent = 120 }, Factors = { factors } };
        Assert.Equal(
            ["facts.losses_recovered_percent", "factors[1].evidence", "factors[2].evidence[0].sha256", "factors[5].kind", "factors"],
            await Refused(() => tolerance.VerifyApplicationAsync(verify, suite.Handler()).ResponseAsync));

        Assert.Equal(
            ["name", "meeting_date", "members", "members[0].member_id", "members[1].member_id"],
            await Refused(() => tolerance.ConveneCommitteeAsync(new ConveneCommitteeRequest
            {
                ApplicationId = application.ApplicationId, MeetingDate = "2026-03-03",
                Members = { new CommitteeMember { Name = "a" }, new CommitteeMember { MemberId = "", Name = "b" } },
            }, suite.Supervisor()).ResponseAsync));

        Assert.Equal(["member_id", "outcome"], await Refused(() => tolerance.RecordVoteAsync(new RecordVoteRequest { ApplicationId = application.ApplicationId }, suite.Supervisor()).ResponseAsync));
        Assert.Equal(["forms[0]", "decided_on"], await Refused(() => tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matter.MatterId, TargetId = "t2", Forms = { "警告", "org_removal" }, Basis = "x", DecidedOn = "03/02/2026",
        }, suite.Supervisor()).ResponseAsync));
        Assert.Equal(["forms[0]"], await Refused(() => tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matter.MatterId, TargetId = "t2", Forms = { "org_removal" }, Basis = "党组织不适用免职",
        }, suite.Supervisor()).ResponseAsync));
        Assert.Equal(["approved_on"], await Refused(() => tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matter.MatterId, TargetId = "t2", Forms = { "circulated_criticism" }, Basis = "x", DecidedOn = "2026-03-02", ApprovedOn = "2026-03-01",
        }, suite.Supervisor()).ResponseAsync));
        Assert.Equal(["due_date"], await Refused(() => tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "d", Owner = "o" }, suite.Handler()).ResponseAsync));
        Assert.Equal(["due_in_working_days"], await Refused(() => tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "d", Owner = "o", DueDate = "2026-04-01", DueInWorkingDays = 3 }, suite.Handler()).ResponseAsync));
        Assert.Equal(["application_id"], await Refused(() => tolerance.ExplainDecisionAsync(new ExplainDecisionRequest(), suite.Supervisor()).ResponseAsync));
        Assert.Equal(["status", "page_size", "page_token"], await Refused(() => tolerance.ListApplicationsAsync(new ListApplicationsRequest { Status = (ApplicationStatus)42, PageSize = 1000, PageToken = "forged" }, suite.Supervisor()).ResponseAsync));
        Assert.Equal(["to"], await Refused(() => tolerance.GetToleranceStatisticsAsync(new GetToleranceStatisticsRequest
        {
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow()),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow()),
        }, suite.Supervisor()).ResponseAsync));
        Assert.Equal(["rule_set"], await Refused(() => tolerance.PublishRuleSetAsync(new PublishRuleSetRequest(), suite.As(Roles.Admin)).ResponseAsync));

        Assert.Equal(before, await CountsAsync(suite));
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.GetApplicationAsync(new GetApplicationRequest { ApplicationId = "application_missing" }, suite.Supervisor()).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.Aborted, () => tolerance.CloseMatterAsync(new CloseMatterRequest { MatterId = matter.MatterId, ExpectedVersion = matter.Version + 7 }, suite.Supervisor()).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.Aborted, () => tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matter.MatterId, TargetId = "t2", ExpectedVersion = matter.Version, Forms = { "circulated_criticism" }, Basis = "版本已过时",
        }, suite.Supervisor()).ResponseAsync);
        Assert.Equal(before, await CountsAsync(suite));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_rectification_task_and_a_reused_one_for_another_task_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Organisation("县民政局党组"));
        var request = new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "建立救助资金台账", Owner = "县民政局", DueInWorkingDays = 10, IdempotencyKey = Guid.NewGuid().ToString("N") };

        var first = await tolerance.AddRectificationTaskAsync(request, suite.Handler());
        var again = await tolerance.AddRectificationTaskAsync(request, suite.Handler());
        Assert.Equal((first.TaskId, first.Version), (again.TaskId, again.Version));

        request.Description += "（补充）";
        var reused = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.AddRectificationTaskAsync(request, suite.Handler()).ResponseAsync);
        Assert.Equal(["idempotency_key"], ToleranceRpc.BadFields(reused));
        Assert.Single((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { MatterId = matter.MatterId }, suite.Handler())).Tasks);
        Assert.Equal(["rectification_task.added"], await suite.AuditActionsAsync(first.TaskId));

        // Without a key every call adds a task.
        request.IdempotencyKey = "";
        await tolerance.AddRectificationTaskAsync(request, suite.Handler());
        await tolerance.AddRectificationTaskAsync(request, suite.Handler());
        Assert.Equal(3, (await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { MatterId = matter.MatterId }, suite.Handler())).Tasks.Count);
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_first_matter_and_a_reused_one_for_other_content_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var request = ToleranceRpc.Matter(ToleranceRpc.Cadre("cadre-idem", "冯", "县民政局"));
        var first = await suite.Tolerance().OpenMatterAsync(request, suite.Handler());
        var again = await suite.Tolerance().OpenMatterAsync(request, suite.Handler());
        Assert.Equal(first.MatterId, again.MatterId);

        request.Facts += "（补充）";
        var reused = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => suite.Tolerance().OpenMatterAsync(request, suite.Handler()).ResponseAsync);
        Assert.Equal(["idempotency_key"], ToleranceRpc.BadFields(reused));
        Assert.Single(await suite.EventsAsync("matter-opened:v1"));
    }

    private static T With<T>(T message, Action<T> change)
    {
        change(message);
        return message;
    }

    /// <summary>Every stored document, outbox message and audit record of the service.</summary>
    private static async Task<(long, long, long, long, long, long)> CountsAsync(SuiteHost suite)
    {
        var store = suite.Store(ToleranceModule.Name);
        var ct = TestContext.Current.CancellationToken;
        return (
            await store.CountAsync(Stored.Matter.Collection, null, ct) + await store.CountAsync(Stored.ToleranceApplication.Collection, null, ct),
            await store.CountAsync(Stored.AccountabilityDecision.Collection, null, ct) + await store.CountAsync(Stored.RectificationTask.Collection, null, ct),
            await store.CountAsync(Stored.Evaluation.Collection, null, ct) + await store.CountAsync(Stored.RuleSetRecord.Collection, null, ct),
            await store.CountAsync(Stored.ContinuedUseReview.Collection, null, ct),
            await store.CountAsync(OutboxMessage.Collection, null, ct),
            await store.CountAsync(AuditRecord.Collection, null, ct));
    }
}
