using Accountability.Platform.Security;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Talks.Tests.Service;

public sealed class DepartmentScopeTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    [Fact]
    public async Task A_handler_of_another_department_neither_sees_nor_works_the_talk_and_supervisors_and_auditors_see_it()
    {
        var talks = Suite.Talks();
        var talk = await Suite.RequestAsync(TalkKind.HeartToHeart, new ParticipantInput { CadreId = "cadre-dept-1", Name = "周一" });
        Assert.Equal(TalkRpc.Department, talk.Department);
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, Suite.Slot(2, 9), "talker-dept"), Suite.Handler());

        var other = Suite.Handler("dept-2", "handler-zhou");
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.GetTalkAsync(new GetTalkRequest { TalkId = talk.TalkId }, other).ResponseAsync);
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.GetTestResultsAsync(new GetTalkRequest { TalkId = talk.TalkId }, other).ResponseAsync);
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.RescheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, Suite.Slot(3, 9), "talker-dept").Because("改期", scheduled.Version), other).ResponseAsync);
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.RecordTalkMissedAsync(new RecordTalkMissedRequest { TalkId = talk.TalkId, Reason = "未到" }, other).ResponseAsync);
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { CadreId = "cadre-dept-1" }, other)).Talks);
        Assert.Empty((await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-dept" }, other)).Days);
        var noDepartment = Suite.As(Roles.Handler, "handler-nodept");
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.GetTalkAsync(new GetTalkRequest { TalkId = talk.TalkId }, noDepartment).ResponseAsync);
        Assert.Empty((await talks.ListTalksAsync(new ListTalksRequest { CadreId = "cadre-dept-1" }, noDepartment)).Talks);

        // Its own department's handler, supervisors, auditors and administrators see it.
        Assert.Single((await talks.ListTalksAsync(new ListTalksRequest { CadreId = "cadre-dept-1" }, Suite.Handler())).Talks);
        Assert.Single((await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-dept" }, Suite.Handler())).Days);
        foreach (var role in new[] { Roles.Supervisor, Roles.Auditor, Roles.Admin })
        {
            Assert.Equal(talk.TalkId, (await talks.GetTalkAsync(new GetTalkRequest { TalkId = talk.TalkId }, Suite.As(role))).TalkId);
            Assert.Single((await talks.ListTalksAsync(new ListTalksRequest { CadreId = "cadre-dept-1" }, Suite.As(role))).Talks);
        }
    }

    [Fact]
    public async Task A_handler_requests_only_for_their_own_department_and_a_supervisor_may_name_one_or_none()
    {
        var talks = Suite.Talks();
        var request = new RequestTalkRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Kind = TalkKind.Reminder,
            Reason = "党委安排",
            Department = "dept-2",
            Participants = { new ParticipantInput { CadreId = "cadre-dept-2", Name = "吴二" } },
        };
        var refused = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.RequestTalkAsync(request, Suite.Handler()).ResponseAsync);
        Assert.Equal(["department"], TalkRpc.BadFields(refused));

        var forOther = await talks.RequestTalkAsync(request, Suite.Supervisor());
        Assert.Equal("dept-2", forOther.Department);
        Assert.Equal(forOther.TalkId, (await talks.GetTalkAsync(new GetTalkRequest { TalkId = forOther.TalkId }, Suite.Handler("dept-2", "handler-zhou"))).TalkId);
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.GetTalkAsync(new GetTalkRequest { TalkId = forOther.TalkId }, Suite.Handler()).ResponseAsync);

        // No department: supervisors only (as talks requested by the Clues service).
        request.IdempotencyKey = Guid.NewGuid().ToString("N");
        request.Department = "";
        var supervisorsOnly = await talks.RequestTalkAsync(request, Suite.Supervisor());
        Assert.Equal("", supervisorsOnly.Department);
        await TalkRpc.FailsWith(StatusCode.NotFound, () => talks.GetTalkAsync(new GetTalkRequest { TalkId = supervisorsOnly.TalkId }, Suite.Handler()).ResponseAsync);
    }
}
