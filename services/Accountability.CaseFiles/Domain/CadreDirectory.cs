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
    /// the directory holds under that name and unit; else (none, or two namesakes in one unit) the
    /// name key, resolved on read once the directory can tell.
    /// </summary>
    public async Task<string> KeyOfAsync(AccusedPersonInfo person, CancellationToken ct)
    {
        if (person.CadreId is { Length: > 0 } id)
        {
            return id;
        }

        var nameKey = Mentions.NameKey(person.Name, person.Unit);
        var page = await store.QueryAsync(Cadre.Collection, new Query(Filter.Eq("nameKey", nameKey), "nameKey", false, 2), ct);
        return page.Items.Count == 1 ? page.Items[0].Id : nameKey;
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
