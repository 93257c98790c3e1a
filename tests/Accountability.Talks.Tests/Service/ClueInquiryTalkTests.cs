using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Talks.Domain;
using Microsoft.Extensions.DependencyInjection;
using Accountability.Protos.Talks.V1;
using Talk = Accountability.Protos.Talks.V1.Talk;
using TalkKind = Accountability.Protos.Talks.V1.TalkKind;
using TalkStatus = Accountability.Protos.Talks.V1.TalkStatus;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using CluesApi = Accountability.Protos.Clues.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Talks.Tests.Service;

public sealed class ClueInquiryTalkTests
{
    [Fact]
    public async Task A_talk_inquiry_requested_by_clues_is_scheduled_and_held_here_and_moves_the_clue_to_inquiry_answered()
    {
        await using var suite = await SuiteHost.StartAsync();
        var clue = await RequestedInquiryTalkAsync(suite, "cadre-inq-1");

        // The request arrives as a command: one REQUESTED inquiry talk with the clue's subject, due to be scheduled.
        // It carries the clue's handling department: that department's handlers work it, others do not see it.
        var listed = await TalkRpc.Poll(async () => (await suite.Talks().ListTalksAsync(new ListTalksRequest { Kind = TalkKind.Inquiry, CadreId = "cadre-inq-1" }, suite.Supervisor())).Talks.SingleOrDefault());
        var talk = await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Handler());
        Assert.Equal((TalkStatus.Requested, clue.ClueId, "dept-1"), (talk.Status, talk.ClueId, talk.Department));
        await Assert.ThrowsAsync<RpcException>(() => suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Handler(department: "dept-2")).ResponseAsync);
        Assert.Equal("2026-03-09", Assert.Single(talk.Deadlines, d => d.Kind == "schedule_by").DueDate); // Monday 2 March + 5 WD

        var scheduled = await suite.Talks().ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "王书记", "赵主任"), suite.Supervisor());
        suite.AdvanceToStart(scheduled);
        await suite.Talks().RecordTalkHeldAsync(TalkRpc.Held(scheduled), suite.Supervisor());

        var answered = await TalkRpc.Poll(async () =>
            await new CluesApi.Clues.CluesClient(suite.Channel).GetClueAsync(new CluesApi.GetClueRequest { ClueId = clue.ClueId }, suite.As(Roles.Supervisor)) is { Status: CluesApi.ClueStatus.InquiryAnswered } c ? c : null);
        var step = answered.Steps[^1];
        Assert.Equal(("record_inquiry_talk_held", "system:talks", CluesApi.ClueStatus.TalkRequested), (step.Action, step.SignedBy, step.From));
        Assert.Contains(talk.TalkId, step.Note, StringComparison.Ordinal);
        Assert.Contains(answered.Deadlines, d => d.Kind == "inquiry_report" && d.MetAt is null);
        Assert.Equal(1, await suite.Store("clues").CountAsync(InboxEntry.Collection, null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_missed_talk_tells_clues_which_records_it_and_keeps_waiting_and_the_rescheduled_talk_still_answers_the_clue()
    {
        await using var suite = await SuiteHost.StartAsync();
        var clues = new CluesApi.Clues.CluesClient(suite.Channel);
        var clue = await RequestedInquiryTalkAsync(suite, "cadre-inq-miss");
        var talk = await InquiryTalkOfAsync(suite, "cadre-inq-miss");
        var scheduled = await suite.Talks().ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "王书记", "赵主任"), suite.Supervisor());
        suite.AdvanceToStart(scheduled, 15);

        var missed = await suite.Talks().RecordTalkMissedAsync(new RecordTalkMissedRequest { TalkId = talk.TalkId, Reason = "被谈话人因公出差" }, suite.Supervisor());
        Assert.Equal(TalkStatus.Missed, missed.Status);
        var notice = Assert.Single(await suite.EventsAsync("inquiry-talk-not-held:v1"));
        Assert.Contains("\"missed\"", notice.Payload, StringComparison.Ordinal);
        Assert.Contains(clue.PendingTalkRequestId, notice.Payload, StringComparison.Ordinal);

        // Clues records it (signed by the Talks service) and keeps waiting for the talk.
        var noted = await TalkRpc.Poll(async () =>
            await clues.GetClueAsync(new CluesApi.GetClueRequest { ClueId = clue.ClueId }, suite.As(Roles.Supervisor)) is { } c && c.Steps[^1].Action == "record_inquiry_talk_not_held" ? c : null);
        Assert.Equal((CluesApi.ClueStatus.TalkRequested, CluesApi.ClueStatus.TalkRequested, "system:talks"), (noted.Status, noted.Steps[^1].To, noted.Steps[^1].SignedBy));
        Assert.Contains("missed", noted.Steps[^1].Note, StringComparison.Ordinal);

        // Rescheduled and held: the same request's result moves the clue on.
        var rescheduled = await suite.Talks().RescheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(2, 10), "王书记", "赵主任").Because("另约时间", missed.Version), suite.Supervisor());
        Assert.Equal((TalkStatus.Scheduled, ""), (rescheduled.Status, rescheduled.MissedReason));
        suite.AdvanceToStart(rescheduled);
        await suite.Talks().RecordTalkHeldAsync(TalkRpc.Held(rescheduled), suite.Supervisor());
        var answered = await TalkRpc.Poll(async () =>
            await clues.GetClueAsync(new CluesApi.GetClueRequest { ClueId = clue.ClueId }, suite.As(Roles.Supervisor)) is { Status: CluesApi.ClueStatus.InquiryAnswered } c ? c : null);
        Assert.Equal(["record_inquiry_talk_not_held", "record_inquiry_talk_held"], answered.Steps.TakeLast(2).Select(s => s.Action));
    }

    [Fact]
    public async Task A_cancelled_talk_and_a_talk_whose_subject_was_absent_are_reported_to_clues_and_the_absent_talk_is_missed_not_held()
    {
        await using var suite = await SuiteHost.StartAsync();
        var clues = new CluesApi.Clues.CluesClient(suite.Channel);

        // Cancelled before it was scheduled.
        var cancelledClue = await RequestedInquiryTalkAsync(suite, "cadre-inq-cancel");
        var toCancel = await InquiryTalkOfAsync(suite, "cadre-inq-cancel");
        await suite.Talks().CancelTalkAsync(new CancelTalkRequest { TalkId = toCancel.TalkId, Reason = "线索另行处置" }, suite.Supervisor());
        var cancelledStep = await TalkRpc.Poll(async () =>
            (await clues.GetClueAsync(new CluesApi.GetClueRequest { ClueId = cancelledClue.ClueId }, suite.As(Roles.Supervisor))).Steps.LastOrDefault(s => s.Action == "record_inquiry_talk_not_held"));
        Assert.Contains("cancelled", cancelledStep.Note, StringComparison.Ordinal);

        // Held with its only subject absent: MISSED ("all absent"), no make-up, not counted as held.
        var absentClue = await RequestedInquiryTalkAsync(suite, "cadre-inq-absent");
        var talk = await InquiryTalkOfAsync(suite, "cadre-inq-absent");
        var scheduled = await suite.Talks().ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "王书记", "赵主任"), suite.Supervisor());
        suite.AdvanceToStart(scheduled);
        var recorded = await suite.Talks().RecordTalkHeldAsync(TalkRpc.Held(scheduled, ["cadre-inq-absent"]), suite.Supervisor());
        Assert.Equal((TalkStatus.Missed, "all absent", null, 0), (recorded.Status, recorded.MissedReason, recorded.HeldAt, recorded.MakeUpTalkIds.Count));
        Assert.Empty(await suite.EventsAsync("talk-held:v1"));
        Assert.Empty(await suite.EventsAsync("inquiry-talk-held:v1"));
        var notices = await suite.EventsAsync("inquiry-talk-not-held:v1");
        Assert.Equal(2, notices.Count);
        Assert.Single(notices, n => n.Payload.Contains("\"absent\"", StringComparison.Ordinal) && n.Payload.Contains(talk.TalkId, StringComparison.Ordinal));
        var stats = await suite.Talks().GetTalkStatisticsAsync(new GetTalkStatisticsRequest
        {
            From = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow().AddDays(-3)),
            To = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow().AddDays(1)),
        }, suite.Supervisor());
        Assert.Equal((0L, 0L), (stats.TalksHeld, stats.PersonTimes));

        var absentStep = await TalkRpc.Poll(async () =>
            (await clues.GetClueAsync(new CluesApi.GetClueRequest { ClueId = absentClue.ClueId }, suite.As(Roles.Supervisor))).Steps.LastOrDefault(s => s.Action == "record_inquiry_talk_not_held"));
        Assert.Contains("absent", absentStep.Note, StringComparison.Ordinal);
        Assert.Equal(CluesApi.ClueStatus.TalkRequested, (await clues.GetClueAsync(new CluesApi.GetClueRequest { ClueId = absentClue.ClueId }, suite.As(Roles.Supervisor))).Status);
    }

    [Fact]
    public async Task A_make_up_talk_of_an_absent_subject_answers_the_same_clues_request_and_is_due_to_be_scheduled_and_keeps_its_participants()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var batch = new WriteBatch(suite.Clock.GetUtcNow());
        await suite.Services.GetRequiredService<TalkWorkflow>().RequestInquiryTalkAsync(new Contracts.Clues.RequestInquiryTalk
        {
            RequestId = "talkreq_makeup",
            ClueId = "clue_makeup",
            Subjects = [new Contracts.AccusedPersonInfo("李四", "河西镇", "副镇长", "township", "cadre-mk-1"), new Contracts.AccusedPersonInfo("王五", "河西镇", "站长", "township", "cadre-mk-2")],
            Talkers = ["王书记", "赵主任"],
            RequestedAt = suite.Clock.GetUtcNow(),
        }, batch, ct);
        await suite.Store(TalksModule.Name).CommitAsync(batch, ct);
        var talk = await InquiryTalkOfAsync(suite, "cadre-mk-1");

        // The participants of a talk Clues asked for are the clue's subjects: no override.
        var overridden = TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "王书记", "赵主任");
        overridden.Participants.Add(new ParticipantInput { CadreId = "cadre-other", Name = "别人" });
        var refused = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => suite.Talks().ScheduleTalkAsync(overridden, suite.Supervisor()).ResponseAsync);
        Assert.Equal(["participants"], TalkRpc.BadFields(refused));

        var scheduled = await suite.Talks().ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "王书记", "赵主任"), suite.Supervisor());
        suite.AdvanceToStart(scheduled);
        var held = await suite.Talks().RecordTalkHeldAsync(TalkRpc.Held(scheduled, ["cadre-mk-2"]), suite.Supervisor());
        Assert.Single(await suite.EventsAsync("inquiry-talk-held:v1"));

        var makeUp = await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = Assert.Single(held.MakeUpTalkIds) }, suite.Supervisor());
        Assert.Equal(("talkreq_makeup", "clue_makeup", held.TalkId), (makeUp.RequestId, makeUp.ClueId, makeUp.MakeUpOf));
        Assert.Equal("2026-03-10", Assert.Single(makeUp.Deadlines, d => d.Kind == "schedule_by").DueDate); // Tuesday 3 March + 5 WD

        var makeUpOverride = TalkRpc.Schedule(makeUp.TalkId, suite.Slot(1, 10), "王书记", "赵主任");
        makeUpOverride.Participants.Add(new ParticipantInput { CadreId = "cadre-mk-1", Name = "李四" });
        Assert.Equal(["participants"], TalkRpc.BadFields(await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => suite.Talks().ScheduleTalkAsync(makeUpOverride, suite.Supervisor()).ResponseAsync)));

        // The make-up talk held answers the same request.
        var madeUp = await suite.Talks().ScheduleTalkAsync(TalkRpc.Schedule(makeUp.TalkId, suite.Slot(1, 10), "王书记", "赵主任"), suite.Supervisor());
        suite.AdvanceToStart(madeUp);
        await suite.Talks().RecordTalkHeldAsync(TalkRpc.Held(madeUp), suite.Supervisor());
        var answers = await suite.EventsAsync("inquiry-talk-held:v1");
        Assert.Equal(2, answers.Count);
        Assert.Contains("talkreq_makeup", answers[1].Payload, StringComparison.Ordinal);
        Assert.Contains(makeUp.TalkId, answers[1].Payload, StringComparison.Ordinal);
    }

    internal static async Task<Talk> InquiryTalkOfAsync(SuiteHost suite, string cadreId)
    {
        var listed = await TalkRpc.Poll(async () => (await suite.Talks().ListTalksAsync(new ListTalksRequest { Kind = TalkKind.Inquiry, CadreId = cadreId }, suite.Supervisor())).Talks.FirstOrDefault());
        return await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Supervisor());
    }

    /// <summary>Through the real Clues API: register, assign, dispose as a talk inquiry (collective decision of two), request the talk.</summary>
    internal static async Task<CluesApi.Clue> RequestedInquiryTalkAsync(SuiteHost suite, string cadreId)
    {
        var clues = new CluesApi.Clues.CluesClient(suite.Channel);
        var supervisor = suite.As(Roles.Supervisor, "supervisor-wang");
        var clue = await clues.RegisterClueAsync(new CluesApi.RegisterClueRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = CluesApi.ClueSource.InspectionTour,
            SourceReference = "市委第二巡察组移交",
            Subjects = { new CluesApi.ClueSubject { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Common.Level.Township, CadreId = cadreId } },
            Summary = "反映其在道路工程招标中收受承包商回扣。",
            Disciplines = { Common.Discipline.Integrity },
        }, supervisor);
        var handler = new CallOptions(headers: new Metadata { { "Authorization", "Bearer " + TokenIssuer.Mint(suite.Auth, "handler-li", Roles.Handler, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city", department: "dept-1") } });
        await clues.AssignClueAsync(new CluesApi.AssignClueRequest { ClueId = clue.ClueId, Department = "dept-1", Handler = "handler-li" }, supervisor);
        await clues.DecideDisposalAsync(new CluesApi.DecideDisposalRequest
        {
            ClueId = clue.ClueId,
            Method = CluesApi.DisposalMethod.TalkInquiry,
            CollectiveDecision = new CluesApi.CollectiveDecision { MeetingDate = suite.Today(), Attendees = { "王书记", "赵主任" }, Approver = "王书记" },
            Reason = "线索处置会研究",
        }, supervisor);
        return await clues.RequestInquiryTalkAsync(new CluesApi.RequestInquiryTalkRequest { ClueId = clue.ClueId, Talkers = { "王书记", "赵主任" } }, handler);
    }
}
