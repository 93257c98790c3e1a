using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Accountability.Talks.Tests.Service;

/// <summary>Shortcuts for the tests: the client, tokens, refused calls, the outbox, and talks driven to a state.</summary>
internal static class TalkRpc
{
    public static Protos.Talks.V1.Talks.TalksClient Talks(this SuiteHost suite) => new(suite.Channel);

    public static CallOptions Supervisor(this SuiteHost suite) => suite.As(Roles.Supervisor, "supervisor-wang");

    public const string Department = "dept-1";

    /// <summary>A handler of a department (the token's "dept" claim); talks they request are of that department.</summary>
    public static CallOptions Handler(this SuiteHost suite, string department = Department, string subject = "handler-li") =>
        new(headers: new Metadata { { "Authorization", "Bearer " + TokenIssuer.Mint(suite.Auth, subject, Roles.Handler, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city", department: department) } });

    public static IEnumerable<ParticipantInput> Cadres(int count, string prefix = "cadre") =>
        Enumerable.Range(1, count).Select(i => new ParticipantInput { CadreId = $"{prefix}-{i:D3}", Name = $"干部{i:D3}" });

    public static Task<Talk> RequestAsync(this SuiteHost suite, TalkKind kind, params IEnumerable<ParticipantInput> participants) =>
        suite.Talks().RequestTalkAsync(new RequestTalkRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Kind = kind,
            Reason = "党委安排",
            Participants = { participants },
        }, suite.Handler()).ResponseAsync;

    /// <summary>Moves the test clock to <paramref name="minutes"/> after the talk's start (the record can be taken from 30 minutes before it).</summary>
    public static void AdvanceToStart(this SuiteHost suite, Talk talk, int minutes = 0)
    {
        var target = talk.Start.ToDateTimeOffset().AddMinutes(minutes);
        if (target > suite.Clock.GetUtcNow())
        {
            suite.Clock.Advance(target - suite.Clock.GetUtcNow());
        }
    }

    /// <summary>A slot on the clock's day plus <paramref name="days"/>, at a Beijing hour.</summary>
    public static (Timestamp Start, Timestamp End) Slot(this SuiteHost suite, int days, int hour, int minutes = 60)
    {
        var day = suite.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).Date.AddDays(days);
        var start = new DateTimeOffset(day.AddHours(hour), TimeSpan.FromHours(8));
        return (Timestamp.FromDateTimeOffset(start), Timestamp.FromDateTimeOffset(start.AddMinutes(minutes)));
    }

    public static ScheduleTalkRequest Schedule(string talkId, (Timestamp Start, Timestamp End) slot, params string[] talkers) => new()
    {
        TalkId = talkId,
        Start = slot.Start,
        End = slot.End,
        Place = "纪委谈话室一",
        Talkers = { talkers.Length == 0 ? ["talker-zhao", "talker-qian"] : talkers },
        NoteTaker = "clerk-sun",
    };

    public static ScheduleTalkRequest Noting(this ScheduleTalkRequest request, string noteTaker)
    {
        request.NoteTaker = noteTaker;
        return request;
    }

    public static ScheduleTalkRequest Because(this ScheduleTalkRequest request, string reason, long expectedVersion)
    {
        request.Reason = reason;
        request.ExpectedVersion = expectedVersion;
        return request;
    }

    public static RecordTalkHeldRequest Held(Talk talk, IEnumerable<string>? absent = null, params FollowUpKind[] followUps)
    {
        var absentees = (absent ?? []).ToHashSet();
        return new RecordTalkHeldRequest
        {
            TalkId = talk.TalkId,
            Attendance = { talk.Participants.Select(p => new Attendance { CadreId = p.CadreId, Present = !absentees.Contains(p.CadreId) }) },
            Summary = "谈话记录：指出问题，提出要求。",
            Statement = "本人表示接受组织提醒，认真整改。",
            Signatures = { new Signature { Who = "talker-zhao", At = talk.RequestedAt }, new Signature { Who = "clerk-sun", At = talk.RequestedAt } },
            Attachments = { new Protos.Common.V1.AttachmentRef { Name = "谈话笔录.pdf", Sha256 = new string('a', 64), SizeBytes = 1024, Uri = "docs://talks/record-1", MediaType = "application/pdf" } },
            FollowUps = { followUps },
        };
    }

    public static string Today(this SuiteHost suite) => suite.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == code, $"Expected {code} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    public static List<string> BadFields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    public static async Task<List<OutboxMessage>> EventsAsync(this SuiteHost suite, string wireSuffix)
    {
        var messages = new List<OutboxMessage>();
        Cursor? after = null;
        do
        {
            var page = await suite.Store(TalksModule.Name).QueryAsync(OutboxMessage.Collection, new Query(null, "occurredAt", false, 500, after), TestContext.Current.CancellationToken);
            messages.AddRange(page.Items.Where(m => m.MessageType.EndsWith(wireSuffix, StringComparison.Ordinal)));
            after = page.Next;
        }
        while (after is not null);

        return messages;
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
}
