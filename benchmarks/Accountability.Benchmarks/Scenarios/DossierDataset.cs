using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Accountability.CaseFiles.Domain;
using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using MassTransit;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using SQLitePCL;
using Level = Accountability.Platform.Domain.Level;

namespace Accountability.Benchmarks.Scenarios;

/// <summary>
/// A CaseFiles store holding N directory cadres with 10 dossier entries each, as the service itself
/// would have recorded them: two clues per cadre, each registered, moved through three stages and
/// concluded (ClueRegistered, ClueStageChanged, ClueConcluded with their contracts' JSON, keyed as
/// DossierRecorder keys them). The platform's SQLite store creates the tables and indexes from the
/// collections' definitions and the documents are serialized through the platform's BSON class maps;
/// only the row writing is done here, as a bulk load (not the service's write path): two threads make
/// the rows, one writes them with prepared statements in transactions of 50,000 cadres, no journal and
/// no syncs, and the rows of cadre 0, which the store itself wrote, are checked to be the loader's to
/// the byte. A built store is kept under the cache folder, named by a hash of the schema and of a
/// sample of the documents, so a rerun reuses it until the shape changes. 1M cadres (15 GB) take
/// ≈ 4.5 minutes on the two cores of the machine in docs/PERFORMANCE.md.
/// </summary>
public static class DossierDataset
{
    public const int EntriesPerCadre = 10;
    private const string GeneratorVersion = "dossier-dataset-1";
    private const int CadresPerTransaction = 50_000;
    private const int CadresPerChunk = 200;
    private static readonly DateTimeOffset Base = new(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static readonly ConcurrentDictionary<Type, string> MessageTypes = new();

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
        // The store's writer keeps its own connection: close it, then the pool's, before taking the file.
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();

        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        // A bulk load into a new file: no journal (a failed build is deleted and made again), no syncs, a
        // 256 MB page cache. The indexes stay: the rows go in in cadre order, so every index is written
        // at a few hot places, which costs less than sorting them afterwards from a 15 GB table.
        await ExecuteAsync(connection, "PRAGMA journal_mode = OFF; PRAGMA locking_mode = EXCLUSIVE; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;");
        var cadreRows = new TableWriter(connection, Cadre.Collection);
        var entryRows = new TableWriter(connection, DossierEntry.Collection);
        await SameAsStoreAsync(connection, cadreRows, entryRows);
        // Three stages on two cores: two makers of rows (the documents, their BSON through the class maps,
        // the indexed columns and side-table values), each taking every other chunk of cadres, and one
        // writer, which takes the chunks from them in turn, so the rows go in in cadre order.
        var chunkCount = (int)((cadres - 1 + CadresPerChunk - 1) / CadresPerChunk);
        var chunks = new[] { NewChannel(), NewChannel() };
        var makingTicks = 0L;
        var makers = Enumerable.Range(0, chunks.Length).Select(maker => Task.Run(async () =>
        {
            var output = chunks[maker].Writer;
            try
            {
                for (var k = maker; k < chunkCount; k += chunks.Length)
                {
                    var began = Stopwatch.GetTimestamp();
                    var start = 1 + (long)k * CadresPerChunk;
                    var end = Math.Min(cadres, start + CadresPerChunk);
                    var chunk = new Chunk(end, new List<Row>((int)(end - start)), new List<Row>((int)(end - start) * EntriesPerCadre));
                    for (var i = start; i < end; i++)
                    {
                        chunk.Cadres.Add(cadreRows.RowOf(CadreOf(i)));
                        foreach (var entry in EntriesOf(i))
                        {
                            chunk.Entries.Add(entryRows.RowOf(entry));
                        }
                    }

                    Interlocked.Add(ref makingTicks, Stopwatch.GetTimestamp() - began);
                    await output.WriteAsync(chunk);
                }

                output.Complete();
            }
            catch (Exception e)
            {
                output.Complete(e);
            }
        })).ToArray();

        var watch = Stopwatch.StartNew();
        var inTransaction = 0L;
        var logged = 0L;
        var writing = TimeSpan.Zero;
        await ExecuteAsync(connection, "BEGIN");
        for (var k = 0; k < chunkCount; k++)
        {
            var chunk = await chunks[k % chunks.Length].Reader.ReadAsync();
            var began = Stopwatch.GetTimestamp();
            cadreRows.Insert(chunk.Cadres);
            entryRows.Insert(chunk.Entries);
            inTransaction += chunk.Cadres.Count;
            if (inTransaction >= CadresPerTransaction)
            {
                await ExecuteAsync(connection, "COMMIT; BEGIN");
                inTransaction = 0;
            }

            writing += Stopwatch.GetElapsedTime(began);

            if (cadres >= 500_000 && chunk.End - logged >= 100_000)
            {
                logged = chunk.End;
                log($"  {chunk.End:N0} cadres written ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }

        await Task.WhenAll(makers);
        await ExecuteAsync(connection, "COMMIT");
        cadreRows.Dispose();
        entryRows.Dispose();
        log($"  rows written ({watch.Elapsed.TotalSeconds:F0} s: making them {Stopwatch.GetElapsedTime(0, makingTicks).TotalSeconds:F0} s on two threads, writing {writing.TotalSeconds:F0} s, GC pauses {GC.GetTotalPauseDuration().TotalSeconds:F0} s)");
        // Back to the store's own journal mode, so CaseFiles opens the file as it opens any other.
        await ExecuteAsync(connection, "PRAGMA locking_mode = NORMAL; PRAGMA journal_mode = WAL;");
    }

    /// <summary>
    /// The rows made here for cadre 0 and its entries are the rows the store wrote for them: the same
    /// BSON bytes, the same indexed columns, the same side-table values. A loader that drifted from the
    /// adapter would measure a store the service never writes.
    /// </summary>
    private static async Task SameAsStoreAsync(SqliteConnection connection, TableWriter cadreRows, TableWriter entryRows)
    {
        foreach (var (writer, document) in EntriesOf(0).Select(e => (entryRows, (IDocument)e)).Prepend((cadreRows, CadreOf(0))))
        {
            var collection = writer.Collection;
            var row = writer.RowOf(document);
            var made = new List<object> { Convert.ToHexString(row.Doc) };
            made.AddRange(row.Columns);
            made.AddRange(row.Sides.Select(values => string.Join("|", values.Select(Text).Order())));
            var stored = new List<object>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = $"SELECT doc{string.Concat(collection.ScalarFields.Select(f => ", " + SqliteDocumentStore.Column(f)))} FROM \"{collection.Name}\" WHERE id = $id";
                command.Parameters.AddWithValue("$id", document.Id);
                await using var reader = await command.ExecuteReaderAsync();
                if (await reader.ReadAsync())
                {
                    stored.Add(Convert.ToHexString((byte[])reader.GetValue(0)));
                    stored.AddRange(Enumerable.Range(1, collection.ScalarFields.Count).Select(reader.GetValue));
                }
            }

            foreach (var field in collection.MultikeyFields)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = $"SELECT value FROM \"{collection.Name}__{SqliteDocumentStore.Column(field)}\" WHERE id = $id";
                command.Parameters.AddWithValue("$id", document.Id);
                var values = new List<string>();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    values.Add(Text(reader.GetValue(0)));
                }

                stored.Add(string.Join("|", values.Order()));
            }

            if (!stored.Select(Text).SequenceEqual(made.Select(Text)))
            {
                throw new InvalidOperationException($"The bulk loader's row for {collection.Name}/{document.Id} differs from the one the store wrote.");
            }
        }

        static string Text(object value) => value switch
        {
            byte[] utf8 => "s:" + Encoding.UTF8.GetString(utf8),
            string text => "s:" + text,
            long number => "l:" + number.ToString(CultureInfo.InvariantCulture),
            double real => "d:" + real.ToString("R", CultureInfo.InvariantCulture),
            DBNull => "null",
            _ => value.GetType().Name + ":" + value,
        };
    }

