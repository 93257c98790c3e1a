using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Reads the dossiers of many cadres at once: their entries (by directory id and by name key),
/// the entries about the same records that name nobody (a clue's conclusion, an appeal), and
/// their personal-matters checks, each in a few chunked queries whatever the number of cadres.
/// </summary>
public sealed class DossierReader(IDocumentStore store, CaseFilesOptions options, IOptions<DeadlineOptions> deadlineOptions)
{
    private const int Chunk = 400;
    private const int PageSize = 500;

    public TimeSpan UtcOffset => TimeSpan.FromHours(deadlineOptions.Value.UtcOffsetHours);

    public async Task<DossierState> StateAsync(CancellationToken ct) =>
        await store.GetAsync(DossierState.Collection, DossierState.SingletonId, ct) ?? new DossierState { Id = DossierState.SingletonId };

    public async Task<(long Generation, Dictionary<string, DossierView> Views)> ReadAsync(IReadOnlyCollection<Cadre> cadres, DateOnly asOf, CancellationToken ct)
    {
        var generation = (await StateAsync(ct)).Generation;
        var keys = cadres.SelectMany(Mentions.KeysOf).Distinct().ToList();
        var direct = await EntriesAsync(generation, "cadreKeys", keys, ct);
        var refs = direct.SelectMany(e => e.Refs).Distinct().ToList();
        var related = await EntriesAsync(generation, "refs", refs, ct);
        var all = direct.Concat(related).DistinctBy(e => e.Id).ToList();
        var byKey = all.SelectMany(e => e.CadreKeys.Select(k => (k, e))).ToLookup(p => p.k, p => p.e, StringComparer.Ordinal);
        var byRef = all.SelectMany(e => e.Refs.Select(r => (r, e))).ToLookup(p => p.r, p => p.e, StringComparer.Ordinal);
        var checks = await ChecksAsync(cadres.Select(c => c.Id).ToList(), ct);

        var views = new Dictionary<string, DossierView>(StringComparer.Ordinal);
        foreach (var cadre in cadres)
        {
            var own = Mentions.KeysOf(cadre).SelectMany(k => byKey[k]).DistinctBy(e => e.Id).ToList();
            var about = own.SelectMany(e => e.Refs).Distinct().SelectMany(r => byRef[r]);
            var entries = own.Concat(about).DistinctBy(e => e.Id).ToList();
            views[cadre.Id] = DossierAnalyzer.Analyze(cadre, entries, checks[cadre.Id].ToList(), asOf, UtcOffset, options);
        }

        return (generation, views);
    }

    private async Task<List<DossierEntry>> EntriesAsync(long generation, string field, IReadOnlyList<string> values, CancellationToken ct)
    {
        var entries = new List<DossierEntry>();
        foreach (var chunk in values.Chunk(Chunk))
        {
            Cursor? after = null;
            do
            {
                var page = await store.QueryAsync(
                    DossierEntry.Collection,
                    new Query(Filter.And(Filter.Eq("generation", generation), Filter.In(field, chunk)), "_id", false, PageSize, after),
                    ct);
                entries.AddRange(page.Items);
                after = page.Next;
            }
            while (after is not null);
        }

        return entries;
    }

    private async Task<ILookup<string, PersonalMattersCheck>> ChecksAsync(IReadOnlyList<string> cadreIds, CancellationToken ct)
    {
        var checks = new List<PersonalMattersCheck>();
        foreach (var chunk in cadreIds.Chunk(Chunk))
        {
            Cursor? after = null;
            do
            {
                var page = await store.QueryAsync(PersonalMattersCheck.Collection, new Query(Filter.In("cadreId", chunk), "_id", false, PageSize, after), ct);
                checks.AddRange(page.Items);
                after = page.Next;
            }
            while (after is not null);
        }

        return checks.ToLookup(c => c.CadreId, StringComparer.Ordinal);
    }
}
