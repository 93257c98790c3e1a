using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Reads the dossiers of many cadres at once: their entries (by directory id and by the name keys
/// only they hold, <see cref="CadreDirectory.ReadKeysAsync"/>),
/// the entries about the same records that name nobody (a clue's conclusion, an appeal), and
/// their personal-matters checks, each in a few chunked queries whatever the number of cadres.
/// </summary>
public sealed class DossierReader(IDocumentStore store, CadreDirectory directory, CaseFilesOptions options, IOptions<DeadlineOptions> deadlineOptions)
{
    private const int Chunk = 400;
    private const int PageSize = 500;

    public TimeSpan UtcOffset => TimeSpan.FromHours(deadlineOptions.Value.UtcOffsetHours);

    public async Task<DossierState> StateAsync(CancellationToken ct) =>
        await store.GetAsync(DossierState.Collection, DossierState.SingletonId, ct) ?? new DossierState { Id = DossierState.SingletonId };

    public async Task<(long Generation, Dictionary<string, DossierView> Views)> ReadAsync(IReadOnlyCollection<Cadre> cadres, DateOnly asOf, CancellationToken ct)
    {
        var generation = (await StateAsync(ct)).Generation;
        var readKeys = await directory.ReadKeysAsync(cadres, ct);
        var keys = readKeys.Values.SelectMany(k => k).Distinct(StringComparer.Ordinal).ToList();
        var direct = await EntriesAsync(generation, "cadreKeys", keys, ct);
        var refs = direct.SelectMany(e => e.Refs).Distinct().ToList();
        var related = await EntriesAsync(generation, "refs", refs, ct);
        var all = direct.Concat(related).DistinctBy(e => e.Id).ToList();
        var byKey = all.SelectMany(e => e.CadreKeys.Select(k => (k, e))).ToLookup(p => p.k, p => p.e, StringComparer.Ordinal);
        var byRef = all.SelectMany(e => e.Refs.Select(r => (r, e))).ToLookup(p => p.r, p => p.e, StringComparer.Ordinal);
        var checks = await OwnAsync(PersonalMattersCheck.Collection, cadres.Select(c => c.Id).ToList(), ct);
        var relatives = await OwnAsync(RelativesBusinessCheck.Collection, cadres.Select(c => c.Id).ToList(), ct);

        var views = new Dictionary<string, DossierView>(StringComparer.Ordinal);
        foreach (var cadre in cadres)
        {
            var own = readKeys[cadre.Id].SelectMany(k => byKey[k]).DistinctBy(e => e.Id).ToList();
            var about = own.SelectMany(e => e.Refs).Distinct().SelectMany(r => byRef[r]);
            var entries = own.Concat(about).DistinctBy(e => e.Id)
                .Concat(checks[cadre.Id].Select(c => OwnEntry(generation, c)))
                .Concat(relatives[cadre.Id].Select(r => OwnEntry(generation, r)))
                .ToList();
            views[cadre.Id] = DossierAnalyzer.Analyze(cadre, readKeys[cadre.Id], entries, checks[cadre.Id].ToList(), asOf, UtcOffset, options);
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

    /// <summary>This service's own records of the cadres (checks), by cadre id.</summary>
    private async Task<ILookup<string, T>> OwnAsync<T>(Platform.Storage.CollectionDefinition<T> collection, IReadOnlyList<string> cadreIds, CancellationToken ct)
        where T : class, IDocument
    {
        var found = new List<T>();
        foreach (var chunk in cadreIds.Chunk(Chunk))
        {
            Cursor? after = null;
            do
            {
                var page = await store.QueryAsync(collection, new Query(Filter.In("cadreId", chunk), "_id", false, PageSize, after), ct);
                found.AddRange(page.Items);
                after = page.Next;
            }
            while (after is not null);
        }

        return found.ToLookup(CadreOf, StringComparer.Ordinal);
    }

    private static string CadreOf<T>(T record) => record switch
    {
        PersonalMattersCheck c => c.CadreId,
        RelativesBusinessCheck r => r.CadreId,
        _ => throw new InvalidOperationException($"{typeof(T).Name} names no cadre."),
    };

    /// <summary>A check of this service, shown in the timeline beside the other services' facts (not stored as an entry: it is the record itself).</summary>
    private DossierEntry OwnEntry(long generation, PersonalMattersCheck check)
    {
        var result = check.Result switch { PersonalMattersResult.Consistent => "一致", PersonalMattersResult.Omission => "漏报", _ => "瞒报" };
        var items = check.Items.Count == 0 ? "" : $"（{string.Join("、", check.Items.Select(i => i.Code))}）";
        var handling = check.Handling.Count == 0 ? "" : "；处理：" + string.Join("、", check.Handling.Select(h => Chinese.HandlingKind(h.Kind)));
        return Own(generation, "casefiles:check:" + check.Id, EntryKind.PersonalMattersCheck, check.CadreId, "check:" + check.Id, check.CheckedOn,
            $"{check.Year}年度个人有关事项报告查核：{result}{items}{handling}");
    }

    private DossierEntry OwnEntry(long generation, RelativesBusinessCheck check) =>
        Own(generation, "casefiles:relatives:" + check.Id, EntryKind.RelativesBusiness, check.CadreId, "relatives:" + check.Id, DossierAnalyzer.Format(DateOnly.FromDateTime(check.RecordedAt.ToOffset(UtcOffset).DateTime)),
            check.SelfChecked
                ? $"{check.Year}年配偶、子女经商办企业自查：{check.Businesses.Count}个企业，{check.RiskPoints}个列为廉政风险点"
                : $"{check.Year}年配偶、子女经商办企业未自查");

    private DossierEntry Own(long generation, string factKey, EntryKind kind, string cadreId, string record, string day, string summary) => new()
    {
        Id = DossierEntry.IdFor(generation, factKey),
        Generation = generation,
        FactKey = factKey,
        Kind = kind,
        Source = "casefiles",
        OccurredAt = new DateTimeOffset(Platform.Deadlines.DeadlineClock.Parse(day).ToDateTime(TimeOnly.MinValue), UtcOffset),
        RecordedAt = new DateTimeOffset(Platform.Deadlines.DeadlineClock.Parse(day).ToDateTime(TimeOnly.MinValue), UtcOffset),
        CadreKeys = [cadreId],
        Refs = [record],
        Summary = summary,
        MessageType = "",
        Payload = "{}",
    };
}