    private static Channel<Chunk> NewChannel() =>
        Channel.CreateBounded<Chunk>(new BoundedChannelOptions(2) { SingleReader = true, SingleWriter = true });

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
        MessageType = MessageTypes.GetOrAdd(message.GetType(), MessageUrn.ForTypeString),
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
    private sealed class TableWriter : IDisposable
    {
        /// <summary>Each maker's own serialization buffer (RowOf runs on two threads at once, never twice on one).</summary>
        [ThreadStatic]
        private static MemoryStream? t_buffer;

        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _row;
        private readonly sqlite3_stmt[] _sides;
        private readonly BsonMemberMap[] _scalars;
        private readonly BsonMemberMap[] _multikeys;

        /// <summary>
        /// Prepared statements on the connection's own handle (SQLitePCL, as Microsoft.Data.Sqlite uses it),
        /// bound by position and stepped directly: a bulk load's tens of millions of rows would otherwise
        /// spend most of their time in the ADO.NET layer's per-call work.
        /// </summary>
        public TableWriter(SqliteConnection connection, ICollectionDefinition collection)
        {
            _connection = connection;
            Collection = collection;
            var map = BsonClassMap.LookupClassMap(collection.DocumentType);
            _scalars = [.. collection.ScalarFields.Select(field => Member(map, field))];
            _multikeys = [.. collection.MultikeyFields.Select(field => Member(map, field))];
            var columns = collection.ScalarFields.Select(SqliteDocumentStore.Column).ToArray();
            _row = Prepare($"INSERT INTO \"{collection.Name}\" (id, version, doc{string.Concat(columns.Select(c => ", " + c))}) VALUES (?, 1, ?{string.Concat(columns.Select(_ => ", ?"))})");
            _sides = [.. collection.MultikeyFields.Select(field => Prepare($"INSERT INTO \"{collection.Name}__{SqliteDocumentStore.Column(field)}\" (id, value) VALUES (?, ?)"))];
        }

        public ICollectionDefinition Collection { get; }

