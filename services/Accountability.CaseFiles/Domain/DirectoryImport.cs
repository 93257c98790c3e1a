using System.Globalization;
using System.Text.Json;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

public sealed record ImportCounts(int OrgansAdded, int OrgansUpdated, int CadresAdded, int CadresUpdated);

/// <summary>
/// Adds or updates organs and cadres by id (over gRPC, or from seeds/ at start: JSON with
/// "organs" and "cadres" arrays, or CSV with a header row), leaving unchanged ones alone, in
/// commits of a few hundred documents each with an audit record.
/// </summary>
public sealed class DirectoryImport(IDocumentStore store, CadreDirectory directory, TimeProvider clock)
{
    private const int CommitSize = 200;

    /// <param name="addOnly">Only add ids the directory does not hold (the seeds at start): never update.</param>
    public async Task<ImportCounts> ImportAsync(Caller caller, IReadOnlyList<DirectoryOrgan> organs, IReadOnlyList<Cadre> cadres, CancellationToken ct, bool addOnly = false)
    {
        var organsAdded = 0;
        var organsUpdated = 0;
        foreach (var chunk in organs.Chunk(CommitSize))
        {
            var batch = new WriteBatch(clock.GetUtcNow());
            foreach (var organ in chunk)
            {
                var existing = await store.GetAsync(DirectoryOrgan.Collection, organ.Id, ct);
                if (existing is null)
                {
                    batch.Insert(DirectoryOrgan.Collection, organ);
                    organsAdded++;
                }
                else if (!addOnly && (existing.Name, existing.Level, existing.ParentId) != (organ.Name, organ.Level, organ.ParentId))
                {
                    (existing.Name, existing.Level, existing.ParentId) = (organ.Name, organ.Level, organ.ParentId);
                    batch.Update(DirectoryOrgan.Collection, existing);
                    organsUpdated++;
                }
            }

            await CommitAsync(caller, batch, "organs", ct);
        }

        var cadresAdded = 0;
        var cadresUpdated = 0;
        foreach (var chunk in cadres.Chunk(CommitSize))
        {
            var batch = new WriteBatch(clock.GetUtcNow());
            var existing = await directory.GetManyAsync(chunk.Select(c => c.Id).ToList(), ct);
            foreach (var cadre in chunk)
            {
                if (!existing.TryGetValue(cadre.Id, out var stored))
                {
                    batch.Insert(Cadre.Collection, cadre);
                    cadresAdded++;
                }
                else if (!addOnly && !stored.SameAs(cadre))
                {
                    // A change of name or unit keeps the former name key: mentions of it are still the cadre's.
                    stored.NameKeys = [.. stored.AllNameKeys.Append(cadre.NameKey).Distinct(StringComparer.Ordinal)];
                    (stored.Name, stored.OrganId, stored.Unit, stored.Post, stored.Rank, stored.Level) = (cadre.Name, cadre.OrganId, cadre.Unit, cadre.Post, cadre.Rank, cadre.Level);
                    (stored.ManagingOrganId, stored.Principal, stored.PartyMember, stored.NameKey) = (cadre.ManagingOrganId, cadre.Principal, cadre.PartyMember, cadre.NameKey);
                    batch.Update(Cadre.Collection, stored);
                    cadresUpdated++;
                }
            }

            await CommitAsync(caller, batch, "cadres", ct);
        }

        return new ImportCounts(organsAdded, organsUpdated, cadresAdded, cadresUpdated);
    }

    /// <summary>Reads a seed file: JSON ({"organs": [...], "cadres": [...]}) or CSV (organs or cadres, told by the header).</summary>
    public static (List<DirectoryOrgan> Organs, List<Cadre> Cadres) Parse(string path)
    {
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            var file = JsonSerializer.Deserialize<SeedFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
                ?? throw new InvalidOperationException($"{path} holds no directory.");
            return (file.Organs?.Select(o => NewOrgan(o.Id, o.Name, o.Level, o.ParentId, path)).ToList() ?? [],
                file.Cadres?.Select(c => NewCadre(c.Id, c.Name, c.OrganId, c.Unit ?? "", c.Post ?? "", c.Rank ?? "", c.Level, c.ManagingOrganId ?? "", c.Principal, c.PartyMember, path)).ToList() ?? []);
        }

