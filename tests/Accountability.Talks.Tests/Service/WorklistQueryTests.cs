using Accountability.Platform.Storage;
using Accountability.Protos.Talks.V1;
using TalkWorkflow = Accountability.Talks.Domain.TalkWorkflow;
using Accountability.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Talks.Tests.Service;

/// <summary>The queries a handler's worklist asks: work due within working days, a clue's talks, an agenda in working days.</summary>
public sealed class WorklistQueryTests
{
    /// <summary>Monday 2026-09-28, 10:00 Beijing time: 1–7 October are the National Day holiday.</summary>
    private static readonly DateTimeOffset Monday = new(2026, 9, 28, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Due_within_working_days_lists_talks_with_follow_ups_due_by_then_and_shows_the_due_day()
    {
        await using var suite = await SuiteHost.StartAsync(Monday);
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-due-1", Name = "吴十" });
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(0, 15), "talker-due"), suite.Handler());
        suite.AdvanceToStart(scheduled);
        var held = await talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled, null, FollowUpKind.SelfCriticism), suite.Handler());

        // Held Monday 28 September; the self-criticism is due 5 WD later: Tue 29, Wed 30, Thu 8, Fri 9, Sat 10 October (adjusted).
        Assert.Equal("2026-10-10", Assert.Single(held.FollowUps).DueDate);
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { DueWithinWorkingDays = 4 }, suite.Handler())).Talks);
        var due = Assert.Single((await talks.ListTalksAsync(new ListTalksRequest { DueWithinWorkingDays = 5 }, suite.Handler())).Talks);
        Assert.Equal((talk.TalkId, "2026-10-10", false), (due.TalkId, due.NextDueDate, due.Overdue));

        // Another department's handler sees none of it.
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { DueWithinWorkingDays = 5 }, suite.Handler(department: "dept-2"))).Talks);

        var refused = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.ListTalksAsync(new ListTalksRequest { DueWithinWorkingDays = 400 }, suite.Handler()).ResponseAsync);
        Assert.Equal(["due_within_working_days"], TalkRpc.BadFields(refused));
    }

    [Fact]
    public async Task A_clues_talks_are_listed_by_its_id()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Monday);
        var workflow = suite.Services.GetRequiredService<TalkWorkflow>();
        foreach (var (request, clue) in new[] { ("talkreq_a", "clue_a"), ("talkreq_b", "clue_b") })
        {
            var batch = new WriteBatch(suite.Clock.GetUtcNow());
            await workflow.RequestInquiryTalkAsync(new Contracts.Clues.RequestInquiryTalk
            {
                RequestId = request,
                ClueId = clue,
                Subjects = [new Contracts.AccusedPersonInfo("李四", "河西镇", "副镇长", "township", "cadre-" + clue)],
                Talkers = ["王书记", "赵主任"],
                RequestedAt = suite.Clock.GetUtcNow(),
                Department = TalkRpc.Department,
            }, batch, ct);
            await suite.Store(TalksModule.Name).CommitAsync(batch, ct);
        }

        var listed = Assert.Single((await suite.Talks().ListTalksAsync(new ListTalksRequest { ClueId = "clue_b" }, suite.Handler())).Talks);
        var talk = await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Handler());
        Assert.Equal(("clue_b", "talkreq_b"), (talk.ClueId, talk.RequestId));
        Assert.Equal("2026-10-10", listed.NextDueDate); // schedule by: 5 WD from Monday 28 September (Saturday 10 October is a working day)
        Assert.Empty((await suite.Talks().ListTalksAsync(new ListTalksRequest { ClueId = "clue_none" }, suite.Handler())).Talks);
    }

    [Fact]
    public async Task An_agenda_in_working_days_reaches_past_a_holiday_week()
    {
        await using var suite = await SuiteHost.StartAsync(Monday);
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-agenda-wd", Name = "郑十一" });
        await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(10, 10), "talker-wd"), suite.Handler()); // Thursday 8 October

        // Three working days from Monday 28 September: Tue 29, Wed 30, Thu 8 October. Seven calendar days stop on 4 October.
        Assert.Equal(["2026-10-08"], (await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-wd", WorkingDays = 3 }, suite.Handler())).Days.Select(d => d.Date));
        Assert.Empty((await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-wd", WorkingDays = 2 }, suite.Handler())).Days);
        Assert.Empty((await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-wd", Days = 7 }, suite.Handler())).Days);

        var both = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-wd", Days = 3, WorkingDays = 3 }, suite.Handler()).ResponseAsync);
        Assert.Equal(["working_days"], TalkRpc.BadFields(both));
    }
}
