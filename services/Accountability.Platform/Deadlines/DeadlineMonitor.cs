using Accountability.Platform.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Accountability.Platform.Deadlines;

/// <summary>Turns a deadline alert into the event a service publishes for it (null: publish nothing).</summary>
public delegate object? DeadlineEventFactory<in TDocument>(TDocument document, TrackedDeadline deadline, DeadlineAlert alert, DateTimeOffset now);

/// <summary>
/// Raises each deadline's "approaching" and "breached" alert once: scans the documents whose next
/// alert day has come, and commits the alert flags with the events in one batch.
/// </summary>
public sealed class DeadlineMonitor<TDocument>(
    IDocumentStore store,
    CollectionDefinition<TDocument> collection,
    DeadlineEventFactory<TDocument> toEvent,
    DeadlineClock deadlines,
    IOptions<DeadlineOptions> options,
    TimeProvider clock,
    ILogger<DeadlineMonitor<TDocument>> logger) : BackgroundService
    where TDocument : class, IHasDeadlines
{
    private const int PageSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Deadline scan of {Collection} failed; retrying at the next interval", collection.Name);
            }

            try
            {
                await Task.Delay(options.Value.ScanInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass; returns how many alerts it raised.</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DeadlineClock.Format(deadlines.LocalDate(now));
        var raised = 0;
        for (var round = 0; round < 10_000; round++)
        {
            var page = await store.QueryAsync(collection, new Query(Filter.Lte("nextAlertDate", today), "nextAlertDate", false, PageSize), ct);
            if (page.Items.Count == 0)
            {
                break;
            }

            foreach (var document in page.Items)
            {
                var batch = new WriteBatch(now);
                foreach (var (deadline, alert) in deadlines.TakeAlerts(document, now))
                {
                    if (toEvent(document, deadline, alert, now) is { } message)
                    {
                        batch.Publish(message);
                    }

                    raised++;
                }

                batch.Update(collection, document);
                try
                {
                    await store.CommitAsync(batch, ct);
                }
                catch (ConcurrencyConflictException)
                {
                    // Changed meanwhile; the next pass sees the new state.
                    return raised;
                }
            }
        }

        return raised;
    }
}