        /// <summary>The row of a document: its BSON through the class maps, its indexed columns and side-table values.</summary>
        public Row RowOf(IDocument document)
        {
            document.Version = 1;
            var buffer = t_buffer ??= new MemoryStream(4096);
            buffer.SetLength(0);
            using (var writer = new BsonBinaryWriter(buffer))
            {
                BsonSerializer.Serialize(writer, Collection.DocumentType, document);
            }

            var columns = new object[_scalars.Length];
            for (var i = 0; i < columns.Length; i++)
            {
                columns[i] = Utf8(SqliteDocumentStore.ToSqlite(ValueOf(_scalars[i], document)));
            }

            var sides = new object[_multikeys.Length][];
            for (var f = 0; f < sides.Length; f++)
            {
                var value = ValueOf(_multikeys[f], document);
                var elements = value is BsonArray array ? array.Values : value.IsBsonNull ? [] : [value];
                sides[f] = [.. elements.Distinct().Select(e => Utf8(SqliteDocumentStore.ToSqlite(e)))];
            }

            return new Row(Encoding.UTF8.GetBytes(document.Id), buffer.ToArray(), columns, sides);
        }

        /// <summary>
        /// An indexed field's value as it is in the document's BSON: the member's value written by the
        /// member's own serializer (the class map's), or null where the class map leaves it out. Making a
        /// BsonDocument of the whole document, or reading the fields back from its bytes, would cost more
        /// than serializing it.
        /// </summary>
        private static BsonValue ValueOf(BsonMemberMap member, IDocument document)
        {
            var value = member.Getter(document);
            if (!member.ShouldSerialize(document, value))
            {
                return BsonNull.Value;
            }

            var holder = new BsonDocument();
            using (var writer = new BsonDocumentWriter(holder))
            {
                writer.WriteStartDocument();
                writer.WriteName("v");
                member.GetSerializer().Serialize(BsonSerializationContext.CreateRoot(writer), value);
                writer.WriteEndDocument();
            }

            return holder[0];
        }

        /// <summary>The class map's member stored under a top-level element name (the indexed fields of these collections are all top-level).</summary>
        private static BsonMemberMap Member(BsonClassMap map, string field) =>
            (field == "_id" ? map.IdMemberMap : map.AllMemberMaps.FirstOrDefault(m => m.ElementName == field))
            ?? throw new NotSupportedException($"{map.ClassType.Name} has no top-level member stored as {field}; the bulk loader reads top-level fields only.");

        /// <summary>Text as UTF-8 bytes, made on the producing thread so the writing one only binds them.</summary>
        private static object Utf8(object value) => value is string text ? Encoding.UTF8.GetBytes(text) : value;

        public void Insert(List<Row> rows)
        {
            foreach (var row in rows)
            {
                Check(raw.sqlite3_bind_text(_row, 1, row.Id));
                Check(raw.sqlite3_bind_blob(_row, 2, row.Doc));
                for (var i = 0; i < row.Columns.Length; i++)
                {
                    Bind(_row, i + 3, row.Columns[i]);
                }

                Step(_row);
                for (var f = 0; f < row.Sides.Length; f++)
                {
                    foreach (var value in row.Sides[f])
                    {
                        Check(raw.sqlite3_bind_text(_sides[f], 1, row.Id));
                        Bind(_sides[f], 2, value);
                        Step(_sides[f]);
                    }
                }
            }
        }

        public void Dispose()
        {
            _row.Dispose();
            foreach (var side in _sides)
            {
                side.Dispose();
            }
        }

        private sqlite3_stmt Prepare(string sql)
        {
            Check(raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement));
            return statement;
        }

        /// <summary>Binds a value as the store binds it: text, integer, real or null (<see cref="SqliteDocumentStore.ToSqlite"/>).</summary>
        private void Bind(sqlite3_stmt statement, int index, object value) => Check(value switch
        {
            byte[] utf8 => raw.sqlite3_bind_text(statement, index, utf8),
            long number => raw.sqlite3_bind_int64(statement, index, number),
            double real => raw.sqlite3_bind_double(statement, index, real),
            DBNull => raw.sqlite3_bind_null(statement, index),
            _ => throw new NotSupportedException($"{value.GetType().Name} is not a column value."),
        });

        private void Step(sqlite3_stmt statement)
        {
            var result = raw.sqlite3_step(statement);
            raw.sqlite3_reset(statement);
            if (result != raw.SQLITE_DONE)
            {
                Check(result);
            }
        }

        private void Check(int result)
        {
            if (result != raw.SQLITE_OK && result != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), result);
            }
        }
    }

    /// <summary>A row to insert: the id and text values as UTF-8, integers as long, reals as double, nulls as DBNull.</summary>
    private sealed record Row(byte[] Id, byte[] Doc, object[] Columns, object[][] Sides);

    /// <summary>The rows of the cadres up to <paramref name="End"/> (exclusive) and of their entries.</summary>
    private sealed record Chunk(long End, List<Row> Cadres, List<Row> Entries);
}
