using System.Collections.Concurrent;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Talks.V1;
using Google.Protobuf.WellKnownTypes;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Drives clues disposed by talk inquiry (谈话函询) across Clues and Talks with bounded concurrency:
/// register, assign and dispose the clue, request the inquiry talk, wait for Talks to list it (the
/// RequestInquiryTalk command crosses the broker), schedule it and record it held. Each talk has its
/// own talkers and subject, so no booking overlaps another. Retries as <see cref="ClientRetry"/> does.
/// </summary>
internal sealed class TalkLoad(ServiceUnderTest clues, ServiceUnderTest talks)
{
    /// <summary>Upper bound for Talks to list the talk Clues requested (covers a kill of either and a redelivery).</summary>
    private static readonly TimeSpan ListedLimit = TimeSpan.FromSeconds(120);

    private readonly ClientRetry _retry = new();
    private readonly Protos.Talks.V1.Talks.TalksClient _talks = new(talks.Channel);
    private long _held;

    /// <summary>A talk recorded held: the clue it answers and the talk.</summary>
    public sealed record Held(int Index, string ClueId, string TalkId);

    public long Retries => _retry.Retries;

    public long HeldCount => Interlocked.Read(ref _held);

    public static string CadreId(string runTag, int index) => $"{runTag}-talk-cadre-{index}";

    /// <summary>Takes every clue through to its talk held; each result once, in no particular order.</summary>
    public async Task<IReadOnlyList<Held>> RunAsync(string runTag, int count, int concurrency, CancellationToken ct)
    {
        var results = new ConcurrentBag<Held>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => results.Add(await OneAsync(runTag, i, token)));
        return results.ToList();
    }

    private async Task<Held> OneAsync(string runTag, int index, CancellationToken ct)
    {
        var cadre = CadreId(runTag, index);
        var talkers = new[] { $"谈话人{index}甲", $"谈话人{index}乙" };
        var clue = await _retry.CallAsync(clues, Roles.Supervisor, options => clues.Clues.RegisterClueAsync(new RegisterClueRequest
        {
            IdempotencyKey = $"{runTag}-talk-{index}",
            Source = ClueSource.InspectionTour,
            SourceReference = "市委第二巡察组移交",
            Subjects = { new ClueSubject { Name = $"谈话对象{index}", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township, CadreId = cadre } },
            Summary = "反映其在道路工程招标中收受承包商回扣。",
            Disciplines = { Discipline.Integrity },
        }, options).ResponseAsync, ct, retryAborted: true);
        clue = await AdvanceClueAsync(clue, c => c.Status == ClueStatus.Registered, (c, options) => clues.Clues.AssignClueAsync(
            new AssignClueRequest { ClueId = c.ClueId, Department = "dept-1", Handler = "e2e-handler", ExpectedVersion = c.Version }, options).ResponseAsync, ct);
        clue = await AdvanceClueAsync(clue, c => c.Status == ClueStatus.Assigned, (c, options) => clues.Clues.DecideDisposalAsync(new DecideDisposalRequest
        {
            ClueId = c.ClueId,
            Method = DisposalMethod.TalkInquiry,
            CollectiveDecision = new CollectiveDecision { MeetingDate = ClueSteps.Today(), Attendees = { "王书记", "赵主任" }, Approver = "王书记" },
            Reason = "线索处置会研究",
            ExpectedVersion = c.Version,
        }, options).ResponseAsync, ct);
        clue = await AdvanceClueAsync(clue, c => c.Status == ClueStatus.Inquiry, (c, options) => clues.Clues.RequestInquiryTalkAsync(
            new RequestInquiryTalkRequest { ClueId = c.ClueId, Talkers = { talkers }, ExpectedVersion = c.Version }, options).ResponseAsync, ct);
        if (clue.Status != ClueStatus.TalkRequested)
        {
            throw new InvalidOperationException($"clue {clue.ClueId} is {clue.Status} after the talk was requested, not TALK_REQUESTED");
        }

        var listed = await Observe.EventuallyAsync(async () =>
            (await _retry.CallAsync(talks, Roles.Supervisor, options => _talks.ListTalksAsync(new ListTalksRequest { ClueId = clue.ClueId }, options).ResponseAsync, ct)).Talks.SingleOrDefault(),
            ct, ListedLimit);
        var talk = await _retry.CallAsync(talks, Roles.Supervisor, options => _talks.GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, options).ResponseAsync, ct);

        // The record can be taken from 30 minutes before the start.
        var start = DateTimeOffset.UtcNow.AddMinutes(5);
        talk = await AdvanceTalkAsync(talk, t => t.Status == TalkStatus.Requested, (t, options) => _talks.ScheduleTalkAsync(new ScheduleTalkRequest
        {
            TalkId = t.TalkId,
            ExpectedVersion = t.Version,
            Start = Timestamp.FromDateTimeOffset(start),
            End = Timestamp.FromDateTimeOffset(start.AddHours(1)),
            Place = "纪委谈话室一",
            Talkers = { talkers },
            NoteTaker = $"记录人{index}",
        }, options).ResponseAsync, ct);
        talk = await AdvanceTalkAsync(talk, t => t.Status == TalkStatus.Scheduled, (t, options) => _talks.RecordTalkHeldAsync(new RecordTalkHeldRequest
        {
            TalkId = t.TalkId,
            ExpectedVersion = t.Version,
            Attendance = { new Attendance { CadreId = cadre, Present = true } },
            Summary = "谈话函询：本人对反映问题作出说明。",
            Statement = "本人说明：未收受回扣。",
            Signatures = { new Protos.Talks.V1.Signature { Who = talkers[0], At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) } },
        }, options).ResponseAsync, ct);
        if (talk.Status != TalkStatus.Held)
        {
            throw new InvalidOperationException($"talk {talk.TalkId} is {talk.Status} after it was recorded held, not HELD");
        }

        Interlocked.Increment(ref _held);
        return new Held(index, clue.ClueId, talk.TalkId);
    }

    private Task<Clue> AdvanceClueAsync(Clue known, Func<Clue, bool> due, Func<Clue, Grpc.Core.CallOptions, Task<Clue>> step, CancellationToken ct) =>
        _retry.AdvanceAsync(
            clues,
            Roles.Supervisor,
            known,
            options => clues.Clues.GetClueAsync(new GetClueRequest { ClueId = known.ClueId }, options).ResponseAsync,
            due,
            step,
            "clue " + known.ClueId,
            ct);

    private Task<Talk> AdvanceTalkAsync(Talk known, Func<Talk, bool> due, Func<Talk, Grpc.Core.CallOptions, Task<Talk>> step, CancellationToken ct) =>
        _retry.AdvanceAsync(
            talks,
            Roles.Supervisor,
            known,
            options => _talks.GetTalkAsync(new GetTalkRequest { TalkId = known.TalkId }, options).ResponseAsync,
            due,
            step,
            "talk " + known.TalkId,
            ct);
}
