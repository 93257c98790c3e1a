using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using Accountability.Platform.Tests.TestSupport;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Platform.Tests.Messaging;

/// <summary>
/// The inbox through MassTransit's in-memory harness: a redelivered message (same MessageId)
/// reaches <see cref="IdempotentConsumer{TMessage}.Consume"/> again but changes nothing.
/// </summary>
public sealed class InboxTests : IDisposable
{
    private static readonly DateTimeOffset ConcludedAt = new(2026, 3, 2, 8, 30, 15, 123, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly SqliteDocumentStore _store;

    public InboxTests()
    {
        _store = new SqliteDocumentStore("inbox-tests", _folder.File("inbox.db"));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_message_delivered_twice_with_the_same_id_changes_the_store_once()
    {
        var messageId = NewId.NextGuid();

        var deliveries = await DeliverAsync(messageId, messageId);

        Assert.Equal(2, deliveries);
        Assert.Equal(1, await _store.CountAsync(ConclusionRecord.Collection, null, Ct));
        Assert.Equal(1, await _store.CountAsync(InboxEntry.Collection, null, Ct));
        Assert.NotNull(await _store.GetAsync(InboxEntry.Collection, InboxEntry.IdFor(ConclusionRecorder.Name, messageId), Ct));
    }

    [Fact]
    public async Task Messages_with_different_ids_each_change_the_store()
    {
        var deliveries = await DeliverAsync(NewId.NextGuid(), NewId.NextGuid());

        Assert.Equal(2, deliveries);
        Assert.Equal(2, await _store.CountAsync(ConclusionRecord.Collection, null, Ct));
        Assert.Equal(2, await _store.CountAsync(InboxEntry.Collection, null, Ct));
    }

    /// <summary>Publishes one message per id and waits until the consumer finished with every delivery.</summary>
    private async Task<int> DeliverAsync(params Guid[] messageIds)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IDocumentStore>(_store)
            .AddSingleton(TimeProvider.System)
            .AddMassTransitTestHarness(x => x.AddConsumer<ConclusionRecorder>());
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var observer = new DeliveryCounter(messageIds.Length);
        using var handle = harness.Bus.ConnectConsumeObserver(observer);

        foreach (var id in messageIds)
        {
            var message = new ClueConcluded { ClueId = "clue-1", PetitionId = "p-1", Result = "closed", ConcludedAt = ConcludedAt };
            await harness.Bus.Publish(message, context => context.MessageId = id, Ct);
        }

        await observer.AllDone.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.Empty(observer.Faults);
        return observer.Completed;
    }

    /// <summary>Counts finished deliveries of <see cref="ClueConcluded"/> to any consumer.</summary>
    private sealed class DeliveryCounter(int expected) : IConsumeObserver
    {
        private int _completed;

        public TaskCompletionSource AllDone { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentQueue<Exception> Faults { get; } = new();

        public int Completed => Volatile.Read(ref _completed);

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            Done<T>();
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class
        {
            if (typeof(T) == typeof(ClueConcluded))
            {
                Faults.Enqueue(exception);
            }

            Done<T>();
            return Task.CompletedTask;
        }

        private void Done<T>()
        {
            if (typeof(T) == typeof(ClueConcluded) && Interlocked.Increment(ref _completed) >= expected)
            {
                AllDone.TrySetResult();
            }
        }
    }
}

/// <summary>What the test consumer writes: one document per handled message, under a fresh id.</summary>
public sealed class ConclusionRecord : IDocument
{
    public static readonly CollectionDefinition<ConclusionRecord> Collection = new("conclusions");

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string ClueId { get; init; }
}

public sealed class ConclusionRecorder(IDocumentStore store, TimeProvider clock) : IdempotentConsumer<ClueConcluded>(store, clock)
{
    public const string Name = "tests.conclusion-recorder";

    protected override string ConsumerName => Name;

    protected override Task HandleAsync(ClueConcluded message, WriteBatch batch, CancellationToken ct)
    {
        batch.Insert(ConclusionRecord.Collection, new ConclusionRecord { Id = NewId.NextGuid().ToString("N"), ClueId = message.ClueId });
        return Task.CompletedTask;
    }
}
