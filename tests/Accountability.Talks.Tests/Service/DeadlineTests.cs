using System.Text.Json;
using Accountability.Platform.Deadlines;
using Accountability.Protos.Talks.V1;
using TalkDeadlines = Accountability.Talks.Domain.TalkDeadlines;
using TalkWorkflow = Accountability.Talks.Domain.TalkWorkflow;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Talk = Accountability.Talks.Domain.Talk;

namespace Accountability.Talks.Tests.Service;

public sealed class DeadlineTests
{
    /// <summary>Monday 2026-09-28, 10:00 Beijing time.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 9, 28, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_reminder_fires_one_working_day_before_the_talk_across_national_day_and_follow_ups_are_overdue_after_five_working_days()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Monday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Talk>>();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-holiday", Name = "吴十" });

        // The talk is on Thursday 8 October. 1–7 October are the National Day holiday, so the one
        // working day before it is Wednesday 30 September: the reminder fires that day.
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(10, 10), "talker-zhou"), suite.Handler());
        Assert.Equal("2026-09-30", scheduled.RemindOn);

        await AdvanceTo(suite, new DateTimeOffset(2026, 9, 29, 23, 0, 0, TimeSpan.FromHours(8)));
        await monitor.ScanAsync(ct);
        Assert.Empty(await suite.EventsAsync("talk-reminder-due:v1"));

        await AdvanceTo(suite, new DateTimeOffset(2026, 9, 30, 8, 0, 0, TimeSpan.FromHours(8)));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var reminder = Assert.Single(await suite.EventsAsync("talk-reminder-due:v1"));
        Assert.Contains(talk.TalkId, reminder.Payload, StringComparison.Ordinal);
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { OverdueOnly = true }, suite.Handler())).Talks); // a reminder is not overdue work

        // Held on Thursday 8 October; the self-criticism is due 5 WD later:
        // Fri 9 (1), Sat 10 adjusted working day (2), Mon 12 (3), Tue 13 (4), Wed 14 October (5).
        await AdvanceTo(suite, new DateTimeOffset(2026, 10, 8, 11, 0, 0, TimeSpan.FromHours(8)));
        var held = await talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled, null, FollowUpKind.SelfCriticism), suite.Handler());
        Assert.Equal("2026-10-14", Assert.Single(held.FollowUps).DueDate);

        // Wednesday 14 October 23:59: the due day itself is not overdue.
        await AdvanceTo(suite, new DateTimeOffset(2026, 10, 14, 23, 59, 0, TimeSpan.FromHours(8)));
        await monitor.ScanAsync(ct);
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { OverdueOnly = true }, suite.Handler())).Talks);
        Assert.DoesNotContain(await suite.EventsAsync("talk-deadline-alerted:v1"), m => m.Payload.Contains("\"breached\"", StringComparison.Ordinal));

        // Thursday 15 October 00:01: overdue, listed and raised once.
        await AdvanceTo(suite, new DateTimeOffset(2026, 10, 15, 0, 1, 0, TimeSpan.FromHours(8)));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var overdue = await talks.ListTalksAsync(new ListTalksRequest { OverdueOnly = true }, suite.Handler());
        Assert.Equal(talk.TalkId, Assert.Single(overdue.Talks).TalkId);
        Assert.True(overdue.Talks[0].Overdue);
        var breach = Assert.Single(await suite.EventsAsync("talk-deadline-alerted:v1"), m => m.Payload.Contains("\"breached\"", StringComparison.Ordinal));
        using var payload = JsonDocument.Parse(breach.Payload);
        Assert.Equal(("follow_up", "self_criticism", "cadre-holiday", "2026-10-14"), (
            payload.RootElement.GetProperty("kind").GetString(),
            payload.RootElement.GetProperty("followUpKind").GetString(),
            payload.RootElement.GetProperty("cadreId").GetString(),
            payload.RootElement.GetProperty("dueDate").GetString()));

        // The document arrives: the talk is no longer overdue and can close.
        var received = await talks.RecordFollowUpAsync(new RecordFollowUpRequest { TalkId = talk.TalkId, FollowUpId = held.FollowUps[0].FollowUpId, Reference = "检讨书" }, suite.Handler());
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { OverdueOnly = true }, suite.Handler())).Talks);
        Assert.Equal(TalkStatus.Closed, (await talks.CloseTalkAsync(new CloseTalkRequest { TalkId = talk.TalkId, ExpectedVersion = received.Version }, suite.Handler())).Status);
    }

    [Fact]
    public async Task A_talk_requested_by_clues_is_due_to_be_scheduled_within_five_working_days()
    {
        await using var suite = await SuiteHost.StartAsync(Monday);
        var workflow = suite.Services.GetRequiredService<TalkWorkflow>();
        var batch = new Accountability.Platform.Storage.WriteBatch(suite.Clock.GetUtcNow());
        await workflow.RequestInquiryTalkAsync(new Contracts.Clues.RequestInquiryTalk
        {
            RequestId = "talkreq_deadline",
            ClueId = "clue_x",
            Subjects = [new Contracts.AccusedPersonInfo("李四", "河西镇", "副镇长", "township", "cadre-sched")],
            Talkers = ["王书记", "赵主任"],
            RequestedAt = suite.Clock.GetUtcNow(),
        }, batch, TestContext.Current.CancellationToken);
        await suite.Store(TalksModule.Name).CommitAsync(batch, TestContext.Current.CancellationToken);

        // Mon 28 Sep: Tue 29 (1), Wed 30 (2), 1–7 Oct holiday, Thu 8 (3), Fri 9 (4), Sat 10 adjusted working day (5).
        // A request from Clues carries no department: supervisors work it.
        var listed = Assert.Single((await suite.Talks().ListTalksAsync(new ListTalksRequest { CadreId = "cadre-sched" }, suite.Supervisor())).Talks);
        var talk = await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Supervisor());
        Assert.Equal("2026-10-10", Assert.Single(talk.Deadlines, d => d.Kind == TalkDeadlines.ScheduleBy).DueDate);
    }

    private static Task AdvanceTo(SuiteHost suite, DateTimeOffset instant)
    {
        suite.Clock.Advance(instant - suite.Clock.GetUtcNow());
        return Task.CompletedTask;
    }
}
