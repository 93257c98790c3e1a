using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Testing;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Accountability.Clues.Tests.Service;

/// <summary>Shortcuts for the tests: the client, tokens with a department, refused calls, the outbox, and a clue driven to a state.</summary>
internal static class ClueRpc
{
    public const string Department = "dept-1";

    public static Protos.Clues.V1.Clues.CluesClient Clues(this SuiteHost suite) => new(suite.Channel);

    /// <summary>A supervisor's call options.</summary>
    public static CallOptions Supervisor(this SuiteHost suite) => suite.As(Roles.Supervisor, "supervisor-wang");

    /// <summary>A handler of a department (the token's "dept" claim).</summary>
    public static CallOptions Handler(this SuiteHost suite, string department = Department, string subject = "handler-li") =>
        new(headers: new Metadata { { "Authorization", "Bearer " + TokenIssuer.Mint(suite.Auth, subject, Roles.Handler, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city", department: department) } });

    public static RegisterClueRequest Registration(string name = "李四", string unit = "清水县河西镇人民政府", string? cadreId = null, ClueSource source = ClueSource.InspectionTour) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Source = source,
        SourceReference = "市委第二巡察组移交 2026-03",
        Subjects = { new ClueSubject { Name = name, Unit = unit, Post = "副镇长", Level = Level.Township, CadreId = cadreId ?? "" } },
        Summary = "反映其在道路工程招标中收受承包商回扣。",
        Disciplines = { Discipline.Integrity },
    };

    /// <summary>Today in Beijing, as YYYY-MM-DD.</summary>
    public static string Today(this SuiteHost suite) => suite.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static CollectiveDecision Decision(string date = "2026-03-02") => new() { MeetingDate = date, Attendees = { "王书记", "赵主任", "钱委员" }, Approver = "王书记" };

    /// <summary>Registers a clue and assigns it to <see cref="Department"/>.</summary>
    public static async Task<Clue> AssignedAsync(this SuiteHost suite, RegisterClueRequest? registration = null)
    {
        var clues = suite.Clues();
        var clue = await clues.RegisterClueAsync(registration ?? Registration(), suite.Supervisor());
        return await clues.AssignClueAsync(new AssignClueRequest { ClueId = clue.ClueId, Department = Department, Handler = "handler-li" }, suite.Supervisor());
    }

    public static async Task<Clue> DisposedAsync(this SuiteHost suite, DisposalMethod method, RegisterClueRequest? registration = null)
    {
        var clue = await suite.AssignedAsync(registration);
        return await suite.Clues().DecideDisposalAsync(
            new DecideDisposalRequest { ClueId = clue.ClueId, Method = method, CollectiveDecision = Decision(suite.Today()), Reason = "线索处置会研究" }, suite.Supervisor());
    }

    /// <summary>Letter inquiry sent and answered.</summary>
    public static async Task<Clue> AnsweredAsync(this SuiteHost suite, RegisterClueRequest? registration = null)
    {
        var clues = suite.Clues();
        var clue = await suite.DisposedAsync(DisposalMethod.TalkInquiry, registration);
        await clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕1号" }, suite.Handler());
        return await clues.RecordInquiryReplyAsync(new RecordInquiryReplyRequest { ClueId = clue.ClueId, ReplyReference = "复函", CountersignedBy = "张书记" }, suite.Handler());
    }

    /// <summary>Preliminary verification planned with a team of two.</summary>
    public static async Task<Clue> PlannedAsync(this SuiteHost suite, RegisterClueRequest? registration = null)
    {
        var clue = await suite.DisposedAsync(DisposalMethod.PreliminaryVerification, registration);
        return await suite.Clues().PlanVerificationAsync(
            new PlanVerificationRequest { ClueId = clue.ClueId, Team = { "核查员甲", "核查员乙" }, PlanReference = "初核方案〔2026〕3号", Approver = "王书记" }, suite.Handler());
    }

    public static async Task<Clue> CaseFiledAsync(this SuiteHost suite, RegisterClueRequest? registration = null) =>
        await suite.DisposedAsync(DisposalMethod.TransferInvestigation, registration);

    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == code, $"Expected {code} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    public static List<string> BadFields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    public static async Task<List<OutboxMessage>> OutboxAsync(this SuiteHost suite, string service = CluesModule.Name)
    {
        var page = await suite.Store(service).QueryAsync(OutboxMessage.Collection, new Query(null, "occurredAt", false, 1000), TestContext.Current.CancellationToken);
        return page.Items.ToList();
    }

    public static async Task<List<OutboxMessage>> EventsAsync(this SuiteHost suite, string wireSuffix) =>
        (await suite.OutboxAsync()).Where(m => m.MessageType.EndsWith(wireSuffix, StringComparison.Ordinal)).ToList();
}
