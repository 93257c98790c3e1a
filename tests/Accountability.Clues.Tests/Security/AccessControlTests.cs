using Accountability.Clues.Tests.Service;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using AuditApi = Accountability.Protos.Audit.V1;

namespace Accountability.Clues.Tests.Security;

public sealed class AccessControlTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private static readonly string[] Workers = [Roles.Handler, Roles.Supervisor];
    private static readonly string[] Readers = [Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];

    /// <summary>The policy the issue asks for, one line per RPC.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["RegisterClue"] = [Roles.Intake, Roles.Handler, Roles.Supervisor],
        ["GetClue"] = Readers,
        ["ListClues"] = Readers,
        ["AssignClue"] = [Roles.Supervisor],
        ["FlagForUpperReport"] = [Roles.Supervisor],
        ["DecideDisposal"] = [Roles.Supervisor],
        ["SendInquiryLetter"] = Workers,
        ["RequestInquiryTalk"] = Workers,
        ["RecordInquiryReply"] = Workers,
        ["RecordInquiryTalkHeld"] = Workers,
        ["ReportInquiry"] = Workers,
        ["PlanVerification"] = Workers,
        ["RecordVerificationMeasure"] = Workers,
        ["ExtendVerification"] = Workers,
        ["ReportVerification"] = Workers,
        ["RecordOutcome"] = [Roles.Supervisor],
        ["ConcludeCase"] = [Roles.Supervisor],
        ["ReviewHold"] = [Roles.Supervisor],
        ["RecordFalseAccusation"] = [Roles.Supervisor],
        ["GetClueStatistics"] = [Roles.Supervisor, Roles.Auditor, Roles.Admin],
        ["ProposeAccountability"] = Workers,
    };

    private SuiteHost Suite => fixture.Suite;

    private static IEnumerable<MethodDescriptor> Methods => Protos.Clues.V1.Clues.Descriptor.Methods;

    [Fact]
    public void Every_clues_rpc_has_the_policy_of_the_issue()
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
        Assert.True(denials > 100, $"only {denials} denied combinations were exercised");
    }


    [Fact]
    public async Task A_handler_sees_and_works_only_the_clues_of_their_department()
    {
        var clues = Suite.Clues();
        var clue = await Suite.DisposedAsync(DisposalMethod.TalkInquiry);
        var stranger = Suite.Handler("dept-2", "handler-zhou");

        await ClueRpc.FailsWith(StatusCode.NotFound, () => clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, stranger).ResponseAsync);
        await ClueRpc.FailsWith(StatusCode.NotFound, () => clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函" }, stranger).ResponseAsync);
        Assert.DoesNotContain((await clues.ListCluesAsync(new ListCluesRequest(), stranger)).Clues, c => c.ClueId == clue.ClueId);
        Assert.Empty((await clues.ListCluesAsync(new ListCluesRequest { Department = ClueRpc.Department }, stranger)).Clues);
        await ClueRpc.FailsWith(StatusCode.NotFound, () => clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.As(Roles.Handler)).ResponseAsync); // no department claim

        Assert.Equal(clue.ClueId, (await clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.Handler())).ClueId);
        Assert.Contains((await clues.ListCluesAsync(new ListCluesRequest(), Suite.Handler())).Clues, c => c.ClueId == clue.ClueId);
        Assert.Equal(clue.ClueId, (await clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.As(Roles.Auditor))).ClueId);
    }

    [Fact]
    public async Task Every_step_is_signed_and_leaves_an_audit_record()
    {
        var clues = Suite.Clues();
        var planned = await Suite.PlannedAsync();
        await clues.RecordVerificationMeasureAsync(new RecordVerificationMeasureRequest { ClueId = planned.ClueId, Measure = "谈话了解", Approver = "王书记" }, Suite.Handler());
        await clues.ReportVerificationAsync(new ReportVerificationRequest { ClueId = planned.ClueId, Outcome = VerificationOutcome.FileCase, ReportReference = "报告", SignedBy = { "核查员甲", "核查员乙" }, Approver = "王书记" }, Suite.Handler());
        await clues.RecordOutcomeAsync(new RecordOutcomeRequest { ClueId = planned.ClueId, Kind = OutcomeKind.PartyWarning, DecidedOn = Suite.Today(), ApprovedOn = Suite.Today() }, Suite.Supervisor());
        var clue = await clues.ConcludeCaseAsync(new ConcludeCaseRequest { ClueId = planned.ClueId, Summary = "审结" }, Suite.Supervisor());

        var audit = await new AuditApi.Audit.AuditClient(Suite.Channel).ListAuditRecordsAsync(
            new AuditApi.ListAuditRecordsRequest { Chain = CluesModule.Name, ObjectId = clue.ClueId, PageSize = 100 }, Suite.As(Roles.Auditor));

        Assert.Equal(
            ["register", "assign", "decide_disposal", "plan_verification", "record_verification_measure", "report_verification", "record_outcome", "conclude_case"],
            clue.Steps.Select(s => s.Action));
        Assert.All(clue.Steps, s => Assert.False(string.IsNullOrEmpty(s.SignedBy)));
        Assert.Equal(["supervisor-wang", "supervisor-wang", "supervisor-wang", "handler-li", "handler-li", "handler-li", "supervisor-wang", "supervisor-wang"], clue.Steps.Select(s => s.SignedBy));
        Assert.Equal(
            clue.Steps.Select(s => "clue." + (s.Action == "register" ? "registered" : s.Action)),
            audit.Records.OrderBy(r => r.Sequence).Select(r => r.Action));
        Assert.All(audit.Records, r => Assert.Equal("clue", r.ObjectType));
        var verified = await new AuditApi.Audit.AuditClient(Suite.Channel).VerifyAuditChainAsync(new AuditApi.VerifyAuditChainRequest { Chain = CluesModule.Name }, Suite.As(Roles.Auditor));
        Assert.True(verified.Valid, verified.Problem);
    }
}
