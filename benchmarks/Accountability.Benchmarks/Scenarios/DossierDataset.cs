using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accountability.CaseFiles.Domain;
using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using MassTransit;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Level = Accountability.Platform.Domain.Level;

namespace Accountability.Benchmarks.Scenarios;

/// <summary>
/// A CaseFiles store holding N directory cadres with 10 dossier entries each, as the service itself
/// would have recorded them: two clues per cadre, each registered, moved through three stages and
/// concluded (ClueRegistered, ClueStageChanged, ClueConcluded with their contracts' JSON, keyed as
/// DossierRecorder keys them). The platform's SQLite store creates the tables and indexes from the
/// collections' definitions and the documents are serialized through the platform's BSON class maps;
/// only the row writing is done here, with prepared statements in transactions of 50,000 cadres,
/// synchronous=OFF and the secondary indexes dropped during the load and rebuilt after it (a bulk load,
/// not the service's write path). A built store is kept under the cache folder, named by a hash of
/// the schema and of a sample of the documents, so a rerun reuses it until the shape changes.
/// </summary>
public static class DossierDataset
{
    public const int EntriesPerCadre = 10;
    private const string GeneratorVersion = "dossier-dataset-1";
    private const int CadresPerTransaction = 50_000;
    private static readonly DateTimeOffset Base = new(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    public static string CadreId(long i) => "c-bench-" + i.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>The folder holding the dataset of <paramref name="cadres"/> cadres (built if missing); whether it was built now.</summary>
    public static async Task<(string Directory, bool Built, double Seconds)> EnsureAsync(string cacheRoot, int cadres, Action<string> log)
    {
        RegisterClassMaps();
        var hash = SchemaHash();
        var directory = Path.Combine(cacheRoot, $"casefiles-{hash}-{cadres.ToString(CultureInfo.InvariantCulture)}");
        var marker = Path.Combine(directory, "complete");
        if (File.Exists(marker))
        {
            return (directory, false, 0);
        }

        if (System.IO.Directory.Exists(directory))
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }

        System.IO.Directory.CreateDirectory(directory);
        var watch = Stopwatch.StartNew();
        await BuildAsync(Path.Combine(directory, "casefiles.db"), cadres, log);
        await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
        return (directory, true, Math.Round(watch.Elapsed.TotalSeconds, 1));
    }

    /// <summary>The class maps the CaseFiles module registers (AddCaseFiles), for the documents written here.</summary>
    private static void RegisterClassMaps()
    {
        BsonMapping.EnsureRegistered();
        BsonMapping.Register<Cadre>();
        BsonMapping.Register<DossierEntry>();
    }

    /// <summary>Changes when the tables, the indexes, the documents' serialized shape or this generator change.</summary>
    private static string SchemaHash()
    {
        var text = new StringBuilder(GeneratorVersion);
        foreach (var collection in new ICollectionDefinition[] { Cadre.Collection, DossierEntry.Collection })
        {
            text.Append('|').Append(collection.Name);
            foreach (var index in collection.Indexes)
            {
                text.Append(';').Append(index.Name).Append(':').Append(string.Join(',', index.Fields)).Append(index.Multikey ? "*" : "").Append(index.Unique ? "!" : "");
            }
        }

        text.Append('|').Append(Convert.ToHexString(CadreOf(0).ToBson()));
        foreach (var entry in EntriesOf(0))
        {
            text.Append('|').Append(Convert.ToHexString(entry.ToBson()));
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12].ToLowerInvariant();
    }

