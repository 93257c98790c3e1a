using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Talks.V1;
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
        var listed = await TalkRpc.Poll(async () => (await suite.Talks().ListTalksAsync(new ListTalksRequest { Kind = TalkKind.Inquiry, CadreId = "cadre-inq-1" }, suite.Handler())).Talks.SingleOrDefault());
        var talk = await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Handler());
        Assert.Equal((TalkStatus.Requested, clue.ClueId), (talk.Status, talk.ClueId));
        Assert.Equal("2026-03-09", Assert.Single(talk.Deadlines, d => d.Kind == "schedule_by").DueDate); // Monday 2 March + 5 WD

        var scheduled = await suite.Talks().ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "王书记", "赵主任"), suite.Handler());
        await suite.Talks().RecordTalkHeldAsync(TalkRpc.Held(scheduled), suite.Handler());

        var answered = await TalkRpc.Poll(async () =>
            await new CluesApi.Clues.CluesClient(suite.Channel).GetClueAsync(new CluesApi.GetClueRequest { ClueId = clue.ClueId }, suite.As(Roles.Supervisor)) is { Status: CluesApi.ClueStatus.InquiryAnswered } c ? c : null);
        var step = answered.Steps[^1];
        Assert.Equal(("record_inquiry_talk_held", "system:talks", CluesApi.ClueStatus.TalkRequested), (step.Action, step.SignedBy, step.From));
        Assert.Contains(talk.TalkId, step.Note, StringComparison.Ordinal);
        Assert.Contains(answered.Deadlines, d => d.Kind == "inquiry_report" && d.MetAt is null);
        Assert.Equal(1, await suite.Store("clues").CountAsync(InboxEntry.Collection, null, TestContext.Current.CancellationToken));
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
