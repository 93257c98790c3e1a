using Accountability.Contracts;
using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>Reads the directory: cadres by id (many at once), and a mention resolved by id or by name and unit.</summary>
public sealed class CadreDirectory(IDocumentStore store)
{
    private const int Chunk = 500;

    public Task<Cadre?> GetAsync(string id, CancellationToken ct) => store.GetAsync(Cadre.Collection, id, ct);

    /// <summary>The cadres of <paramref name="ids"/> that exist, in one query per 500 ids.</summary>
    public async Task<Dictionary<string, Cadre>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var found = new Dictionary<string, Cadre>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct().Chunk(Chunk))
        {
            var page = await store.QueryAsync(Cadre.Collection, new Query(Filter.In("_id", chunk), "_id", false, chunk.Length), ct);
            foreach (var cadre in page.Items)
            {
                found[cadre.Id] = cadre;
            }
        }

        return found;
    }

    /// <summary>
    /// The key a mention is stored under: its directory id when it carries one; else the one cadre
    /// the directory holds (or held, before a change of name or unit) under that name and unit; else
    /// (none, or namesakes) the name key, resolved on read once the directory can tell.
    /// </summary>
    public async Task<string> KeyOfAsync(AccusedPersonInfo person, CancellationToken ct)
    {
        if (person.CadreId is { Length: > 0 } id)
        {
            return id;
        }

        var nameKey = Mentions.NameKey(person.Name, person.Unit);
        var holders = await HoldersAsync([nameKey], ct);
        return holders[nameKey].ToList() is [var only] ? only : nameKey;
    }

    /// <summary>For each name key, the ids of the cadres that hold or held it.</summary>
    public async Task<ILookup<string, string>> HoldersAsync(IReadOnlyCollection<string> nameKeys, CancellationToken ct)
    {
        var pairs = new HashSet<(string Key, string Id)>();
        var wanted = nameKeys.ToHashSet(StringComparer.Ordinal);
        foreach (var chunk in wanted.Chunk(Chunk))
        {
            // "nameKey" too: a cadre stored before NameKeys existed has only its current key.
            foreach (var field in new[] { "nameKeys", "nameKey" })
            {
                Cursor? after = null;
                do
                {
                    var page = await store.QueryAsync(Cadre.Collection, new Query(Filter.In(field, chunk), "_id", false, Chunk, after), ct);
                    foreach (var cadre in page.Items)
                    {
                        foreach (var key in cadre.AllNameKeys.Where(wanted.Contains))
                        {
                            pairs.Add((key, cadre.Id));
                        }
                    }

                    after = page.Next;
                }
                while (after is not null);
            }
        }

        return pairs.ToLookup(p => p.Key, p => p.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// The keys each cadre's entries are read under: its id, and each name key it holds or held that
    /// no other cadre holds or held (two namesakes in one unit get neither's name-only mentions).
    /// </summary>
    public async Task<Dictionary<string, IReadOnlyList<string>>> ReadKeysAsync(IReadOnlyCollection<Cadre> cadres, CancellationToken ct)
    {
        var holders = await HoldersAsync(cadres.SelectMany(c => c.AllNameKeys).Distinct(StringComparer.Ordinal).ToList(), ct);
        return cadres.ToDictionary(
            c => c.Id,
            c => (IReadOnlyList<string>)[c.Id, .. c.AllNameKeys.Where(k => holders[k].All(id => id == c.Id))],
            StringComparer.Ordinal);
    }

    /// <summary>The key of a talk participant (a directory id, or the Talks service's "name:" id).</summary>
    public async Task<string> KeyOfParticipantAsync(string participantId, CancellationToken ct)
    {
        if (!Mentions.IsUnmatched(participantId))
        {
            return participantId;
        }

        var (name, unit) = Mentions.Split(participantId);
        return await KeyOfAsync(new AccusedPersonInfo(name, unit, "", "", null), ct);
    }
}
