using Accountability.Platform.Security;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit;
using AuditApi = Accountability.Protos.Audit.V1;

namespace Accountability.Talks.Tests.Service;

public sealed class SchedulingTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    [Fact]
    public async Task A_talker_booked_into_an_overlapping_slot_is_refused_naming_the_person_and_the_other_talk()
    {
        var talks = Suite.Talks();
        var first = await Suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-overlap-1", Name = "李四" });
        var second = await Suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-overlap-2", Name = "王五" });
        await talks.ScheduleTalkAsync(TalkRpc.Schedule(first.TalkId, Suite.Slot(1, 9, 60), "talker-overlap", "talker-other"), Suite.Handler());

        // 09:30–10:30 overlaps 09:00–10:00 for talker-overlap.
        var refused = await TalkRpc.FailsWith(
            StatusCode.FailedPrecondition,
            () => talks.ScheduleTalkAsync(Shift(TalkRpc.Schedule(second.TalkId, Suite.Slot(1, 9, 60), "talker-overlap"), 30), Suite.Handler()).ResponseAsync);

        Assert.Contains("talker-overlap", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(first.TalkId, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(TalkStatus.Requested, (await talks.GetTalkAsync(new GetTalkRequest { TalkId = second.TalkId }, Suite.Handler())).Status);

        // Back to back (10:00–11:00) is not an overlap.
        var scheduled = await talks.ScheduleTalkAsync(Shift(TalkRpc.Schedule(second.TalkId, Suite.Slot(1, 9, 60), "talker-overlap"), 60), Suite.Handler());
        Assert.Equal(TalkStatus.Scheduled, scheduled.Status);
    }

    [Fact]
    public async Task A_participant_in_two_talks_at_once_is_refused_and_a_cancelled_talk_frees_the_slot()
    {
        var talks = Suite.Talks();
        var cadre = new ParticipantInput { CadreId = "cadre-double-1", Name = "赵六" };
        var first = await Suite.RequestAsync(TalkKind.HeartToHeart, cadre);
        var second = await Suite.RequestAsync(TalkKind.Reminder, cadre);
        await talks.ScheduleTalkAsync(TalkRpc.Schedule(first.TalkId, Suite.Slot(2, 14), "talker-a1"), Suite.Handler());

        var refused = await TalkRpc.FailsWith(StatusCode.FailedPrecondition,
            () => talks.ScheduleTalkAsync(TalkRpc.Schedule(second.TalkId, Suite.Slot(2, 14), "talker-b1").Noting("clerk-b1"), Suite.Handler()).ResponseAsync);
        Assert.Contains("cadre-double-1", refused.Status.Detail, StringComparison.Ordinal);

        await TalkRpc.FailsWith(StatusCode.PermissionDenied, () => talks.CancelTalkAsync(new CancelTalkRequest { TalkId = first.TalkId, Reason = "另行安排" }, Suite.Handler()).ResponseAsync);
        await talks.CancelTalkAsync(new CancelTalkRequest { TalkId = first.TalkId, Reason = "另行安排" }, Suite.Supervisor());
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(second.TalkId, Suite.Slot(2, 14), "talker-b1").Noting("clerk-b1"), Suite.Handler());
        Assert.Equal(TalkStatus.Scheduled, scheduled.Status);
    }

    [Fact]
    public async Task A_state_change_out_of_order_is_refused_naming_the_state_and_a_stale_version_is_aborted()
    {
        var talks = Suite.Talks();
        var talk = await Suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-state-1", Name = "钱七" });

        var refused = await TalkRpc.FailsWith(StatusCode.FailedPrecondition, () => talks.RecordTalkHeldAsync(TalkRpc.Held(talk), Suite.Handler()).ResponseAsync);
        Assert.Contains("REQUESTED", refused.Status.Detail, StringComparison.Ordinal);

        var stale = TalkRpc.Schedule(talk.TalkId, Suite.Slot(3, 9), "talker-state");
        stale.ExpectedVersion = talk.Version + 5;
        await TalkRpc.FailsWith(StatusCode.Aborted, () => talks.ScheduleTalkAsync(stale, Suite.Handler()).ResponseAsync);
    }

    [Fact]
    public async Task Bad_input_is_refused_with_every_bad_field()
    {
        var talks = Suite.Talks();
        var request = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.RequestTalkAsync(new RequestTalkRequest
        {
            Kind = (TalkKind)99,
            Participants = { new ParticipantInput { CadreId = "c1", Name = "" }, new ParticipantInput { CadreId = "c1", Name = "甲" } },
        }, Suite.Handler()).ResponseAsync);
        Assert.Equal(["idempotency_key", "kind", "reason", "participants[0].name", "participants[1].cadre_id"], TalkRpc.BadFields(request));

        var talk = await Suite.RequestAsync(TalkKind.Inquiry, new ParticipantInput { CadreId = "cadre-bad-1", Name = "孙八" });
        var past = Timestamp.FromDateTimeOffset(Suite.Clock.GetUtcNow().AddHours(-1));
        var schedule = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.ScheduleTalkAsync(new ScheduleTalkRequest
        {
            TalkId = talk.TalkId,
            ExpectedVersion = -1,
            Start = past,
            End = past,
            Talkers = { "talker-x", "talker-x" },
            NoteTaker = "talker-x",
        }, Suite.Handler()).ResponseAsync);
        Assert.Equal(["expected_version", "place", "talkers[1]", "note_taker", "start", "end"], TalkRpc.BadFields(schedule));

        // An inquiry talk needs two talkers (configurable): checked against the talk's kind.
        var one = await TalkRpc.FailsWith(StatusCode.InvalidArgument,
            () => talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, Suite.Slot(4, 9), "talker-alone"), Suite.Handler()).ResponseAsync);
        Assert.Equal(["talkers"], TalkRpc.BadFields(one));

        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, Suite.Slot(4, 9), "talker-bad-1", "talker-bad-2"), Suite.Handler());
        var held = TalkRpc.Held(scheduled);
        held.Attendance.Add(new Attendance { CadreId = "nobody", Present = true });
        held.Attachments[0].Sha256 = "not-a-digest";
        held.Signatures.Add(new Signature { Who = "" });
        var record = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.RecordTalkHeldAsync(held, Suite.Handler()).ResponseAsync);
        Assert.Equal(["signatures[2].who", "signatures[2].at", "attachments[0].sha256"], TalkRpc.BadFields(record));

        held = TalkRpc.Held(scheduled);
        held.Attendance.Add(new Attendance { CadreId = "nobody", Present = true });
        var unknown = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.RecordTalkHeldAsync(held, Suite.Handler()).ResponseAsync);
        Assert.Equal(["attendance[1].cadre_id"], TalkRpc.BadFields(unknown));

        var list = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.ListTalksAsync(new ListTalksRequest { PageSize = 1000, PageToken = "forged", Status = (TalkStatus)42 }, Suite.Handler()).ResponseAsync);
        Assert.Equal(["status", "page_size", "page_token"], TalkRpc.BadFields(list));
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.GetTalkAsync(new GetTalkRequest { TalkId = "talk_missing" }, Suite.Handler()).ResponseAsync);
    }

    [Fact]
    public async Task Every_step_is_signed_and_leaves_an_audit_record_in_a_valid_chain()
    {
        // Its own suite: the clock moves to the talk's start to record it.
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-audit-1", Name = "周九" });
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(5, 15), "talker-audit"), suite.Handler());
        var rescheduled = await talks.RescheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(6, 15), "talker-audit").Because("谈话人出差", scheduled.Version), suite.Supervisor());
        suite.AdvanceToStart(rescheduled, -30);
        var held = await talks.RecordTalkHeldAsync(TalkRpc.Held(rescheduled, null, FollowUpKind.SelfCriticism), suite.Handler());
        var followUp = await talks.RecordFollowUpAsync(new RecordFollowUpRequest { TalkId = talk.TalkId, FollowUpId = held.FollowUps[0].FollowUpId, Reference = "检讨书" }, suite.Handler());
        var closed = await talks.CloseTalkAsync(new CloseTalkRequest { TalkId = talk.TalkId, ExpectedVersion = followUp.Version }, suite.Handler());

        Assert.Equal(TalkStatus.Closed, closed.Status);
        Assert.Equal(["request", "schedule", "reschedule", "record_held", "record_follow_up", "close"], closed.Steps.Select(s => s.Action));
        Assert.Equal(["handler-li", "handler-li", "supervisor-wang", "handler-li", "handler-li", "handler-li"], closed.Steps.Select(s => s.SignedBy));
        var audit = await new AuditApi.Audit.AuditClient(suite.Channel).ListAuditRecordsAsync(
            new AuditApi.ListAuditRecordsRequest { Chain = TalksModule.Name, ObjectId = talk.TalkId, PageSize = 100 }, suite.As(Roles.Auditor));
        Assert.Equal(
            ["talk.requested", "talk.schedule", "talk.reschedule", "talk.record_held", "talk.record_follow_up", "talk.close"],
            audit.Records.OrderBy(r => r.Sequence).Select(r => r.Action));
        var verified = await new AuditApi.Audit.AuditClient(suite.Channel).VerifyAuditChainAsync(new AuditApi.VerifyAuditChainRequest { Chain = TalksModule.Name }, suite.As(Roles.Auditor));
        Assert.True(verified.Valid, verified.Problem);
    }

    private static ScheduleTalkRequest Shift(ScheduleTalkRequest request, int minutes)
    {
        request.Start = Timestamp.FromDateTimeOffset(request.Start.ToDateTimeOffset().AddMinutes(minutes));
        request.End = Timestamp.FromDateTimeOffset(request.End.ToDateTimeOffset().AddMinutes(minutes));
        return request;
    }
}
