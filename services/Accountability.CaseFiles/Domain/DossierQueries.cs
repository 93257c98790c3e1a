using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

public sealed record TimelineFilter(IReadOnlyList<EntryKind> Kinds, DateOnly? From, DateOnly? To);

/// <summary>Dossier reads: each one of a cadre's dossier is audited (who read whose dossier, when), in its own commit before the answer.</summary>
public sealed class DossierQueries(IDocumentStore store, DossierReader reader, CadreDirectory directory, TimeProvider clock)
{
    private const string ObjectType = "dossier";

    public async Task<(long Generation, DossierView View)> GetAsync(Caller caller, string cadreId, DateOnly asOf, CancellationToken ct)
    {
        var cadre = await directory.GetAsync(cadreId, ct) ?? throw new NotFoundException("cadre", cadreId);
        var (generation, views) = await reader.ReadAsync([cadre], asOf, ct);
        await AuditReadAsync(caller, cadreId, $"dossier as of {DossierAnalyzer.Format(asOf)}", ct);
        return (generation, views[cadreId]);
    }

    /// <summary>The timeline newest first, filtered; the page token is the offset into the filtered timeline.</summary>
    public async Task<(IReadOnlyList<DossierEntry> Entries, int? Next)> TimelineAsync(Caller caller, string cadreId, TimelineFilter filter, int limit, int offset, CancellationToken ct)
    {
        var cadre = await directory.GetAsync(cadreId, ct) ?? throw new NotFoundException("cadre", cadreId);
        // The whole timeline, whatever the date: as of the last representable day (the range filters below).
        var (_, views) = await reader.ReadAsync([cadre], DateOnly.MaxValue.AddDays(-2), ct);
        var from = filter.From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), reader.UtcOffset) : DateTimeOffset.MinValue;
        var to = filter.To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), reader.UtcOffset) : DateTimeOffset.MaxValue;
        var matching = views[cadreId].Timeline
            .Where(e => (filter.Kinds.Count == 0 || filter.Kinds.Contains(e.Kind)) && e.OccurredAt >= from && e.OccurredAt < to)
            .ToList();
        await AuditReadAsync(caller, cadreId, "timeline", ct);
        var page = matching.Skip(offset).Take(limit).ToList();
        return (page, offset + page.Count < matching.Count ? offset + page.Count : null);
    }

    /// <summary>Names and units mentioned in the current build that no single directory cadre holds (none, or namesakes).</summary>
    public async Task<IReadOnlyList<(string Name, string Unit, int Entries)>> UnmatchedAsync(CancellationToken ct)
    {
        var generation = (await reader.StateAsync(ct)).Generation;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(DossierEntry.Collection, new Query(Filter.And(Filter.Eq("generation", generation), Filter.Eq("hasUnmatched", true)), "occurredAt", false, 500, after), ct);
            foreach (var key in page.Items.SelectMany(e => e.CadreKeys).Where(Mentions.IsUnmatched))
            {
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }

            after = page.Next;
        }
        while (after is not null);

        // A mention exactly one cadre holds (imported after the event) is resolved on read: not unmatched
        // any more. One no cadre holds, or namesakes hold, is.
        var holders = await directory.HoldersAsync(counts.Keys, ct);
        var still = new List<(string, string, int)>();
        foreach (var (key, count) in counts.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (holders[key].Count() != 1)
            {
                var (name, unit) = Mentions.Split(key);
                still.Add((name, unit, count));
            }
        }

        return still;
    }

    private async Task AuditReadAsync(Caller caller, string cadreId, string what, CancellationToken ct)
    {
        var batch = new WriteBatch(clock.GetUtcNow());
        batch.Audit(caller.Subject, caller.Role, "dossier.read", ObjectType, cadreId, what);
        await store.CommitAsync(batch, ct);
    }
}
