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
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(5);
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
                    if (await signal.WaitAsync(IdlePoll, stoppingToken))
                    {
                        // Let the commits right behind this one join the page: one query and one marking
                        // commit for several events instead of one each (docs/PERFORMANCE.md, intake).
                        await Task.Delay(Linger, stoppingToken);
                    }
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
    /// fsync for the page, not one per message); true when more may be waiting. The page's publishes
    /// are started oldest first and awaited together, so their broker confirms overlap instead of
    /// each waiting for the one before (docs/PERFORMANCE.md, event flow: with one confirm at a time,
    /// half the petitions had not reached their dossier a minute after the last was sent). A crash between a publish and that commit publishes the
    /// message again: the consumers' inbox makes that harmless. If a publish fails, the others of the
    /// page still count, and the failure is thrown after the commit, so the relay backs off.
    /// </summary>
    public async Task<bool> RelayOnceAsync(CancellationToken ct)
    {
        var page = await store.QueryAsync(
            OutboxMessage.Collection,
            new Query(Filter.And(Filter.Eq("dispatched", false), Filter.Eq("parked", false)), "occurredAt", false, BatchSize),
            ct);
        var publishes = new List<Task<(OutboxMessage? Changed, Exception? Error)>>(page.Items.Count);
        foreach (var message in page.Items)
        {
            publishes.Add(PublishAsync(message, ct));
        }

        var outcomes = await Task.WhenAll(publishes);
        var changes = new WriteBatch(clock.GetUtcNow());
        foreach (var (changed, _) in outcomes)
        {
            if (changed is not null)
            {
                changes.Update(OutboxMessage.Collection, changed);
            }
        }

        if (!changes.IsEmpty)
        {
            // Even when stopping: what was published is recorded, so a restart does not send it again.
            await store.CommitAsync(changes, CancellationToken.None);
        }

        ct.ThrowIfCancellationRequested();
        if (outcomes.Select(o => o.Error).FirstOrDefault(e => e is not null) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        return page.Next is not null;
    }

    /// <summary>
    /// Publishes one message; returns it as it is to be stored (dispatched, parked, or with its failed
    /// attempt counted) and the publish's failure if any; nothing to store when stopped.
    /// </summary>
    private async Task<(OutboxMessage? Changed, Exception? Error)> PublishAsync(OutboxMessage message, CancellationToken ct)
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
            return (message, null);
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
            return (message, e);
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // Stopping: whether it went out is unknown; it stays pending and goes again after the restart.
            return (null, null);
        }

        Operations.Telemetry.OutboxRelayed.Add(1, new KeyValuePair<string, object?>("store", store.Name));
        message.Attempts++;
        message.Dispatched = true;
        message.DispatchedAt = clock.GetUtcNow();
        message.LastError = null;
        return (message, null);
    }
}
