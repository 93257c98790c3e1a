using System.Text.Json;
using Accountability.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accountability.Platform.Messaging;

/// <summary>
/// Relays a store's outbox to the bus, oldest first, and marks a message dispatched only after
/// the publish returned (with RabbitMQ: after the broker confirmed it). A failed publish is
/// retried with backoff until it goes through; nothing is dropped. A message may be published
/// again if the process dies between the confirm and the mark: consumers deduplicate by message id.
/// </summary>
public sealed class OutboxRelay(
    IDocumentStore store,
    OutboxSignal signal,
    IBus bus,
    TimeProvider clock,
    ILogger<OutboxRelay> logger) : BackgroundService
{
    private const int BatchSize = 100;
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            bool more;
            try
            {
                more = await RelayOnceAsync(stoppingToken);
                backoff = TimeSpan.FromMilliseconds(250);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Outbox relay of {Store} failed; retrying in {Backoff}", store.Name, backoff);
                await Task.Delay(backoff, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
                continue;
            }

            if (!more)
            {
                try
                {
                    await signal.WaitAsync(IdlePoll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// Publishes one page of pending messages, then records what became of them in one commit (one
    /// fsync for the page, not one per message); true when more may be waiting. A crash between a
    /// publish and that commit publishes the message again: the consumers' inbox makes that harmless.
    /// </summary>
    public async Task<bool> RelayOnceAsync(CancellationToken ct)
    {
        var page = await store.QueryAsync(
            OutboxMessage.Collection,
            new Query(Filter.And(Filter.Eq("dispatched", false), Filter.Eq("parked", false)), "occurredAt", false, BatchSize),
            ct);
        var outcomes = new WriteBatch(clock.GetUtcNow());
        try
        {
            foreach (var message in page.Items)
            {
                await PublishAsync(message, outcomes, ct);
            }
        }
        finally
        {
            if (!outcomes.IsEmpty)
            {
                // Even when stopping: what was published is recorded, so a restart does not send it again.
                await store.CommitAsync(outcomes, CancellationToken.None);
            }
        }

        return page.Next is not null;
    }

    private async Task PublishAsync(OutboxMessage message, WriteBatch outcomes, CancellationToken ct)
    {
        Type type;
        object payload;
        try
        {
            type = ContractRegistry.Resolve(message.MessageType);
            payload = JsonSerializer.Deserialize(message.Payload, type, ContractJson.Options)
                ?? throw new InvalidOperationException($"Outbox message {message.Id} has an empty payload.");
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or NotSupportedException)
        {
            // A message this build cannot read would block every event behind it: set it aside, loudly.
            logger.LogError(e, "Outbox message {MessageId} of {Store} ({MessageType}) cannot be read; parked", message.Id, store.Name, message.MessageType);
            message.Parked = true;
            message.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            outcomes.Update(OutboxMessage.Collection, message);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishTimeout);
        try
        {
            await bus.Publish(payload, type, context => context.MessageId = message.MessageId, timeout.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            message.Attempts++;
            message.LastError = e.Message.Length > 500 ? e.Message[..500] : e.Message;
            outcomes.Update(OutboxMessage.Collection, message);
            throw;
        }

        Operations.Telemetry.OutboxRelayed.Add(1, new KeyValuePair<string, object?>("store", store.Name));
        message.Attempts++;
        message.Dispatched = true;
        message.DispatchedAt = clock.GetUtcNow();
        message.LastError = null;
        outcomes.Update(OutboxMessage.Collection, message);
    }
}
