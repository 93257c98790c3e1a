using Accountability.Platform.Audit;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using TalkDomain = Accountability.Talks.Domain;

namespace Accountability.Talks.Tests.Service;

public sealed class SchedulingRulesTests
{
    [Fact]
    public async Task A_talk_is_recorded_as_held_from_thirty_minutes_before_its_start_and_refused_earlier_naming_the_state_and_the_start()
    {
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-early", Name = "陈一" });
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-early"), suite.Handler());

        suite.AdvanceToStart(scheduled, -31);
        var early = await TalkRpc.FailsWith(StatusCode.FailedPrecondition, () => talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled), suite.Handler()).ResponseAsync);
        Assert.Contains("SCHEDULED", early.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("2026-03-03 10:00", early.Status.Detail, StringComparison.Ordinal);

        suite.AdvanceToStart(scheduled, -30);
        Assert.Equal(TalkStatus.Held, (await talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled), suite.Handler())).Status);
    }

    [Fact]
    public async Task Talkers_and_the_note_taker_may_not_also_be_participants()
    {
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.HeartToHeart, new ParticipantInput { CadreId = "cadre-self", Name = "自己" });
        var talker = await TalkRpc.FailsWith(StatusCode.InvalidArgument,
            () => talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-ok", "cadre-self"), suite.Handler()).ResponseAsync);
        Assert.Equal(["talkers[1]"], TalkRpc.BadFields(talker));
        var noteTaker = await TalkRpc.FailsWith(StatusCode.InvalidArgument,
            () => talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-ok").Noting("cadre-self"), suite.Handler()).ResponseAsync);
        Assert.Equal(["note_taker"], TalkRpc.BadFields(noteTaker));

        var overriding = TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-ok");
        overriding.Participants.Add(new ParticipantInput { CadreId = "talker-ok", Name = "谈话人" });
        Assert.Equal(["talkers[0]"], TalkRpc.BadFields(await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.ScheduleTalkAsync(overriding, suite.Handler()).ResponseAsync)));
    }

    [Fact]
    public async Task A_missed_talk_releases_its_bookings_and_is_rescheduled_with_a_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-missed", Name = "林二" });
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-missed"), suite.Handler());
        suite.AdvanceToStart(scheduled, 20);
        var missed = await talks.RecordTalkMissedAsync(new RecordTalkMissedRequest { TalkId = talk.TalkId, Reason = "被谈话人生病", ExpectedVersion = scheduled.Version }, suite.Handler());
        Assert.Equal((TalkStatus.Missed, "被谈话人生病", ""), (missed.Status, missed.MissedReason, missed.RemindOn));
        Assert.Empty(await suite.EventsAsync("inquiry-talk-not-held:v1")); // not a Clues request
        Assert.Equal(0, await OpenBookingsAsync(suite, "talker-missed", ct));

        var noReason = await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.RescheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-missed"), suite.Handler()).ResponseAsync);
        Assert.Equal(["reason"], TalkRpc.BadFields(noReason));
        var rescheduled = await talks.RescheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 10), "talker-missed").Because("改至次日", missed.Version), suite.Handler());
        Assert.Equal((TalkStatus.Scheduled, "", "2026-03-03"), (rescheduled.Status, rescheduled.MissedReason, rescheduled.RemindOn));
        Assert.Equal(["request", "schedule", "record_missed", "reschedule"], rescheduled.Steps.Select(s => s.Action));
        Assert.Equal(1, await OpenBookingsAsync(suite, "talker-missed", ct));

        suite.AdvanceToStart(rescheduled);
        Assert.Equal(TalkStatus.Held, (await talks.RecordTalkHeldAsync(TalkRpc.Held(rescheduled), suite.Handler())).Status);
    }

    private static async Task<int> OpenBookingsAsync(SuiteHost suite, string person, CancellationToken ct) =>
        (await suite.Store(TalksModule.Name).QueryAsync(TalkDomain.Booking.Collection, new Query(Filter.And(Filter.Eq("personKey", person), Filter.Eq("released", false)), "start", false, 100), ct)).Items.Count;

    [Fact]
    public async Task The_agenda_lists_a_talkers_upcoming_scheduled_talks_by_day_within_the_days_asked()
    {
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        async Task<Talk> ScheduledAsync(string cadre, int days, int hour, string talker = "talker-agenda")
        {
            var talk = await suite.RequestAsync(TalkKind.HeartToHeart, new ParticipantInput { CadreId = cadre, Name = cadre });
            return await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(days, hour), talker), suite.Handler());
        }

        var afternoon = await ScheduledAsync("cadre-ag-1", 1, 15);
        var morning = await ScheduledAsync("cadre-ag-2", 1, 9);
        var thursday = await ScheduledAsync("cadre-ag-3", 3, 10);
        await ScheduledAsync("cadre-ag-4", 9, 10); // beyond 7 days
        await ScheduledAsync("cadre-ag-5", 1, 11, "talker-else"); // someone else's
        var cancelled = await ScheduledAsync("cadre-ag-6", 2, 10);
        await talks.CancelTalkAsync(new CancelTalkRequest { TalkId = cancelled.TalkId, Reason = "取消" }, suite.Supervisor());

        var agenda = await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-agenda" }, suite.Handler());
        Assert.Equal("talker-agenda", agenda.Talker);
        Assert.Equal(["2026-03-03", "2026-03-05"], agenda.Days.Select(d => d.Date));
        Assert.Equal([morning.TalkId, afternoon.TalkId], agenda.Days[0].Talks.Select(t => t.TalkId));
        Assert.Equal(thursday.TalkId, Assert.Single(agenda.Days[1].Talks).TalkId);
        Assert.Equal(TalkStatus.Scheduled, agenda.Days[0].Talks[0].Status);

        var oneDay = await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-agenda", Days = 2 }, suite.Handler());
        Assert.Equal(["2026-03-03"], oneDay.Days.Select(d => d.Date));

        // Once the morning talk is held it is no longer upcoming.
        suite.AdvanceToStart(morning);
        await talks.RecordTalkHeldAsync(TalkRpc.Held(morning), suite.Handler());
        var later = await talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-agenda" }, suite.Handler());
        Assert.Equal([afternoon.TalkId], later.Days[0].Talks.Select(t => t.TalkId));
        Assert.Equal(["days"], TalkRpc.BadFields(await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.GetAgendaAsync(new GetAgendaRequest { Talker = "talker-agenda", Days = 40 }, suite.Handler()).ResponseAsync)));
    }

    [Fact]
    public async Task The_overlap_check_reads_every_open_booking_of_the_person_not_only_the_first_fifty()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var (start, _) = suite.Slot(1, 14);
        var booked = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-busy-1", Name = "忙一" });
        var bookedSlot = (Timestamp.FromDateTimeOffset(start.ToDateTimeOffset().AddMinutes(-30)), Timestamp.FromDateTimeOffset(start.ToDateTimeOffset().AddMinutes(30)));
        await talks.ScheduleTalkAsync(TalkRpc.Schedule(booked.TalkId, bookedSlot, "talker-busy"), suite.Handler());

        // 60 released bookings of the same talker earlier that morning (cancelled talks) sort before it.
        var batch = new WriteBatch(suite.Clock.GetUtcNow());
        for (var i = 0; i < 60; i++)
        {
            var at = start.ToDateTimeOffset().AddHours(-11).AddMinutes(i * 5);
            batch.Insert(TalkDomain.Booking.Collection, new TalkDomain.Booking { Id = $"old-{i}|talker-busy", PersonKey = "talker-busy", TalkId = $"talk_old_{i}", Start = at, End = at.AddMinutes(5), Released = true });
        }

        await suite.Store(TalksModule.Name).CommitAsync(batch, ct);

        var second = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-busy-2", Name = "忙二" });
        var refused = await TalkRpc.FailsWith(StatusCode.FailedPrecondition, () => talks.ScheduleTalkAsync(TalkRpc.Schedule(second.TalkId, suite.Slot(1, 14), "talker-busy").Noting("clerk-other"), suite.Handler()).ResponseAsync);
        Assert.Contains("talker-busy", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(booked.TalkId, refused.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Of_two_concurrent_schedulings_of_the_same_person_the_second_to_commit_is_aborted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var caller = new Caller("supervisor-wang", Roles.Supervisor, "org-city", null);
        var real = suite.Services.GetRequiredService<TalkDomain.TalkWorkflow>();

        // The talker already has a calendar (an earlier talk), and has none for the participants.
        var earlier = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-race-0", Name = "先" });
        await talks.ScheduleTalkAsync(TalkRpc.Schedule(earlier.TalkId, suite.Slot(1, 8), "talker-race"), suite.Handler());
        var first = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-race-1", Name = "甲" });
        var second = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-race-2", Name = "乙" });
        var (start, end) = suite.Slot(1, 10);
        TalkDomain.ScheduleTalk For(string talkId) => new(talkId, 0, start.ToDateTimeOffset(), end.ToDateTimeOffset(), "谈话室", ["talker-race"], "clerk-race", null, "");

        // The first scheduler passes its check; the second schedules and commits before the first commits.
        var store = new InterleavingStore(suite.Store(TalksModule.Name), () => real.ScheduleAsync(caller, For(second.TalkId), reschedule: false, ct));
        var racing = ActivatorUtilities.CreateInstance<TalkDomain.TalkWorkflow>(suite.Services, (IDocumentStore)store);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => racing.ScheduleAsync(caller, For(first.TalkId), reschedule: false, ct));

        Assert.Equal(TalkStatus.Requested, (await talks.GetTalkAsync(new GetTalkRequest { TalkId = first.TalkId }, suite.Handler())).Status);
        Assert.Equal(TalkStatus.Scheduled, (await talks.GetTalkAsync(new GetTalkRequest { TalkId = second.TalkId }, suite.Handler())).Status);
        var open = await suite.Store(TalksModule.Name).QueryAsync(TalkDomain.Booking.Collection, new Query(Filter.And(Filter.Eq("personKey", "talker-race"), Filter.Eq("released", false)), "start", false, 100), ct);
        Assert.Equal([earlier.TalkId, second.TalkId], open.Items.Select(b => b.TalkId));

        // Read again, the first scheduler is refused naming the conflict (over the API: ABORTED would have been the code).
        var refused = await TalkRpc.FailsWith(StatusCode.FailedPrecondition, () => talks.ScheduleTalkAsync(TalkRpc.Schedule(first.TalkId, (start, end), "talker-race"), suite.Handler()).ResponseAsync);
        Assert.Contains(second.TalkId, refused.Status.Detail, StringComparison.Ordinal);

        // New people on both sides (no calendar yet) race the same way.
        var third = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-race-3", Name = "丙" });
        var fourth = await suite.RequestAsync(TalkKind.Reminder, new ParticipantInput { CadreId = "cadre-race-4", Name = "丁" });
        var (s2, e2) = suite.Slot(2, 10);
        TalkDomain.ScheduleTalk Fresh(string talkId) => new(talkId, 0, s2.ToDateTimeOffset(), e2.ToDateTimeOffset(), "谈话室", ["talker-new"], "clerk-new", null, "");
        var store2 = new InterleavingStore(suite.Store(TalksModule.Name), () => real.ScheduleAsync(caller, Fresh(fourth.TalkId), reschedule: false, ct));
        var racing2 = ActivatorUtilities.CreateInstance<TalkDomain.TalkWorkflow>(suite.Services, (IDocumentStore)store2);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => racing2.ScheduleAsync(caller, Fresh(third.TalkId), reschedule: false, ct));
    }

    /// <summary>A store that runs <paramref name="beforeFirstCommit"/> (another writer) just before its first commit.</summary>
    private sealed class InterleavingStore(IDocumentStore inner, Func<Task> beforeFirstCommit) : IDocumentStore
    {
        private Func<Task>? _pending = beforeFirstCommit;

        public string Name => inner.Name;

        public AuditChain AuditChain => inner.AuditChain;

        public Task<T?> GetAsync<T>(CollectionDefinition<T> collection, string id, CancellationToken ct = default)
            where T : class, IDocument => inner.GetAsync(collection, id, ct);

        public Task<T?> FindOneAsync<T>(CollectionDefinition<T> collection, Filter filter, CancellationToken ct = default)
            where T : class, IDocument => inner.FindOneAsync(collection, filter, ct);

        public Task<Page<T>> QueryAsync<T>(CollectionDefinition<T> collection, Query query, CancellationToken ct = default)
            where T : class, IDocument => inner.QueryAsync(collection, query, ct);

        public Task<long> CountAsync<T>(CollectionDefinition<T> collection, Filter? filter, CancellationToken ct = default)
            where T : class, IDocument => inner.CountAsync(collection, filter, ct);

        public async Task CommitAsync(WriteBatch batch, CancellationToken ct = default)
        {
            if (Interlocked.Exchange(ref _pending, null) is { } other)
            {
                await other();
            }

            await inner.CommitAsync(batch, ct);
        }
    }
}
