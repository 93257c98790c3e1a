using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit;
using Talk = Accountability.Protos.Talks.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>A dossier is a function of the set of its events: duplicates, disorder and a rebuild from the exports change nothing (acceptance point 3).</summary>
public sealed class DossierConsistencyTests
{
    [Fact]
    public async Task Events_delivered_twice_and_out_of_order_and_a_rebuild_from_the_exports_give_the_same_dossier()
    {
        await using var live = await SuiteHost.StartAsync();
        var asOf = live.Today();
        await live.ScenarioOneAsync();
        var colleague = "c-qingshui-hexi-04";
        await HoldCollectiveTalkAsync(live, [CaseRpc.LiSi, colleague]);
        var events = await live.DossierEventsAsync();
        Assert.True(events.Count >= 15, $"only {events.Count} events were exported");
        Assert.Contains(events, e => e is Contracts.Clues.ClueStageChanged);
        await live.InboxReachesAsync(events.Count);
        var inOrder = await SnapshotAsync(live, CaseRpc.LiSi, asOf);
        var colleagueInOrder = await SnapshotAsync(live, colleague, asOf);
        Assert.Contains(inOrder.Dossier.ClosedMatters, m => m.Result == "case_concluded");
        Assert.Equal(2, inOrder.Dossier.ImpactPeriods.Count);
        Assert.Contains(inOrder.Timeline, e => e.Kind == EntryKind.Talk);

        // Another suite gets every event twice, shuffled, each copy under a new message id.
        await using var replayed = await SuiteHost.StartAsync(live.Clock.GetUtcNow());
        var shuffled = events.Concat(events).OrderBy(_ => Random.Shared.Next()).ToList();
        foreach (var message in shuffled)
        {
            await replayed.PublishAsync(message);
        }

        await replayed.InboxReachesAsync(shuffled.Count);
        Assert.Equal(inOrder, await SnapshotAsync(replayed, CaseRpc.LiSi, asOf));
        Assert.Equal(colleagueInOrder, await SnapshotAsync(replayed, colleague, asOf));

        // The live suite rebuilds from the services' exports into a new generation.
        var rebuilt = await live.CaseFiles().RebuildDossiersAsync(new RebuildDossiersRequest(), live.As(Roles.Admin));
        Assert.Equal(2, rebuilt.Generation);
        Assert.Equal(CaseRpc.Sources.Order(), rebuilt.Sources.Select(s => s.Source).Order());
        Assert.Equal(events.Count, rebuilt.Sources.Sum(s => s.Events));
        var after = await SnapshotAsync(live, CaseRpc.LiSi, asOf);
        Assert.Equal(2, after.Generation);
        Assert.Equal(inOrder, after);
        Assert.Equal(colleagueInOrder, await SnapshotAsync(live, colleague, asOf));
    }

