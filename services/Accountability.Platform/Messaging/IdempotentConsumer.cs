using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Platform.Messaging;

/// <summary>
/// The inbox, once for every consumer: a message whose id this consumer already handled changes
/// nothing; otherwise the state change and the inbox mark commit in one batch. A failure is
/// thrown to MassTransit (retry, then the error queue), never swallowed.
/// </summary>
public abstract class IdempotentConsumer<TMessage>(IDocumentStore store, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
{
    /// <summary>The store the inbox and the state change share.</summary>
    protected IDocumentStore Store { get; } = store;

    protected abstract string ConsumerName { get; }

    /// <summary>
    /// How many times a handling that lost an optimistic-concurrency race (another writer moved a
    /// document it read, e.g. a shared register counter) is read and applied again at once, before
    /// the failure goes to MassTransit's delayed retries. Concurrent consumers and the store's group
    /// commit make such races routine under load; they are not faults.
    /// </summary>
    public const int ConflictAttempts = 8;

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException($"{typeof(TMessage).Name} arrived without a message id.");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ConsumeOnceAsync(context, messageId);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < ConflictAttempts)
            {
                // Read again and apply again after a short, spread-out pause.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 10 * attempt)), context.CancellationToken);
            }
        }
    }

    private async Task ConsumeOnceAsync(ConsumeContext<TMessage> context, Guid messageId)
    {
        if (await Store.GetAsync(InboxEntry.Collection, InboxEntry.IdFor(ConsumerName, messageId), context.CancellationToken) is not null)
        {
            Handled("duplicate");
            return;
        }

        var batch = new WriteBatch(clock.GetUtcNow()).MarkHandled(ConsumerName, messageId);
        await HandleAsync(context.Message, batch, context.CancellationToken);
        try
        {
            await CommitAsync(batch, context.CancellationToken);
            Handled("applied");
        }
        catch (DuplicateKeyException e) when (e.Collection == InboxEntry.Collection.Name)
        {
            // Another delivery of the same message committed first; this one changes nothing.
            Handled("duplicate");
        }
    }

    private void Handled(string outcome) => Operations.Telemetry.MessagesHandled.Add(
        1, new KeyValuePair<string, object?>("consumer", ConsumerName), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Commits the batch (the inbox mark and the message's effects); a consumer that numbers what it adds in turn (<see cref="CounterSeries"/>) commits it there.</summary>
    protected virtual Task CommitAsync(WriteBatch batch, CancellationToken ct) => Store.CommitAsync(batch, ct);

    /// <summary>Adds the message's effects to the batch (the batch already holds the inbox mark).</summary>
    protected abstract Task HandleAsync(TMessage message, WriteBatch batch, CancellationToken ct);
}
