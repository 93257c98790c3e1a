using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using Accountability.Platform.Tests.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Accountability.Platform.Tests.Messaging;

/// <summary>The outbox relay over a real SQLite outbox and MassTransit's in-memory harness.</summary>
public sealed class OutboxRelayTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 30, 15, 123, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly SqliteDocumentStore _store;

    public OutboxRelayTests()
    {
        _store = new SqliteDocumentStore("outbox-tests", _folder.File("outbox.db"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_committed_event_is_published_once_under_its_outbox_id_and_marked_dispatched()
    {
        var concluded = new ClueConcluded { ClueId = "clue-1", PetitionId = "p-1", Result = "case_filed", ConcludedAt = T0 };
        var batch = new WriteBatch(T0).Publish(concluded);
        var outbox = batch.Writes.Select(w => w.Document).OfType<OutboxMessage>().Single();
        await _store.CommitAsync(batch, Ct);
        await using var provider = new ServiceCollection().AddLogging().AddMassTransitTestHarness().BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var relay = new OutboxRelay(_store, new OutboxSignal(), harness.Bus, TimeProvider.System, NullLogger<OutboxRelay>.Instance);

        var more = await relay.RelayOnceAsync(Ct);

        Assert.False(more);
        Assert.True(await harness.Published.Any<ClueConcluded>(Ct));
        var published = Assert.Single(PublishedSoFar(harness));
        Assert.Equal(outbox.MessageId, published.Context.MessageId);
        Assert.Equal(concluded, published.Context.Message);
        var stored = await _store.GetAsync(OutboxMessage.Collection, outbox.Id, Ct);
        Assert.NotNull(stored);
        Assert.True(stored.Dispatched);
        Assert.NotNull(stored.DispatchedAt);
        Assert.Equal(1, stored.Attempts);
        Assert.Null(stored.LastError);
        Assert.Equal(2, stored.Version);
        Assert.Equal(0, await _store.CountAsync(OutboxMessage.Collection, Filter.Eq("dispatched", false), Ct));

        Assert.False(await relay.RelayOnceAsync(Ct));

        Assert.Single(PublishedSoFar(harness));
        Assert.Equal(2, (await _store.GetAsync(OutboxMessage.Collection, outbox.Id, Ct))!.Version);
    }

    [Fact]
    public async Task An_unreadable_message_is_parked_and_does_not_block_the_ones_behind_it()
    {
        var unreadable = new OutboxMessage
        {
            Id = NewId.NextGuid().ToString("N"),
            MessageType = "urn:message:accountability:retired:event:v1",
            Payload = "{}",
            OccurredAt = T0,
        };
        await _store.CommitAsync(new WriteBatch(T0).Insert(OutboxMessage.Collection, unreadable), Ct);
        var behind = new ClueConcluded { ClueId = "clue-behind", Result = "closed", ConcludedAt = T0 };
        await _store.CommitAsync(new WriteBatch(T0.AddSeconds(1)).Publish(behind), Ct);
        await using var provider = new ServiceCollection().AddLogging().AddMassTransitTestHarness().BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var relay = new OutboxRelay(_store, new OutboxSignal(), harness.Bus, TimeProvider.System, NullLogger<OutboxRelay>.Instance);

        await relay.RelayOnceAsync(Ct);
        await relay.RelayOnceAsync(Ct);

        Assert.Equal(["clue-behind"], PublishedSoFar(harness).Select(p => p.Context.Message.ClueId));
        var parked = await _store.GetAsync(OutboxMessage.Collection, unreadable.Id, Ct);
        Assert.True(parked!.Parked);
        Assert.False(parked.Dispatched);
        Assert.Contains("retired", parked.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_events_are_published_oldest_first()
    {
        var later = new ClueConcluded { ClueId = "clue-later", Result = "closed", ConcludedAt = T0 };
        var earlier = new ClueConcluded { ClueId = "clue-earlier", Result = "closed", ConcludedAt = T0 };
        await _store.CommitAsync(new WriteBatch(T0.AddMinutes(1)).Publish(later), Ct);
        await _store.CommitAsync(new WriteBatch(T0).Publish(earlier), Ct);
        await using var provider = new ServiceCollection().AddLogging().AddMassTransitTestHarness().BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var relay = new OutboxRelay(_store, new OutboxSignal(), harness.Bus, TimeProvider.System, NullLogger<OutboxRelay>.Instance);

        await relay.RelayOnceAsync(Ct);

        Assert.Equal(["clue-earlier", "clue-later"], PublishedSoFar(harness).Select(p => p.Context.Message.ClueId));
    }

    /// <summary>What the harness recorded up to now, without waiting for more.</summary>
    private static List<IPublishedMessage<ClueConcluded>> PublishedSoFar(ITestHarness harness) =>
        harness.Published.Select<ClueConcluded>(new CancellationToken(canceled: true)).ToList();
}