    [Fact]
    public async Task A_rebuild_starts_from_nothing_an_event_no_source_exported_is_gone()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-baiyun-czj-01");
        var person = new Contracts.AccusedPersonInfo(cadre.Name, cadre.Unit, cadre.Post, "county", cadre.CadreId);
        await suite.PublishAsync(new Contracts.Tolerance.AccountabilityMatterOpened
        {
            MatterId = "matter-bus-only",
            Source = "incident",
            Targets = [new Contracts.Tolerance.AccountabilityTargetInfo { TargetId = "t1", Kind = "cadre", Cadre = person }],
            OpenedAt = suite.Clock.GetUtcNow(),
        });
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Count == 1);

        // Published straight onto the bus, it is in no service's outbox: no export has it.
        await suite.CaseFiles().RebuildDossiersAsync(new RebuildDossiersRequest(), suite.As(Roles.Admin));
        var rebuilt = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = cadre.CadreId }, suite.Supervisor());
        Assert.Equal(2, rebuilt.Generation);
        Assert.Empty(rebuilt.OpenMatters);
    }

    [Fact]
    public async Task A_rebuild_without_the_export_of_a_source_whose_facts_the_dossiers_hold_is_refused_and_reads_stay()
    {
        await using var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["CaseFiles:Sources:tolerance"] = "" });
        var cadre = await suite.CadreAsync("c-baiyun-czj-01");
        var person = new Contracts.AccusedPersonInfo(cadre.Name, cadre.Unit, cadre.Post, "county", cadre.CadreId);
        await suite.PublishAsync(new Contracts.Tolerance.AccountabilityMatterOpened
        {
            MatterId = "matter-unconfigured",
            Source = "incident",
            Targets = [new Contracts.Tolerance.AccountabilityTargetInfo { TargetId = "t1", Kind = "cadre", Cadre = person }],
            OpenedAt = suite.Clock.GetUtcNow(),
        });
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Count == 1);

        var refused = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.FailedPrecondition, () =>
            suite.CaseFiles().RebuildDossiersAsync(new RebuildDossiersRequest(), suite.As(Roles.Admin)).ResponseAsync);
        Assert.Contains("tolerance", refused.Status.Detail, StringComparison.Ordinal);
        var dossier = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = cadre.CadreId }, suite.Supervisor());
        Assert.Equal(1, dossier.Generation);
        Assert.Single(dossier.OpenMatters);
    }

    [Fact]
    public async Task An_exported_event_whose_payload_cannot_be_read_is_parked_and_the_rebuild_completes()
    {
        await using var suite = await SuiteHost.StartAsync();
        await suite.ScenarioOneAsync();
        var asOf = suite.Today();
        var events = await suite.DossierEventsAsync();
        await suite.InboxReachesAsync(events.Count);
        var before = await SnapshotAsync(suite, CaseRpc.LiSi, asOf);
        var broken = new Platform.Messaging.OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            MessageType = MassTransit.MessageUrn.ForTypeString(typeof(Contracts.Clues.ClueRegistered)),
            Payload = "{\"clueId\": 5, \"registeredAt\": \"not a time\"}",
            OccurredAt = suite.Clock.GetUtcNow(),
            Dispatched = true,
        };
        var write = new Platform.Storage.WriteBatch(suite.Clock.GetUtcNow());
        write.Insert(Platform.Messaging.OutboxMessage.Collection, broken);
        await suite.Store("clues").CommitAsync(write, TestContext.Current.CancellationToken);

        var rebuilt = await suite.CaseFiles().RebuildDossiersAsync(new RebuildDossiersRequest(), suite.As(Roles.Admin));
        Assert.Equal(2, rebuilt.Generation);
        var clues = Assert.Single(rebuilt.Sources, s => s.Source == "clues");
        Assert.Equal((1, broken.Id), (clues.Parked, Assert.Single(clues.ParkedEventIds)));
        Assert.Equal(0, rebuilt.Sources.Where(s => s.Source != "clues").Sum(s => s.Parked));
        Assert.Equal(events.Count, rebuilt.Sources.Sum(s => s.Events));
        Assert.Equal(before, await SnapshotAsync(suite, CaseRpc.LiSi, asOf));
    }

    [Fact]
    public async Task The_event_export_pages_every_committed_event_in_a_stable_order()
    {
        await using var suite = await SuiteHost.StartAsync();
        await suite.ScenarioOneAsync();
        var export = new Protos.Events.V1.EventExport.EventExportClient(suite.Channel);
        var ids = new List<string>();
        var position = "";
        for (var pages = 0; ; pages++)
        {
            var page = await export.ExportEventsAsync(new Protos.Events.V1.ExportEventsRequest { Service = "clues", AfterPosition = position, PageSize = 3 }, suite.As(Roles.Auditor));
            ids.AddRange(page.Events.Select(e => e.Id));
            Assert.All(page.Events, e => Assert.StartsWith("urn:message:accountability:clues:", e.MessageType, StringComparison.Ordinal));
            position = page.NextPosition;
            if (!page.More)
            {
                break;
            }
        }

        var outbox = await suite.OutboxAsync("clues");
        Assert.Equal(outbox.Select(m => m.Id), ids);

        // An event whose batch began a minute earlier commits now, behind the position handed out:
        // reading on from the position misses it; a look-back finds it (with the events already read).
        var late = new Platform.Messaging.OutboxMessage
        {
            Id = Guid.NewGuid().ToString("N"),
            MessageType = MassTransit.MessageUrn.ForTypeString(typeof(Contracts.Clues.ClueStageChanged)),
            Payload = "{}",
            OccurredAt = outbox[^1].OccurredAt.AddMinutes(-1),
            Dispatched = true,
        };
        var write = new Platform.Storage.WriteBatch(suite.Clock.GetUtcNow());
        write.Insert(Platform.Messaging.OutboxMessage.Collection, late);
        await suite.Store("clues").CommitAsync(write, TestContext.Current.CancellationToken);
        var onward = await export.ExportEventsAsync(new Protos.Events.V1.ExportEventsRequest { Service = "clues", AfterPosition = position }, suite.As(Roles.Auditor));
        Assert.Empty(onward.Events);
        var lookedBack = await export.ExportEventsAsync(new Protos.Events.V1.ExportEventsRequest { Service = "clues", AfterPosition = position, LookBackSeconds = 120 }, suite.As(Roles.Auditor));
        Assert.Contains(lookedBack.Events, e => e.Id == late.Id);
        Assert.Contains(lookedBack.Events, e => e.Id == ids[^1]);

        var bad = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () =>
            export.ExportEventsAsync(new Protos.Events.V1.ExportEventsRequest { Service = "nowhere", AfterPosition = "garbage", PageSize = 501, LookBackSeconds = -1 }, suite.As(Roles.Admin)).ResponseAsync);
        Assert.Equal(["service", "page_size", "look_back_seconds", "after_position"], CaseRpc.BadFields(bad));
        await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.PermissionDenied, () =>
            export.ExportEventsAsync(new Protos.Events.V1.ExportEventsRequest { Service = "clues" }, suite.As(Roles.OrgDept)).ResponseAsync);
    }

    [Fact]
    public async Task A_transfer_and_a_namesake_arriving_in_the_old_unit_leave_a_rebuilt_dossier_and_its_opinion_as_they_were()
    {
        await using var suite = await SuiteHost.StartAsync();
        var asOf = suite.Today();
        await suite.ScenarioOneAsync();
        await suite.InboxReachesAsync((await suite.DossierEventsAsync()).Count);
        var lisi = await suite.CadreAsync(CaseRpc.LiSi);

        // 李四 moves to another unit, and another 李四 joins 河西镇: the petition named "李四, 河西镇" only.
        var moved = lisi.Clone();
        moved.Unit = "清水县白云镇";
        var namesake = lisi.Clone();
        namesake.CadreId = "c-qingshui-hexi-99";
        await suite.CaseFiles().ImportDirectoryAsync(new ImportDirectoryRequest { Cadres = { moved, namesake } }, suite.As(Roles.Admin));
        var before = await SnapshotAsync(suite, CaseRpc.LiSi, asOf);
        Assert.Equal(2, before.Dossier.ImpactPeriods.Count);
        var opinionBefore = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "transfer-1", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion });

        var rebuilt = await suite.CaseFiles().RebuildDossiersAsync(new RebuildDossiersRequest(), suite.As(Roles.Admin));
        Assert.Equal(2, rebuilt.Generation);
        var after = await SnapshotAsync(suite, CaseRpc.LiSi, asOf);
        Assert.Equal(2, after.Generation);
        Assert.Equal(before, after);
        var opinionAfter = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "transfer-2", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(opinionBefore.Answer, opinionAfter.Answer);
        Assert.Equal(opinionBefore.Reasons, opinionAfter.Reasons);

        // The newcomer gets none of it.
        var newcomer = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = namesake.CadreId, AsOf = asOf }, suite.Supervisor());
        Assert.Empty(newcomer.ImpactPeriods);
        Assert.Empty(newcomer.ClosedMatters);
    }

    private sealed record Snapshot(long Generation, Dossier Dossier, IReadOnlyList<TimelineEntry> Timeline)
    {
        public bool Equals(Snapshot? other) => other is not null && Dossier.Equals(other.Dossier) && Timeline.SequenceEqual(other.Timeline);

        public override int GetHashCode() => Dossier.GetHashCode();
    }

    private static async Task<Snapshot> SnapshotAsync(SuiteHost suite, string cadreId, string asOf)
    {
        var dossier = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = cadreId, AsOf = asOf }, suite.Supervisor());
        var generation = dossier.Generation;
        dossier.Generation = 0;
        var timeline = new List<TimelineEntry>();
        var token = "";
        do
        {
            var page = await suite.CaseFiles().GetTimelineAsync(new GetTimelineRequest { CadreId = cadreId, PageSize = 100, PageToken = token }, suite.Supervisor());
            timeline.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        return new Snapshot(generation, dossier, timeline);
    }

    private static async Task HoldCollectiveTalkAsync(SuiteHost suite, IReadOnlyList<string> cadreIds)
    {
        var talks = new Talk.Talks.TalksClient(suite.Channel);
        var talk = await talks.RequestTalkAsync(new Talk.RequestTalkRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Kind = Talk.TalkKind.CollectiveIntegrity,
            Reason = "新任职干部集体廉政谈话",
            Participants = { cadreIds.Select(id => new Talk.ParticipantInput { CadreId = id, Name = id }) },
        }, suite.Supervisor());
        var start = suite.Clock.GetUtcNow().AddHours(2);
        talk = await talks.ScheduleTalkAsync(new Talk.ScheduleTalkRequest
        {
            TalkId = talk.TalkId,
            Start = Timestamp.FromDateTimeOffset(start),
            End = Timestamp.FromDateTimeOffset(start.AddHours(1)),
            Place = "市纪委会议室",
            Talkers = { "talker-zhao" },
            NoteTaker = "clerk-sun",
        }, suite.Supervisor());
        suite.Clock.Advance(TimeSpan.FromHours(2));
        await talks.RecordTalkHeldAsync(new Talk.RecordTalkHeldRequest
        {
            TalkId = talk.TalkId,
            Attendance = { cadreIds.Select(id => new Talk.Attendance { CadreId = id, Present = true }) },
            Summary = "集体廉政谈话，通报典型案例，提出廉洁要求。",
            Signatures = { new Talk.Signature { Who = "talker-zhao", At = Timestamp.FromDateTimeOffset(start) } },
        }, suite.Supervisor());
    }
}
