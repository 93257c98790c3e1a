using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>
/// The worklist filters: applications, accountability decisions, rectification tasks and
/// continued-use reviews due within N working days (overdue included), in the caller's department only.
/// </summary>
public sealed class DueWithinTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task Applications_decisions_and_tasks_due_within_working_days_are_listed_for_their_department_until_done()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();

        // An application: accept or reject by Monday 9 March (5 WD).
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-zhang", "张明", "清水县经济开发区管委会"));
        var application = await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ReformInexperience]), suite.Handler());
        Assert.Empty((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { DueWithinWorkingDays = 4 }, suite.Handler())).Applications);
        Assert.Equal(application.ApplicationId, Assert.Single((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { DueWithinWorkingDays = 5 }, suite.Handler())).Applications).ApplicationId);

        // A task due in 10 WD (Monday 16 March).
        var task = await tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "完善试点风险评估制度", Owner = "开发区管委会", DueInWorkingDays = 10 }, suite.Handler());
        Assert.Empty((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { DueWithinWorkingDays = 9 }, suite.Handler())).Tasks);
        Assert.Equal(task.TaskId, Assert.Single((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { DueWithinWorkingDays = 10 }, suite.Handler())).Tasks).TaskId);

        // A decision with organisational handling (免职), due one month after it: Thursday 2 April, the 23rd working day.
        var other = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-li", "李军", "清水县应急管理局"));
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = other.MatterId, TargetId = "t1", Forms = { "org_removal" }, Basis = "问责条例第八条" }, suite.Supervisor());
        Assert.Equal("2026-04-02", Assert.Single(decision.Deadlines, d => d.MetAt is null).DueDate);
        Assert.Empty((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { DueWithinWorkingDays = 22 }, suite.Handler())).Decisions);
        Assert.Equal(decision.DecisionId, Assert.Single((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { DueWithinWorkingDays = 23 }, suite.Handler())).Decisions).DecisionId);
        Assert.Empty((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { OverdueOnly = true }, suite.Handler())).Decisions);

        // Another department's handler sees none of them.
        var stranger = suite.Handler("dept-2", "handler-zhao");
        Assert.Empty((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { DueWithinWorkingDays = 30 }, stranger)).Applications);
        Assert.Empty((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { DueWithinWorkingDays = 30 }, stranger)).Tasks);
        Assert.Empty((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { DueWithinWorkingDays = 30 }, stranger)).Decisions);

        // Tuesday 17 March: the task is overdue and still listed; the application, accepted, is due for verification later.
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 17, 9, 0, 0, Beijing));
        Assert.Equal(task.TaskId, Assert.Single((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { DueWithinWorkingDays = 1 }, suite.Handler())).Tasks).TaskId);
        var accepted = await tolerance.AcceptApplicationAsync(new AcceptApplicationRequest { ApplicationId = application.ApplicationId }, suite.Supervisor());
        Assert.Empty((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { DueWithinWorkingDays = 19 }, suite.Handler())).Applications);
        Assert.Single((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { DueWithinWorkingDays = 20 }, suite.Handler())).Applications);
        Assert.Equal(ApplicationStatus.Accepted, accepted.Status);

        // Done is off the list.
        await tolerance.CompleteRectificationTaskAsync(new CompleteRectificationTaskRequest { TaskId = task.TaskId, Note = "已印发" }, suite.Handler());
        await tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = decision.DecisionId, Note = "已免职" }, suite.Handler());
        Assert.Empty((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { DueWithinWorkingDays = 366 }, suite.Handler())).Tasks);
        Assert.Empty((await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { DueWithinWorkingDays = 366 }, suite.Handler())).Decisions);

        foreach (var call in new Func<Task>[]
        {
            () => tolerance.ListApplicationsAsync(new ListApplicationsRequest { DueWithinWorkingDays = 367 }, suite.Handler()).ResponseAsync,
            () => tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { DueWithinWorkingDays = -1 }, suite.Handler()).ResponseAsync,
            () => tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { DueWithinWorkingDays = 367 }, suite.Handler()).ResponseAsync,
            () => tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = -1 }, suite.Handler()).ResponseAsync,
        })
        {
            Assert.Equal(["due_within_working_days"], ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, call)));
        }
    }

    [Fact]
    public async Task A_continued_use_review_is_listed_in_the_working_days_before_the_impact_period_ends_and_not_once_recorded()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-wu", "吴刚", "清水县住房和城乡建设局"));

        // 诫勉 from today: six months, the review falls due on the last day, Tuesday 1 September.
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "问责条例第八条" }, suite.Supervisor());
        Assert.NotEmpty(decision.ReviewId);
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = 100 }, suite.Handler())).Reviews);

        // Tuesday 25 August: 26, 27, 28, 31 August and 1 September are the next five working days.
        suite.AdvanceTo(new DateTimeOffset(2026, 8, 25, 9, 0, 0, Beijing));
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = 4 }, suite.Handler())).Reviews);
        var review = Assert.Single((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = 5 }, suite.Handler())).Reviews);
        Assert.Equal((decision.ReviewId, "2026-09-02"), (review.ReviewId, review.ImpactEndsOn));
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = 5 }, suite.Handler("dept-2", "handler-zhao"))).Reviews);

        // Due from 2 September; recorded, it is off the list.
        suite.AdvanceTo(new DateTimeOffset(2026, 9, 2, 9, 0, 0, Beijing));
        Assert.Single((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = 1 }, suite.Handler())).Reviews);
        await tolerance.RecordContinuedUseReviewAsync(new RecordContinuedUseReviewRequest { ReviewId = review.ReviewId, Performance = Performance.Satisfactory, Opinion = "表现一般" }, suite.Handler());
        Assert.Empty((await tolerance.ListContinuedUseReviewsAsync(new ListContinuedUseReviewsRequest { DueWithinWorkingDays = 366 }, suite.Handler())).Reviews);
    }
}
