using Accountability.Contracts.Petitions;
using Accountability.Platform.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Accountability.Petitions.Domain;

/// <summary>
/// Raises <see cref="PetitionDeadlineBreached"/> once per missed deadline: finds petitions whose
/// earliest unreported open deadline has passed and marks it reported in the same batch as the event.
/// </summary>
public sealed class DeadlineMonitor(IDocumentStore store, Deadlines deadlines, PetitionsOptions options, TimeProvider clock, ILogger<DeadlineMonitor> logger) : BackgroundService
{
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
                logger.LogWarning(e, "Deadline scan failed; retrying at the next interval");
            }

            try
            {
                await Task.Delay(options.DeadlineScanInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One pass; returns how many breaches it reported.</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = Deadlines.Format(deadlines.LocalDate(now));
        var reported = 0;
        while (true)
        {
            var page = await store.QueryAsync(Petition.Collection, new Query(Filter.Lt("nextUnnotifiedDueDate", today), "nextUnnotifiedDueDate", false, 100), ct);
            if (page.Items.Count == 0)
            {
                return reported;
            }

            foreach (var petition in page.Items)
            {
                var batch = new WriteBatch(now);
                foreach (var deadline in petition.Deadlines.Where(d => !d.BreachNotified && deadlines.IsOverdue(d, now)))
                {
                    deadline.BreachNotified = true;
                    batch.Publish(new PetitionDeadlineBreached
                    {
                        PetitionId = petition.Id,
                        Kind = PetitionWorkflow.SnakeCase(deadline.Kind.ToString()),
                        DueDate = deadline.DueDate,
                        DetectedAt = now,
                    });
                    reported++;
                }

                Deadlines.Refresh(petition);
                batch.Update(Petition.Collection, petition);
                try
                {
                    await store.CommitAsync(batch, ct);
                }
                catch (ConcurrencyConflictException)
                {
                    // Changed meanwhile; the next pass sees the new state.
                    return reported;
                }
            }
        }
    }
}
