using System.Text.Json;
using Accountability.Platform.Deadlines;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>
/// Acceptance 5: rectification tasks past due show as overdue from the day after their due day and
/// raise events on the right working day: the approaching alert Tolerance:RectificationApproachingWorkingDays
/// working days before the due day, the breach on the first working day after it.
/// </summary>
public sealed class RectificationDeadlineTests
{
    /// <summary>Monday 2026-09-28, 10:00 Beijing time.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 9, 28, 2, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_task_due_in_five_working_days_across_national_day_is_announced_two_working_days_ahead_overdue_the_day_after_it_is_due_and_raised_on_the_next_working_day()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Monday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Tolerance.Domain.RectificationTask>>();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Organisation("清水县应急管理局党组"));

        // Mon 28 Sep: Tue 29 (1), Wed 30 (2), 1–7 Oct National Day, Thu 8 (3), Fri 9 (4), Sat 10 Oct, an adjusted working day (5).
        var task = await tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest
        {
            MatterId = matter.MatterId,
            Description = "建立危化品仓储安全巡查台账",
            Owner = "县应急管理局",
            DueInWorkingDays = 5,
        }, suite.Handler());
        Assert.Equal(("2026-10-10", RectificationStatus.Open, false), (task.DueDate, task.Status, task.Overdue));

        // Nothing through the holiday: the approaching alert is two working days before the due day, Thu 8 October.
        suite.AdvanceTo(new DateTimeOffset(2026, 10, 7, 23, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Empty(await suite.EventsAsync("rectification-task-alerted:v1"));

        suite.AdvanceTo(new DateTimeOffset(2026, 10, 8, 8, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var approaching = Assert.Single(await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId));
        Assert.Equal(("approaching", "2026-10-10", "县应急管理局"), (approaching.GetProperty("alert").GetString(), approaching.GetProperty("dueDate").GetString(), approaching.GetProperty("owner").GetString()));

        // The due day itself (a Saturday, but a working day) is not overdue.
        suite.AdvanceTo(new DateTimeOffset(2026, 10, 10, 23, 59, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Empty((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { OverdueOnly = true }, suite.Handler())).Tasks);
        Assert.Single(await suite.EventsAsync("rectification-task-alerted:v1"));

        // Sunday 11 October, a day off: overdue and listed, but nobody is there to read an alert.
        suite.AdvanceTo(new DateTimeOffset(2026, 10, 11, 0, 1, 0, Beijing));
        await monitor.ScanAsync(ct);
        var overdue = Assert.Single((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { MatterId = matter.MatterId, OverdueOnly = true }, suite.Handler())).Tasks);
        Assert.Equal((task.TaskId, true), (overdue.TaskId, overdue.Overdue));
        Assert.Single(await suite.EventsAsync("rectification-task-alerted:v1"));

        // Monday 12 October, the first working day after the due day: the breach is raised, once.
        suite.AdvanceTo(new DateTimeOffset(2026, 10, 12, 8, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var alerts = await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId);
        Assert.Equal(["approaching", "breached"], alerts.Select(a => a.GetProperty("alert").GetString()));
        Assert.Equal((matter.MatterId, new DateTimeOffset(2026, 10, 12, 8, 0, 0, Beijing)), (alerts[1].GetProperty("matterId").GetString(), alerts[1].GetProperty("detectedAt").GetDateTimeOffset()));
        overdue = (await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { MatterId = matter.MatterId, OverdueOnly = true }, suite.Handler())).Tasks.Single();

        // Completed late: no longer overdue, nothing more raised.
        var completed = await tolerance.CompleteRectificationTaskAsync(new CompleteRectificationTaskRequest { TaskId = task.TaskId, Note = "台账已建立", ExpectedVersion = overdue.Version }, suite.Handler());
        Assert.Equal((RectificationStatus.Completed, "2026-10-12", false), (completed.Status, completed.CompletedOn, completed.Overdue));
        Assert.Empty((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { OverdueOnly = true }, suite.Handler())).Tasks);
        suite.AdvanceTo(new DateTimeOffset(2026, 10, 20, 9, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Equal(2, (await suite.EventsAsync("rectification-task-alerted:v1")).Count);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.CompleteRectificationTaskAsync(new CompleteRectificationTaskRequest { TaskId = task.TaskId, Note = "重复" }, suite.Handler()).ResponseAsync);
        Assert.Equal(["rectification_task.added", "rectification_task.complete"], await suite.AuditActionsAsync(task.TaskId));
    }

    [Fact]
    public async Task A_task_due_before_a_holiday_is_overdue_through_it_and_raises_its_breach_on_the_first_working_day_after_it_and_a_past_due_date_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Monday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Tolerance.Domain.RectificationTask>>();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-task", "孙", "县水利局"));

        var past = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest
        {
            MatterId = matter.MatterId, Description = "整改", Owner = "孙", DueDate = "2026-09-25",
        }, suite.Handler()).ResponseAsync);
        Assert.Equal(["due_date"], ToleranceRpc.BadFields(past));

        var task = await tolerance.AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "完成自查报告", Owner = "孙", DueDate = "2026-09-30" }, suite.Handler());

        // Due Wednesday 30 September: approaching on Monday 28 (two working days before), overdue from
        // Thursday 1 October, the first day of National Day; the breach waits for Thursday 8 October.
        await monitor.ScanAsync(ct);
        Assert.Equal(["approaching"], (await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId)).Select(a => a.GetProperty("alert").GetString()));
        foreach (var day in new[] { 1, 4, 7 })
        {
            suite.AdvanceTo(new DateTimeOffset(2026, 10, day, 12, 0, 0, Beijing));
            await monitor.ScanAsync(ct);
            Assert.True(Assert.Single((await tolerance.ListRectificationTasksAsync(new ListRectificationTasksRequest { MatterId = matter.MatterId }, suite.Handler())).Tasks).Overdue);
            Assert.Single(await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId));
        }

        suite.AdvanceTo(new DateTimeOffset(2026, 10, 8, 0, 30, 0, Beijing));
        await monitor.ScanAsync(ct);
        var breach = (await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId))[^1];
        Assert.Equal(("breached", "2026-09-30"), (breach.GetProperty("alert").GetString(), breach.GetProperty("dueDate").GetString()));
        Assert.Equal(new DateTimeOffset(2026, 10, 8, 0, 30, 0, Beijing), breach.GetProperty("detectedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task The_approaching_alert_fires_the_configured_number_of_working_days_before_the_due_day()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Monday, new Dictionary<string, string?> { ["Tolerance:RectificationApproachingWorkingDays"] = "4" });
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Tolerance.Domain.RectificationTask>>();
        var matter = await suite.OpenAsync(ToleranceRpc.Organisation("清水县交通运输局党组"));

        // Due Monday 12 October: four working days before are Sat 10 (adjusted), Fri 9, Thu 8 and Wed 30 September.
        var task = await suite.Tolerance().AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = matter.MatterId, Description = "整改", Owner = "县交通运输局", DueDate = "2026-10-12" }, suite.Handler());
        suite.AdvanceTo(new DateTimeOffset(2026, 9, 29, 18, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Empty(await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId));
        suite.AdvanceTo(new DateTimeOffset(2026, 9, 30, 8, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Equal("approaching", Assert.Single(await suite.PayloadsAsync("rectification-task-alerted:v1", task.TaskId)).GetProperty("alert").GetString());
    }
}
