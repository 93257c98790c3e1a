using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using Accountability.Platform.Operations;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Accountability.Platform.Storage.Sqlite;

/// <summary>
/// The embedded adapter: one SQLite file per service, a table per collection holding each
/// document as BSON, plus a column per indexed scalar field and a side table per multikey
/// field, so every declared index is a real SQLite index. WAL with a full sync on commit:
/// a committed batch survives power loss. Commits are grouped: one writer applies the batches
/// waiting at that moment in one transaction and one fsync (docs/PERFORMANCE.md: concurrent
/// writers each taking the write lock and syncing alone held intake to a few dozen per second).
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore, IAsyncDisposable
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteIoError = 10;
    private const int SqliteFull = 13;
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintPrimaryKey = 1555;

    /// <summary>Most batches one group commit applies.</summary>
    private const int MaxGroup = 256;

    /// <summary>Least time between two checkpoints of the WAL.</summary>
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Tables last counted above this many rows are analyzed only when SQLite finds their size much changed.</summary>
    private const long LargeTable = 1_000_000;

    /// <summary>Commits between two refreshes of the planner's statistics.</summary>
    private const int AnalyzeEvery = 5_000;

    private readonly string _connectionString;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensured = new();
    private Lazy<Task> _initialized;
    private readonly System.Threading.Channels.Channel<PendingCommit> _commits =
        System.Threading.Channels.Channel.CreateUnbounded<PendingCommit>(new() { SingleReader = true });

    private readonly KeyValuePair<string, object?> _storeTag;

    private int _writerStarted;

    private Task? _writeLoop;

    private Task? _checkpointLoop;

    /// <summary>Ends the checkpointer when the store is disposed.</summary>
    private readonly CancellationTokenSource _stopping = new();

    private int _disposed;

    /// <summary>The writer's connection and its compiled statements; used by the single writer only.</summary>
    private Statements? _writer;

    /// <summary>Notified after commits; the checkpointer waits on it.</summary>
    private readonly WakeSignal _checkpointDue = new();

    public SqliteDocumentStore(string name, string path, AuditChain? auditChain = null)
    {
        BsonMapping.EnsureRegistered();
        Name = name;
        _storeTag = new("store", name);
        AuditChain = auditChain ?? AuditChain.Unkeyed;
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = true,
            DefaultTimeout = 5,
        }.ToString();
        _initialized = new Lazy<Task>(InitializeAsync);
    }

    public string Name { get; }

    public AuditChain AuditChain { get; }

    /// <summary>True: one writer applies the batches in the order they were handed over (group commit).</summary>
    public bool CommitsInOrder => true;

    public async Task<T?> GetAsync<T>(CollectionDefinition<T> collection, string id, CancellationToken ct = default)
        where T : class, IDocument
    {
        await EnsureAsync(collection);
        return await Guard(async () =>
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT doc FROM {Table(collection)} WHERE id = $id";
            command.Parameters.AddWithValue("$id", id);
            var result = await command.ExecuteScalarAsync(ct);
            return result is byte[] bytes ? BsonSerializer.Deserialize<T>(bytes) : null;
        });
    }

    public async Task<T?> FindOneAsync<T>(CollectionDefinition<T> collection, Filter filter, CancellationToken ct = default)
        where T : class, IDocument
    {
        var page = await QueryAsync(collection, new Query(filter, "_id", false, 1), ct);
        return page.Items.FirstOrDefault();
    }

    public async Task<Page<T>> QueryAsync<T>(CollectionDefinition<T> collection, Query query, CancellationToken ct = default)
        where T : class, IDocument
    {
        collection.EnsureQueryable(query.OrderBy);
        await EnsureAsync(collection);
        return await Guard(async () =>
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            var where = new StringBuilder(query.Where is null ? "1 = 1" : Translate(collection, query.Where, command));
            var sort = FieldExpression(collection, query.OrderBy);
            var direction = query.Descending ? "DESC" : "ASC";
            if (query.After is not null)
            {
                var op = query.Descending ? "<" : ">";
                where.Append($" AND ({sort} {op} $after OR ({sort} = $after AND id {op} $afterId))");
                command.Parameters.AddWithValue("$after", ToSqlite(query.After.SortValue));
                command.Parameters.AddWithValue("$afterId", query.After.Id);
            }

            command.CommandText = $"SELECT doc FROM {Table(collection)} WHERE {where} ORDER BY {sort} {direction}, id {direction} LIMIT $limit";
            command.Parameters.AddWithValue("$limit", query.Limit + 1);
            var raw = new List<BsonDocument>();
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    raw.Add(BsonSerializer.Deserialize<BsonDocument>((byte[])reader[0]));
                }
            }

            return PageOf<T>(raw, query);
        });
    }

    public async Task<long> CountAsync<T>(CollectionDefinition<T> collection, Filter? filter, CancellationToken ct = default)
        where T : class, IDocument
    {
        await EnsureAsync(collection);
        return await Guard(async () =>
        {
            await using var connection = await OpenAsync(ct);
            await using var command = connection.CreateCommand();
            var where = filter is null ? "1 = 1" : Translate(collection, filter, command);
            command.CommandText = $"SELECT COUNT(*) FROM {Table(collection)} WHERE {where}";
            return (long)(await command.ExecuteScalarAsync(ct))!;
        });
    }

    public async Task CommitAsync(WriteBatch batch, CancellationToken ct = default)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        foreach (var collection in batch.Collections)
        {
            await EnsureAsync(collection);
        }

        // Group commit: every batch goes to one writer, which applies the batches waiting at that
        // moment in one transaction and one fsync; each caller returns only after that commit.
        var pending = new PendingCommit(batch);
        long started = Stopwatch.GetTimestamp();
        if (!_commits.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The store is closed.");
        }

        EnsureWriter();
        try
        {
            await pending.Done.Task;
        }
        finally
        {
            Telemetry.StoreCommitWait.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, _storeTag);
        }
    }

    private void EnsureWriter()
    {
        if (Interlocked.Exchange(ref _writerStarted, 1) == 0)
        {
            _writeLoop = Task.Run(WriteLoopAsync);
            _checkpointLoop = Task.Run(CheckpointLoopAsync);
        }
    }

    /// <summary>
    /// Copies the WAL back into the database file beside the writer, not inside a commit. SQLite's own
    /// auto-checkpoint (off on our connections, see <see cref="OpenAsync"/>) runs in the COMMIT that
    /// takes the WAL past 1,000 pages, and that caller waited for the copy and the database file's
    /// fsync: the store's commit phase was 0.9 ms at the median and 9–12 ms at p99 while the disk's own
    /// fsync p99 was 0.5–0.8 ms (docs/PERFORMANCE.md, intake p99). A PASSIVE checkpoint waits for no
    /// reader or writer; it runs after commits, at most every <see cref="CheckpointInterval"/>.
    /// </summary>
    private async Task CheckpointLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await _checkpointDue.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await using var connection = await OpenAsync(CancellationToken.None);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync();
            }
            catch (Exception)
            {
                // Busy or failing (whatever the cause, this loop must go on): the WAL keeps every
                // commit, and the next commit's signal tries again.
            }

            await Task.Delay(CheckpointInterval, _stopping.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// Closes the store for writing: the batches already handed over are committed, later ones are
    /// refused, and the writer's own connection is closed (the pool's connections are not: use
    /// <see cref="SqliteConnection.ClearAllPools"/> as well before taking the file for exclusive use).
    /// The services' stores live as long as their process and are not disposed.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _commits.Writer.TryComplete();
        if (_writeLoop is { } loop)
        {
            await loop;
        }

        await _stopping.CancelAsync();
        if (_checkpointLoop is { } checkpoints)
        {
            await checkpoints;
        }

        if (_writer is { } writer)
        {
            _writer = null;
            await writer.DisposeAsync();
        }
    }

    /// <summary>
    /// The single writer: takes every batch waiting (up to <see cref="MaxGroup"/>), applies them in
    /// order in one BEGIN IMMEDIATE transaction (each audit append reads the head the batch before it
    /// wrote) and commits once. If any batch of a group fails (a conflict, a duplicate key, a full
    /// disk), the group is rolled back and its batches are committed one by one, each with its own
    /// outcome, so one batch's failure never fails or loses another.
    /// </summary>
    private async Task WriteLoopAsync()
    {
        var group = new List<PendingCommit>(MaxGroup);
        var sinceAnalyze = 0;
        while (await _commits.Reader.WaitToReadAsync())
        {
            if (sinceAnalyze >= AnalyzeEvery)
            {
                sinceAnalyze = 0;
                try
                {
                    await using var connection = await OpenAsync(CancellationToken.None);
                    await AnalyzeAsync(connection);
                }
                catch (SqliteException)
                {
                    // Statistics are an optimisation; the commits go on without fresh ones.
                }
            }

            group.Clear();
            while (group.Count < MaxGroup && _commits.Reader.TryRead(out var next))
            {
                group.Add(next);
            }

            if (group.Count == 0)
            {
                continue;
            }

            sinceAnalyze += group.Count;
            Telemetry.StoreGroupSize.Record(group.Count, _storeTag);
            _checkpointDue.Notify();

            if (group.Count > 1)
            {
                try
                {
                    var writes = await Guard(() => ApplyGroupAsync(group.Select(p => p.Batch).ToList()));
                    foreach (var write in writes)
                    {
                        write.Committed();
                    }

                    foreach (var pending in group)
                    {
                        pending.Done.TrySetResult();
                    }

                    continue;
                }
                catch (Exception)
                {
                    // One of them failed: fall through and give each batch its own transaction and outcome.
                }
            }

            foreach (var pending in group)
            {
                try
                {
                    var writes = await Guard(() => ApplyGroupAsync([pending.Batch]));
                    foreach (var write in writes)
                    {
                        write.Committed();
                    }

                    pending.Done.TrySetResult();
                }
                catch (Exception e)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
    }

    private async Task<List<DocumentWrite>> ApplyGroupAsync(IReadOnlyList<WriteBatch> batches)
    {
        var statements = _writer ??= new Statements(await OpenAsync(CancellationToken.None), ownsConnection: true);
        try
        {
            return await ApplyGroupAsync(statements, batches);
        }
        catch (SqliteException)
        {
            // The connection may be in a state worth not keeping (a full disk, an I/O error): the next group opens a new one.
            _writer = null;
            await statements.DisposeAsync();
            throw;
        }
    }

    private async Task<List<DocumentWrite>> ApplyGroupAsync(Statements statements, IReadOnlyList<WriteBatch> batches)
    {
        // BEGIN IMMEDIATE: the write lock is taken up front, so the audit head read below
        // cannot race another writer.
        await using var transaction = statements.Connection.BeginTransaction(deferred: false);
        statements.Transaction = transaction;
        long started = Stopwatch.GetTimestamp();
        var all = new List<DocumentWrite>();
        foreach (var batch in batches)
        {
            var writes = batch.Writes.ToList();
            if (batch.AuditEntries.Count > 0)
            {
                var head = await ReadAsync(statements, AuditHead.Collection, AuditHead.HeadId, CancellationToken.None);
                writes.AddRange(AuditChain.AppendWrites(head, batch.AuditEntries));
            }

            foreach (var write in writes)
            {
                await ApplyAsync(statements, write, CancellationToken.None);
            }

            all.AddRange(writes);
        }

        long applied = Stopwatch.GetTimestamp();
        await transaction.CommitAsync(CancellationToken.None);
        Telemetry.StoreGroupPhase.Record(Stopwatch.GetElapsedTime(started, applied).TotalMilliseconds, _storeTag, new("phase", "apply"));
        Telemetry.StoreGroupPhase.Record(Stopwatch.GetElapsedTime(applied).TotalMilliseconds, _storeTag, new("phase", "commit"));
        return all;
    }

    private static async Task<T?> ReadAsync<T>(Statements statements, CollectionDefinition<T> collection, string id, CancellationToken ct)
        where T : class, IDocument
    {
        var command = statements.For($"SELECT doc FROM {Table(collection)} WHERE id = $id");
        command.Parameters.AddWithValue("$id", id);
        return await command.ExecuteScalarAsync(ct) is byte[] bytes ? BsonSerializer.Deserialize<T>(bytes) : null;
    }

    private static async Task ApplyAsync(Statements statements, DocumentWrite write, CancellationToken ct)
    {
        var collection = write.Collection;
        var document = write.ToBson();
        var table = Table(collection);
        var columns = collection.ScalarFields.Select(Column).ToArray();
        SqliteCommand command;
        if (write.Kind == WriteKind.Insert)
        {
            var names = string.Concat(columns.Select(c => ", " + c));
            var values = string.Concat(columns.Select((_, i) => $", $c{i}"));
            command = statements.For($"INSERT INTO {table} (id, version, doc{names}) VALUES ($id, $version, $doc{values})");
        }
        else
        {
            var sets = string.Concat(columns.Select((c, i) => $", {c} = $c{i}"));
            command = statements.For($"UPDATE {table} SET version = $version, doc = $doc{sets} WHERE id = $id AND version = $expected");
            command.Parameters.AddWithValue("$expected", write.ExpectedVersion);
        }

        command.Parameters.AddWithValue("$id", write.Document.Id);
        command.Parameters.AddWithValue("$version", write.NewVersion);
        command.Parameters.AddWithValue("$doc", document.ToBson());
        for (var i = 0; i < columns.Length; i++)
        {
            command.Parameters.AddWithValue($"$c{i}", ToSqlite(BsonValues.Read(document, collection.ScalarFields[i])));
        }

        if (write.Kind == WriteKind.Insert)
        {
            try
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                var key = e.SqliteExtendedErrorCode == SqliteConstraintPrimaryKey ? write.Document.Id : e.Message;
                throw new DuplicateKeyException(collection.Name, key, e);
            }
        }
        else
        {
            int changed;
            try
            {
                changed = await command.ExecuteNonQueryAsync(ct);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
            {
                throw new DuplicateKeyException(collection.Name, e.Message, e);
            }

            if (changed == 0)
            {
                throw new ConcurrencyConflictException(collection.Name, write.Document.Id, write.ExpectedVersion);
            }
        }

        foreach (var field in collection.MultikeyFields)
        {
            await WriteMultikeyAsync(statements, collection, field, write.Document.Id, BsonValues.Read(document, field), ct);
        }
    }

    private static async Task WriteMultikeyAsync(Statements statements, ICollectionDefinition collection, string field, string id, BsonValue value, CancellationToken ct)
    {
        var side = SideTable(collection, field);
        var delete = statements.For($"DELETE FROM {side} WHERE id = $id");
        delete.Parameters.AddWithValue("$id", id);
        await delete.ExecuteNonQueryAsync(ct);

        var elements = value is BsonArray array ? array.Values : value.IsBsonNull ? [] : [value];
        foreach (var element in elements.Distinct())
        {
            var insert = statements.For($"INSERT INTO {side} (id, value) VALUES ($id, $value)");
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$value", ToSqlite(element));
            await insert.ExecuteNonQueryAsync(ct);
        }
    }

    private static string Translate(ICollectionDefinition collection, Filter filter, SqliteCommand command)
    {
        switch (filter)
        {
            case Conjunction and:
                return and.Filters.Count == 0 ? "1 = 1" : "(" + string.Join(" AND ", and.Filters.Select(f => Translate(collection, f, command))) + ")";
            case Comparison c:
            {
                collection.EnsureQueryable(c.Field);
                if (c.Operator == ComparisonOperator.Eq && c.Value.IsBsonNull)
                {
                    return collection.MultikeyFields.Contains(c.Field)
                        ? $"id NOT IN (SELECT id FROM {SideTable(collection, c.Field)})"
                        : $"{FieldExpression(collection, c.Field)} IS NULL";
                }

                var parameter = AddParameter(command, c.Value);
                var op = c.Operator switch
                {
                    ComparisonOperator.Eq => "=",
                    ComparisonOperator.Gt => ">",
                    ComparisonOperator.Gte => ">=",
                    ComparisonOperator.Lt => "<",
                    _ => "<=",
                };
                return collection.MultikeyFields.Contains(c.Field)
                    ? $"id IN (SELECT id FROM {SideTable(collection, c.Field)} WHERE value {op} {parameter})"
                    : $"{FieldExpression(collection, c.Field)} {op} {parameter}";
            }

            case Membership m:
            {
                collection.EnsureQueryable(m.Field);
                if (m.Values.Count == 0)
                {
                    return "1 = 0";
                }

                var list = string.Join(", ", m.Values.Select(v => AddParameter(command, v)));
                return collection.MultikeyFields.Contains(m.Field)
                    ? $"id IN (SELECT id FROM {SideTable(collection, m.Field)} WHERE value IN ({list}))"
                    : $"{FieldExpression(collection, m.Field)} IN ({list})";
            }

            default:
                throw new NotSupportedException(filter.GetType().Name);
        }
    }

    private static string AddParameter(SqliteCommand command, BsonValue value)
    {
        var name = "$p" + command.Parameters.Count;
        command.Parameters.AddWithValue(name, ToSqlite(value));
        return name;
    }

    private static Page<T> PageOf<T>(List<BsonDocument> raw, Query query)
    {
        var more = raw.Count > query.Limit;
        var items = raw.Take(query.Limit).ToList();
        Cursor? next = null;
        if (more && items.Count > 0)
        {
            var last = items[^1];
            next = new Cursor(query.OrderBy == "_id" ? last["_id"] : BsonValues.Read(last, query.OrderBy), last["_id"].AsString);
        }

        return new Page<T>(items.Select(d => BsonSerializer.Deserialize<T>(d)).ToList(), next);
    }

    /// <summary>SQLite has no dates or booleans: dates become epoch milliseconds, booleans 0/1. Public for bulk loaders that write this adapter's format (the benchmarks).</summary>
    public static object ToSqlite(BsonValue value) => value.BsonType switch
    {
        BsonType.Null or BsonType.Undefined => DBNull.Value,
        BsonType.String => value.AsString,
        BsonType.Int32 => (long)value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Boolean => value.AsBoolean ? 1L : 0L,
        BsonType.DateTime => value.AsBsonDateTime.MillisecondsSinceEpoch,
        BsonType.Double => value.AsDouble,
        _ => throw new NotSupportedException($"BSON {value.BsonType} values cannot be indexed."),
    };

    /// <summary>
    /// Creates the collection's tables on first use. Busy or full here is the caller's retryable
    /// UNAVAILABLE or RESOURCE_EXHAUSTED like any write, and the next call tries again.
    /// </summary>
    private async Task EnsureAsync(ICollectionDefinition collection)
    {
        await Guard(async () =>
        {
            var initialized = _initialized;
            try
            {
                await initialized.Value;
            }
            catch
            {
                Interlocked.CompareExchange(ref _initialized, new Lazy<Task>(InitializeAsync), initialized);
                throw;
            }

            var ensure = _ensured.GetOrAdd(collection.Name, _ => new Lazy<Task>(() => CreateAsync(collection)));
            try
            {
                await ensure.Value;
            }
            catch
            {
                _ensured.TryRemove(new KeyValuePair<string, Lazy<Task>>(collection.Name, ensure));
                throw;
            }

            return true;
        });
    }

    private async Task InitializeAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL;";
        await command.ExecuteNonQueryAsync();
        await AnalyzeAsync(connection);
    }

    /// <summary>
    /// Keeps the planner's statistics current. Without them SQLite guesses that an equality on any
    /// indexed column is selective: a dossier read (generation = 1 AND id IN the cadre's side-table
    /// rows) walked every entry of the generation, time growing with the store; and stale ones mislead
    /// it as much: with the opinions counted at 420 when there were 4,600, an opinion request at 1M
    /// cadres took 11.8 ms at the median instead of 3.7 (docs/PERFORMANCE.md, scale). So every table
    /// last counted at up to <see cref="LargeTable"/> rows (or never) is analyzed, on a sample of each
    /// index, which is quick whatever is cached; the larger ones only through <c>PRAGMA
    /// optimize=0x10002</c>, which analyzes a table again only when its size has changed a good deal:
    /// a plain ANALYZE of everything at every open, as before, read the indexes of a 15 GB store from
    /// disk for minutes when its pages were not cached, and the service was not ready until it ended.
    /// Run when the store opens and every <see cref="AnalyzeEvery"/> commits.
    /// </summary>
    private static async Task AnalyzeAsync(SqliteConnection connection)
    {
        var tables = new List<string>();
        var counted = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        await using (var stats = connection.CreateCommand())
        {
            stats.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'";
            if ((long)(await stats.ExecuteScalarAsync())! > 0)
            {
                // The first number of a stat row is the table's row count when it was last analyzed.
                stats.CommandText = "SELECT tbl, MAX(CAST(stat AS INTEGER)) FROM sqlite_stat1 GROUP BY tbl";
                await using var reader = await stats.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    counted[reader.GetString(0)] = reader.GetInt64(1);
                }
            }
        }

        var analyze = new StringBuilder("PRAGMA analysis_limit = 400;");
        foreach (var table in tables.Where(t => IsPlainName(t) && (!counted.TryGetValue(t, out var rows) || rows <= LargeTable)))
        {
            analyze.Append($" ANALYZE \"{table}\";");
        }

        analyze.Append(" PRAGMA optimize = 0x10002;");
        await using var command = connection.CreateCommand();
        command.CommandText = analyze.ToString();
        await command.ExecuteNonQueryAsync();
    }

    private async Task CreateAsync(ICollectionDefinition collection)
    {
        await using var connection = await OpenAsync(CancellationToken.None);
        await using var transaction = connection.BeginTransaction(deferred: false);
        var table = Table(collection);
        await ExecuteAsync(connection, transaction, $"CREATE TABLE IF NOT EXISTS {table} (id TEXT NOT NULL PRIMARY KEY, version INTEGER NOT NULL, doc BLOB NOT NULL)");
        var existing = new HashSet<string>(StringComparer.Ordinal);
        await using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = $"SELECT name FROM pragma_table_info('{collection.Name}')";
            await using var reader = await info.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                existing.Add(reader.GetString(0));
            }
        }

        var added = collection.ScalarFields.Where(f => !existing.Contains(Column(f))).ToList();
        foreach (var field in added)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {table} ADD COLUMN {Column(field)}");
        }

        var newSides = new List<string>();
        foreach (var field in collection.MultikeyFields)
        {
            var side = SideTable(collection, field);
            var exists = await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{side.Trim('"')}'");
            if (exists == 0)
            {
                newSides.Add(field);
                await ExecuteAsync(connection, transaction, $"CREATE TABLE {side} (id TEXT NOT NULL, value NOT NULL)");
                await ExecuteAsync(connection, transaction, $"CREATE INDEX \"{collection.Name}__{Column(field)}__value\" ON {side} (value, id)");
                await ExecuteAsync(connection, transaction, $"CREATE INDEX \"{collection.Name}__{Column(field)}__id\" ON {side} (id)");
            }
        }

        // A field indexed after documents were stored: fill its column or side table from the documents.
        if (added.Count > 0 || newSides.Count > 0)
        {
            await BackfillAsync(connection, transaction, collection, added, newSides);
        }

        foreach (var index in collection.Indexes.Where(i => !i.Multikey))
        {
            var unique = index.Unique ? "UNIQUE " : "";
            var columns = string.Join(", ", index.Fields.Select(Column));
            await ExecuteAsync(connection, transaction, $"CREATE {unique}INDEX IF NOT EXISTS \"{collection.Name}__{index.Name}\" ON {table} ({columns})");
        }

        await transaction.CommitAsync();
    }

    private static async Task BackfillAsync(SqliteConnection connection, SqliteTransaction transaction, ICollectionDefinition collection, List<string> fields, List<string> sides)
    {
        var rows = new List<(string Id, BsonDocument Doc)>();
        await using (var select = connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = $"SELECT id, doc FROM {Table(collection)}";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add((reader.GetString(0), BsonSerializer.Deserialize<BsonDocument>((byte[])reader[1])));
            }
        }

        await using var statements = new Statements(connection) { Transaction = transaction };
        foreach (var (id, doc) in rows)
        {
            foreach (var field in fields)
            {
                await using var update = connection.CreateCommand();
                update.Transaction = transaction;
                update.CommandText = $"UPDATE {Table(collection)} SET {Column(field)} = $v WHERE id = $id";
                update.Parameters.AddWithValue("$v", ToSqlite(BsonValues.Read(doc, field)));
                update.Parameters.AddWithValue("$id", id);
                await update.ExecuteNonQueryAsync();
            }

            foreach (var field in sides)
            {
                await WriteMultikeyAsync(statements, collection, field, id, BsonValues.Read(doc, field), CancellationToken.None);
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken ct)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        await using var pragma = connection.CreateCommand();
        // No checkpoint inside a commit: CheckpointLoopAsync does it beside the writer.
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;";
        await pragma.ExecuteNonQueryAsync(ct);
        return connection;
    }

    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> action)
    {
        try
        {
            return await action();
        }
        catch (SqliteException e) when (e.SqliteErrorCode is SqliteBusy or SqliteLocked)
        {
            throw new StoreUnavailableException("The database is busy; retry shortly.", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteFull)
        {
            throw new StoreFullException("The database has no space left.", e);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteIoError)
        {
            // A write the disk refused (out of space, quota): the transaction is rolled back.
            throw new StoreFullException("The database could not write to disk; free space and retry.", e);
        }
    }

    private static string Table(ICollectionDefinition collection) => $"\"{Checked(collection.Name)}\"";

    private static string SideTable(ICollectionDefinition collection, string field) => $"\"{Checked(collection.Name)}__{Column(field)}\"";

    /// <summary>The column (and side-table suffix) that holds an indexed field. Public for bulk loaders that write this adapter's format.</summary>
    public static string Column(string field) => "f_" + Checked(field.Replace('.', '_'));

    private static string FieldExpression(ICollectionDefinition collection, string field) =>
        field == "_id" ? "id" : Column(field);

    private static string Checked(string name) =>
        IsPlainName(name) ? name : throw new ArgumentException($"'{name}' is not a valid collection or field name.");

    /// <summary>Letters, digits and underscores only: safe to quote into SQL as a name.</summary>
    private static bool IsPlainName(string name) => name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>
    /// Commands by their SQL on one connection, each compiled once and run again with new parameters
    /// (Microsoft.Data.Sqlite keeps a command's prepared statement while its text and connection stay
    /// the same). The writer keeps one for its connection: a submit is a dozen statements of a handful
    /// of shapes, and compiling each again was measured (docs/PERFORMANCE.md, intake). Disposing it
    /// disposes the commands it made; the connection only when it owns it.
    /// </summary>
    private sealed class Statements(SqliteConnection connection, bool ownsConnection = false) : IAsyncDisposable
    {
        private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);

        public SqliteConnection Connection => connection;

        public SqliteTransaction? Transaction { get; set; }

        /// <summary>The command for this SQL, in the current transaction, with no parameters yet.</summary>
        public SqliteCommand For(string sql)
        {
            if (!_commands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                _commands[sql] = command;
            }

            command.Transaction = Transaction;
            command.Parameters.Clear();
            return command;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var command in _commands.Values)
            {
                await command.DisposeAsync();
            }

            _commands.Clear();
            if (ownsConnection)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>A batch waiting for the writer, and its caller waiting for the outcome.</summary>
    private sealed class PendingCommit(WriteBatch batch)
    {
        public WriteBatch Batch { get; } = batch;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
