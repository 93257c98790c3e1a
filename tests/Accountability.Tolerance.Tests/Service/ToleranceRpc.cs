using System.Text.Json;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Google.Rpc;
using Grpc.Core;
using Xunit;
using AuditApi = Accountability.Protos.Audit.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>Shortcuts for the tests: the client, tokens, refused calls, the outbox and audit, and applications driven to a state.</summary>
internal static class ToleranceRpc
{
    public const string Department = "dept-1";

    public static Protos.Tolerance.V1.Tolerance.ToleranceClient Tolerance(this SuiteHost suite) => new(suite.Channel);

    public static CallOptions Supervisor(this SuiteHost suite) => suite.As(Roles.Supervisor, "supervisor-wang");

    /// <summary>A handler of a department (the token's "dept" claim); matters they open are of that department.</summary>
    public static CallOptions Handler(this SuiteHost suite, string department = Department, string subject = "handler-li") =>
        new(headers: new Metadata { { "Authorization", "Bearer " + TokenIssuer.Mint(suite.Auth, subject, Roles.Handler, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city", department: department) } });

    public static TargetInput Cadre(string cadreId, string name, string unit, string post = "主任") =>
        new() { Kind = TargetKind.Cadre, Cadre = new Cadre { CadreId = cadreId, Name = name, Unit = unit, Post = post, Level = Common.Level.County } };

    public static TargetInput Organisation(string name) => new() { Kind = TargetKind.Organisation, OrganisationName = name };

    public static OpenMatterRequest Matter(params TargetInput[] targets) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Source = MatterSource.Incident,
        SourceReference = "县审计局审计报告〔2026〕4号",
        Facts = "在土地租赁试点中，租金收入未达预期，造成国有资产损失约三百万元。",
        DutyBreached = "未充分评估试点风险，履行监管职责不到位",
        ProposedForm = "circulated_criticism",
        Targets = { targets },
    };

    public static Task<Matter> OpenAsync(this SuiteHost suite, params TargetInput[] targets) =>
        suite.Tolerance().OpenMatterAsync(Matter(targets), suite.Handler()).ResponseAsync;

    /// <summary>Today in Beijing, as YYYY-MM-DD.</summary>
    public static string Today(this SuiteHost suite) => suite.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static FileApplicationRequest Application(SuiteHost suite, Matter matter, string targetId, IEnumerable<ToleranceGround>? grounds = null, IEnumerable<Mitigation>? mitigations = null)
    {
        var target = matter.Targets.Single(t => t.TargetId == targetId);
        return new FileApplicationRequest
        {
            MatterId = matter.MatterId,
            TargetId = targetId,
            ApplicantKind = ApplicantKind.Cadre,
            ApplicantName = target.Cadre?.Name ?? target.OrganisationName,
            WrittenOn = suite.Today(),
            Reference = "容错免责申请书",
            Statement = "本人申请依照问责条例第十七条、第十八条予以容错。",
            Grounds = { grounds ?? [] },
            Mitigations = { mitigations ?? [] },
        };
    }

    /// <summary>The six factors of §6.3, each with a finding and a document.</summary>
    public static IEnumerable<Factor> Factors() =>
        Enum.GetValues<AssessmentFactor>().Where(f => f != AssessmentFactor.Unspecified).Select((f, i) => new Factor
        {
            Kind = f,
            Finding = "核实情况：" + f,
            Evidence = { new Common.AttachmentRef { Name = $"证据{i + 1}.pdf", Sha256 = new string((char)('a' + i), 64), SizeBytes = 2048, Uri = $"docs://tolerance/evidence-{i + 1}", MediaType = "application/pdf" } },
        });

    public static VerifyApplicationRequest Verification(string applicationId, VerifiedFacts facts, IEnumerable<ToleranceGround>? grounds = null, IEnumerable<Mitigation>? mitigations = null) => new()
    {
        ApplicationId = applicationId,
        Facts = facts,
        Factors = { Factors() },
        EstablishedGrounds = { grounds ?? [] },
        EstablishedMitigations = { mitigations ?? [] },
        Summary = "经核实，情况属实。",
    };

    /// <summary>Filed, accepted and verified with the facts, grounds and mitigations given.</summary>
    public static async Task<Application> VerifiedAsync(this SuiteHost suite, Matter matter, string targetId, VerifiedFacts facts, ToleranceGround[]? grounds = null, Mitigation[]? mitigations = null)
    {
        var tolerance = suite.Tolerance();
        var filed = await tolerance.FileApplicationAsync(Application(suite, matter, targetId, grounds, mitigations), suite.Handler());
        await tolerance.AcceptApplicationAsync(new AcceptApplicationRequest { ApplicationId = filed.ApplicationId, Note = "符合受理条件" }, suite.Supervisor());
        return await tolerance.VerifyApplicationAsync(Verification(filed.ApplicationId, facts, grounds, mitigations), suite.Handler());
    }

    public static CommitteeMember Member(string id, string name, string unit, params string[] related) =>
        new() { MemberId = id, Name = name, Unit = unit, RelatedCadreIds = { related } };

    /// <summary>A standing committee of five from five other units.</summary>
    public static IEnumerable<CommitteeMember> FiveMembers() =>
    [
        Member("m1", "纪委书记 陈", "县纪委"),
        Member("m2", "纪委副书记 林", "县纪委机关"),
        Member("m3", "监委委员 黄", "县监委"),
        Member("m4", "常委 周", "县委组织部"),
        Member("m5", "常委 吴", "县委办公室"),
    ];

    public static Task<Application> ConveneAsync(this SuiteHost suite, string applicationId, IEnumerable<CommitteeMember>? members = null) =>
        suite.Tolerance().ConveneCommitteeAsync(new ConveneCommitteeRequest
        {
            ApplicationId = applicationId,
            Name = "县纪委常委会",
            MeetingDate = suite.Today(),
            Members = { members ?? FiveMembers() },
        }, suite.Supervisor()).ResponseAsync;

    public static Task<Application> VoteAsync(this SuiteHost suite, string applicationId, string memberId, ToleranceOutcome outcome, string opinion = "") =>
        suite.Tolerance().RecordVoteAsync(new RecordVoteRequest { ApplicationId = applicationId, MemberId = memberId, Outcome = outcome, Opinion = opinion }, suite.Supervisor()).ResponseAsync;

    /// <summary>Convened with five members, three of them voting for the outcome, and decided.</summary>
    public static async Task<Application> DecidedAsync(this SuiteHost suite, string applicationId, ToleranceOutcome outcome, string reason = "")
    {
        await suite.ConveneAsync(applicationId);
        foreach (var member in new[] { "m1", "m2", "m3" })
        {
            await suite.VoteAsync(applicationId, member, outcome, "同意");
        }

        return await suite.Tolerance().DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = applicationId, Outcome = outcome, Reason = reason }, suite.Supervisor());
    }

    /// <summary>The written result delivered to the applicant today (FEEDBACK_GIVEN): the accountability decision may follow.</summary>
    public static Task<Application> FeedbackAsync(this SuiteHost suite, string applicationId) =>
        suite.Tolerance().RecordFeedbackAsync(new RecordFeedbackRequest { ApplicationId = applicationId, DeliveredOn = suite.Today(), Reference = "容错认定结果告知书", Method = "书面送达" }, suite.Handler()).ResponseAsync;

    public static VerifiedFacts Facts(bool collectiveDecision = true, int recovered = 0, bool privateGain = false, bool defiedBan = false) =>
        new() { CollectiveDecision = collectiveDecision, LossesRecoveredPercent = recovered, PrivateGain = privateGain, DefiedExplicitBan = defiedBan };

    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == code, $"Expected {code} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    public static List<string> BadFields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    /// <summary>The Tolerance outbox messages whose wire name ends with the suffix, oldest first.</summary>
    public static async Task<List<OutboxMessage>> EventsAsync(this SuiteHost suite, string wireSuffix)
    {
        var messages = new List<OutboxMessage>();
        Cursor? after = null;
        do
        {
            var page = await suite.Store(ToleranceModule.Name).QueryAsync(OutboxMessage.Collection, new Query(null, "occurredAt", false, 500, after), TestContext.Current.CancellationToken);
            messages.AddRange(page.Items.Where(m => m.MessageType.EndsWith(wireSuffix, StringComparison.Ordinal)));
            after = page.Next;
        }
        while (after is not null);

        return messages;
    }

    /// <summary>The payloads of the events about one object (the id appears in the payload).</summary>
    public static async Task<List<JsonElement>> PayloadsAsync(this SuiteHost suite, string wireSuffix, string about) =>
        (await suite.EventsAsync(wireSuffix)).Where(m => m.Payload.Contains(about, StringComparison.Ordinal)).Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone()).ToList();

    public static async Task<List<string>> AuditActionsAsync(this SuiteHost suite, string objectId)
    {
        var audit = await new AuditApi.Audit.AuditClient(suite.Channel).ListAuditRecordsAsync(
            new AuditApi.ListAuditRecordsRequest { Chain = ToleranceModule.Name, ObjectId = objectId, PageSize = 100 }, suite.As(Roles.Auditor));
        return audit.Records.OrderBy(r => r.Sequence).Select(r => r.Action).ToList();
    }

    public static async Task AssertAuditChainValidAsync(this SuiteHost suite)
    {
        var verified = await new AuditApi.Audit.AuditClient(suite.Channel).VerifyAuditChainAsync(new AuditApi.VerifyAuditChainRequest { Chain = ToleranceModule.Name }, suite.As(Roles.Auditor));
        Assert.True(verified.Valid, verified.Problem);
        Assert.True(verified.RecordsChecked > 0);
    }

    public static async Task<T> Poll<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("Not reached within 10 s.");
    }

    public static void AdvanceTo(this SuiteHost suite, DateTimeOffset instant) => suite.Clock.Advance(instant - suite.Clock.GetUtcNow());
}