        var lines = File.ReadAllLines(path).Where(l => l.Length > 0).ToList();
        var header = lines.Count > 0 ? lines[0].Split(',') : throw new InvalidOperationException($"{path} is empty.");
        var column = header.Select((h, i) => (h.Trim(), i)).ToDictionary(p => p.Item1, p => p.i);
        string Field(string[] row, string name, int line) =>
            column.TryGetValue(name, out var i) && i < row.Length ? row[i].Trim() : throw new InvalidOperationException($"{path}:{line} has no '{name}'.");
        var organs = new List<DirectoryOrgan>();
        var cadres = new List<Cadre>();
        for (var n = 1; n < lines.Count; n++)
        {
            var row = lines[n].Split(',');
            if (column.ContainsKey("cadre_id"))
            {
                cadres.Add(NewCadre(
                    Field(row, "cadre_id", n + 1), Field(row, "name", n + 1), Field(row, "organ_id", n + 1), Field(row, "unit", n + 1), Field(row, "post", n + 1),
                    Field(row, "rank", n + 1), Field(row, "level", n + 1), Field(row, "managing_organ_id", n + 1),
                    bool.Parse(Field(row, "principal", n + 1)), bool.Parse(Field(row, "party_member", n + 1)), $"{path}:{n + 1}"));
            }
            else
            {
                var parent = Field(row, "parent_id", n + 1);
                organs.Add(NewOrgan(Field(row, "organ_id", n + 1), Field(row, "name", n + 1), Field(row, "level", n + 1), parent.Length == 0 ? null : parent, $"{path}:{n + 1}"));
            }
        }

        return (organs, cadres);
    }

    public static Cadre NewCadre(string id, string name, string organId, string unit, string post, string rank, string level, string managingOrganId, bool principal, bool partyMember, string where) => new()
    {
        Id = id,
        Name = name,
        OrganId = organId,
        Unit = unit,
        Post = post,
        Rank = ParseEnum<Rank>(rank, where, "rank"),
        Level = ParseEnum<Level>(level, where, "level"),
        ManagingOrganId = managingOrganId,
        Principal = principal,
        PartyMember = partyMember,
        NameKey = Mentions.NameKey(name, unit),
        NameKeys = [Mentions.NameKey(name, unit)],
    };

    private static DirectoryOrgan NewOrgan(string id, string name, string level, string? parentId, string where) =>
        new() { Id = id, Name = name, Level = ParseEnum<Level>(level, where, "level"), ParentId = parentId };

    /// <summary>snake_case ("division_deputy") or PascalCase names.</summary>
    private static T ParseEnum<T>(string value, string where, string field)
        where T : struct, Enum =>
        Enum.TryParse<T>(value.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && !Equals(parsed, default(T))
            ? parsed
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"{where}: {field} '{value}' is not one of {string.Join(", ", Enum.GetNames<T>().Skip(1))}."));

    private async Task CommitAsync(Caller caller, WriteBatch batch, string what, CancellationToken ct)
    {
        if (batch.Writes.Count == 0)
        {
            return;
        }

        batch.Audit(caller.Subject, caller.Role, "directory.imported", "directory", what, $"{batch.Writes.Count} {what} added or updated");
        await store.CommitAsync(batch, ct);
    }

    private sealed record SeedFile(List<SeedOrgan>? Organs, List<SeedCadre>? Cadres);

    private sealed record SeedOrgan(string Id, string Name, string Level, string? ParentId);

    private sealed record SeedCadre(string Id, string Name, string OrganId, string? Unit, string? Post, string? Rank, string Level, string? ManagingOrganId, bool Principal, bool PartyMember);
}