    private static async Task BuildAsync(string path, int cadres, Action<string> log)
    {
        // The platform's store creates every table, column and index from the collection definitions.
        var store = new SqliteDocumentStore("casefiles", path);
        var first = new WriteBatch(DateTimeOffset.UtcNow).Insert(Cadre.Collection, CadreOf(0));
        foreach (var entry in EntriesOf(0))
        {
            first.Insert(DossierEntry.Collection, entry);
        }

        await store.CommitAsync(first);
        SqliteConnection.ClearAllPools();

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;");
        var indexes = new List<(string Name, string Sql)>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX \"{name}\"");
        }

        var cadreRows = new TableWriter(connection, Cadre.Collection);
        var entryRows = new TableWriter(connection, DossierEntry.Collection);
        var watch = Stopwatch.StartNew();
        for (long start = 1; start < cadres; start += CadresPerTransaction)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            cadreRows.Prepare(transaction);
            entryRows.Prepare(transaction);
            var end = Math.Min(cadres, start + CadresPerTransaction);
            for (var i = start; i < end; i++)
            {
                cadreRows.Insert(CadreOf(i));
                foreach (var entry in EntriesOf(i))
                {
                    entryRows.Insert(entry);
                }
            }

            await transaction.CommitAsync();
            if (cadres >= 500_000)
            {
                log($"  {end:N0} cadres written ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        foreach (var (name, sql) in indexes)
        {
            await ExecuteAsync(connection, sql);
        }

        log($"  indexes rebuilt ({watch.Elapsed.TotalSeconds:F0} s)");
        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE);");
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync();
    }

    private static Cadre CadreOf(long i)
    {
        var name = "干部" + Chinese(i);
        var unit = "清水县第" + (i % 997).ToString(CultureInfo.InvariantCulture) + "单位";
        var key = Mentions.NameKey(name, unit);
        return new Cadre
        {
            Id = CadreId(i),
            Name = name,
            OrganId = "org-county-qingshui",
            Unit = unit,
            Post = "科员",
            Rank = Rank.Staff,
            Level = Level.Township,
            ManagingOrganId = "org-county-qingshui",
            PartyMember = true,
            NameKey = key,
            NameKeys = [key],
        };
    }

    /// <summary>Two clues about the cadre: registered, assigned, inquired or verified, answered, concluded.</summary>
    private static IEnumerable<DossierEntry> EntriesOf(long i)
    {
        var cadre = CadreOf(i);
        var subject = new AccusedPersonInfo(cadre.Name, cadre.Unit, cadre.Post, "township", cadre.Id);
        var day = Base.AddDays(i % 600);
        foreach (var (suffix, stages, result) in new[]
        {
            ("a", new[] { "assigned", "inquiry", "inquiry_answered" }, "accepted_and_closed"),
            ("b", new[] { "assigned", "verifying", "held" }, "closed"),
        })
        {
            var clueId = $"clu_bench{i.ToString("D7", CultureInfo.InvariantCulture)}{suffix}";
            var ledger = $"XS-2024-{i.ToString(CultureInfo.InvariantCulture)}{suffix}";
            var at = suffix == "a" ? day : day.AddDays(200);
            yield return Entry(cadre.Id, $"clues:clue:{clueId}", EntryKind.ClueRegistered, at, [cadre.Id], [$"clue:{clueId}"], $"登记问题线索 {ledger}（来源：信访举报）",
                new ClueRegistered { ClueId = clueId, LedgerNumber = ledger, RegisteredAt = at, Source = "petition", Subjects = [subject] });
            var previous = "registered";
            for (var step = 0; step < stages.Length; step++)
            {
                var changed = at.AddDays(10 * (step + 1));
                yield return Entry(cadre.Id, $"clues:stage:{clueId}:{step + 1}", EntryKind.ClueStage, changed, [cadre.Id], [$"clue:{clueId}"], $"问题线索进入{stages[step]}阶段",
                    new ClueStageChanged { ClueId = clueId, LedgerNumber = ledger, Stage = stages[step], PreviousStage = previous, Step = step + 1, Subjects = [subject], ChangedAt = changed });
                previous = stages[step];
            }

            var concluded = at.AddDays(60);
            yield return Entry(cadre.Id, $"clues:concluded:{clueId}", EntryKind.ClueConcluded, concluded, [], [$"clue:{clueId}"], "问题线索办结",
                new ClueConcluded { ClueId = clueId, Result = result, ConcludedAt = concluded });
        }
    }

    private static DossierEntry Entry(string cadreId, string factKey, EntryKind kind, DateTimeOffset occurred, List<string> keys, List<string> refs, string summary, object message) => new()
    {
        Id = DossierEntry.IdFor(1, factKey),
        Generation = 1,
        FactKey = factKey,
        Kind = kind,
        Source = "clues",
        OccurredAt = occurred,
        RecordedAt = occurred.AddMinutes(1),
        CadreKeys = keys,
        HasUnmatched = false,
        Refs = refs,
        Summary = summary,
        MessageType = MessageUrn.ForTypeString(message.GetType()),
        Payload = JsonSerializer.Serialize(message, message.GetType(), ContractJson.Options),
    };

    private static string Chinese(long i)
    {
        const string digits = "零一二三四五六七八九";
        var text = new StringBuilder();
        foreach (var c in i.ToString("D7", CultureInfo.InvariantCulture))
        {
            text.Append(digits[c - '0']);
        }

        return text.ToString();
    }

    /// <summary>Inserts rows the way the SQLite adapter lays them out: id, version, BSON, a column per indexed scalar field, a side-table row per multikey value.</summary>
    private sealed class TableWriter(SqliteConnection connection, ICollectionDefinition collection)
    {
        private SqliteCommand? _row;
        private readonly Dictionary<string, SqliteCommand> _sides = [];

        public void Prepare(SqliteTransaction transaction)
        {
            var columns = collection.ScalarFields.Select(SqliteDocumentStore.Column).ToArray();
            _row = connection.CreateCommand();
            _row.Transaction = transaction;
            _row.CommandText = $"INSERT INTO \"{collection.Name}\" (id, version, doc{string.Concat(columns.Select(c => ", " + c))}) VALUES ($id, 1, $doc{string.Concat(columns.Select((_, i) => $", $c{i}"))})";
            _row.Parameters.Add("$id", SqliteType.Text);
            _row.Parameters.Add("$doc", SqliteType.Blob);
            for (var i = 0; i < columns.Length; i++)
            {
                _row.Parameters.Add($"$c{i}", SqliteType.Text);
            }

            _row.Prepare();
            _sides.Clear();
            foreach (var field in collection.MultikeyFields)
            {
                var side = connection.CreateCommand();
                side.Transaction = transaction;
                side.CommandText = $"INSERT INTO \"{collection.Name}__{SqliteDocumentStore.Column(field)}\" (id, value) VALUES ($id, $value)";
                side.Parameters.Add("$id", SqliteType.Text);
                side.Parameters.Add("$value", SqliteType.Text);
                side.Prepare();
                _sides[field] = side;
            }
        }

        public void Insert(IDocument document)
        {
            document.Version = 1;
            var bson = document.ToBsonDocument(collection.DocumentType);
            _row!.Parameters["$id"].Value = document.Id;
            _row.Parameters["$doc"].Value = bson.ToBson();
            for (var i = 0; i < collection.ScalarFields.Count; i++)
            {
                _row.Parameters[$"$c{i}"].Value = SqliteDocumentStore.ToSqlite(BsonValues.Read(bson, collection.ScalarFields[i]));
            }

            _row.ExecuteNonQuery();
            foreach (var (field, side) in _sides)
            {
                var value = BsonValues.Read(bson, field);
                var elements = value is BsonArray array ? array.Values : value.IsBsonNull ? [] : [value];
                foreach (var element in elements.Distinct())
                {
                    side.Parameters["$id"].Value = document.Id;
                    side.Parameters["$value"].Value = SqliteDocumentStore.ToSqlite(element);
                    side.ExecuteNonQuery();
                }
            }
        }
    }
}
