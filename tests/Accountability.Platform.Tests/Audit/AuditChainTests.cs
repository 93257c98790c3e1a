using Accountability.Platform.Audit;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using Accountability.Platform.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace Accountability.Platform.Tests.Audit;

/// <summary>
/// A real SQLite chain of six records written in three batches, then tampered with directly in
/// the file, the way someone with access to the disk would.
/// </summary>
public sealed class AuditChainTests : IDisposable
{
    private const int Records = 6;
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 30, 15, 123, TimeSpan.Zero);

    private readonly TempFolder _folder = new();
    private readonly string _path;
    private readonly SqliteDocumentStore _store;

    public AuditChainTests()
    {
        _path = _folder.File("audited.db");
        _store = new SqliteDocumentStore("audited", _path);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task An_untouched_chain_written_in_several_batches_verifies()
    {
        await WriteChainAsync();

        var result = await AuditVerifier.VerifyAsync(_store, Ct);

        Assert.True(result.Valid, result.Problem);
        Assert.Equal(Records, result.RecordsChecked);
        Assert.Equal(0, result.FirstInvalidSequence);
    }

    [Fact]
    public async Task A_changed_reason_is_detected_at_that_record()
    {
        await WriteChainAsync();

        await RewriteAsync(3, doc => doc["reason"] = "nothing to see here");

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task A_changed_record_whose_hash_was_recomputed_is_detected_at_the_next_link()
    {
        await WriteChainAsync();

        await RewriteAsync(3, doc =>
        {
            doc["actor"] = "mallory";
            var forged = BsonSerializer.Deserialize<AuditRecord>(doc);
            doc["hash"] = AuditChain.Unkeyed.ComputeHash(forged);
        });

        await AssertBrokenAtAsync(4);
    }

    [Fact]
    public async Task A_deleted_middle_record_is_detected_where_it_is_missing()
    {
        await WriteChainAsync();

        await ExecuteAsync("DELETE FROM audit WHERE f_sequence = 3");

        await AssertBrokenAtAsync(3);
    }

    [Fact]
    public async Task Two_records_with_swapped_sequences_are_detected_at_the_first_of_them()
    {
        await WriteChainAsync();

        await RewriteAsync(2, doc => doc["sequence"] = 4L);
        await RewriteAsync(4, doc => doc["sequence"] = 2L);
        await ExecuteAsync(
            "UPDATE audit SET f_sequence = -2 WHERE f_sequence = 2;" +
            "UPDATE audit SET f_sequence = 2 WHERE f_sequence = 4;" +
            "UPDATE audit SET f_sequence = 4 WHERE f_sequence = -2;");

        await AssertBrokenAtAsync(2);
    }

    [Fact]
    public async Task A_deleted_last_record_is_detected_against_the_head()
    {
        await WriteChainAsync();

        await ExecuteAsync($"DELETE FROM audit WHERE f_sequence = {Records}");

        await AssertBrokenAtAsync(Records);
    }

    [Fact]
    public async Task A_keyed_chain_rewritten_from_the_edit_to_the_head_without_the_key_is_detected()
    {
        var path = _folder.File("keyed.db");
        var keyed = new SqliteDocumentStore("keyed", path, new AuditChain(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)));
        for (var i = 1; i <= 4; i++)
        {
            await keyed.CommitAsync(new WriteBatch(T0.AddMinutes(i)).Audit("clerk-1", "clerk", "petition.screened", "petition", $"pet_{i}", "reason " + i), Ct);
        }

        Assert.True((await AuditVerifier.VerifyAsync(keyed, Ct)).Valid);

        // The forger edits record 2 and recomputes every later hash and the head, as a plain SHA-256 chain would allow.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync(Ct);
            var records = new List<BsonDocument>();
            await using (var read = connection.CreateCommand())
            {
                read.CommandText = "SELECT doc FROM audit ORDER BY f_sequence";
                await using var reader = await read.ExecuteReaderAsync(Ct);
                while (await reader.ReadAsync(Ct))
                {
                    records.Add(BsonSerializer.Deserialize<BsonDocument>((byte[])reader[0]));
                }
            }

            records[1]["reason"] = "nothing to see here";
            var previous = records[0]["hash"].AsString;
            foreach (var doc in records.Skip(1))
            {
                doc["previousHash"] = previous;
                var record = BsonSerializer.Deserialize<AuditRecord>(doc);
                doc["hash"] = AuditChain.Unkeyed.ComputeHash(record);
                previous = doc["hash"].AsString;
                await using var write = connection.CreateCommand();
                write.CommandText = "UPDATE audit SET doc = $doc WHERE id = $id";
                write.Parameters.AddWithValue("$doc", doc.ToBson());
                write.Parameters.AddWithValue("$id", doc["_id"].AsString);
                await write.ExecuteNonQueryAsync(Ct);
            }

            await using var head = connection.CreateCommand();
            head.CommandText = "SELECT doc FROM audit_head";
            var headDoc = BsonSerializer.Deserialize<BsonDocument>((byte[])(await head.ExecuteScalarAsync(Ct))!);
            headDoc["hash"] = previous;
            await using var writeHead = connection.CreateCommand();
            writeHead.CommandText = "UPDATE audit_head SET doc = $doc";
            writeHead.Parameters.AddWithValue("$doc", headDoc.ToBson());
            await writeHead.ExecuteNonQueryAsync(Ct);
        }

        SqliteConnection.ClearAllPools();
        var result = await AuditVerifier.VerifyAsync(keyed, Ct);
        Assert.False(result.Valid);
        Assert.Equal(2, result.FirstInvalidSequence);
    }

    private async Task WriteChainAsync()
    {
        await _store.CommitAsync(new WriteBatch(T0)
            .Audit("alice", "clerk", "create", "petition", "p-1", "received by post")
            .Audit("alice", "clerk", "assign", "petition", "p-1", "to unit 3"), Ct);
        await _store.CommitAsync(new WriteBatch(T0.AddMinutes(5))
            .Audit("bob", "reviewer", "review", "petition", "p-1", "complete")
            .Audit("bob", "reviewer", "accept", "petition", "p-1", "within remit")
            .Audit("bob", "reviewer", "create", "clue", "c-1"), Ct);
        await _store.CommitAsync(new WriteBatch(T0.AddDays(1))
            .Audit("carol", "admin", "close", "petition", "p-1", "concluded"), Ct);
        var check = await AuditVerifier.VerifyAsync(_store, Ct);
        Assert.True(check.Valid, check.Problem);
        Assert.Equal(Records, check.RecordsChecked);
    }

    private async Task AssertBrokenAtAsync(long sequence)
    {
        var result = await AuditVerifier.VerifyAsync(_store, Ct);

        Assert.False(result.Valid);
        Assert.Equal(sequence, result.FirstInvalidSequence);
        Assert.NotEmpty(result.Problem);
    }

    private async Task RewriteAsync(long sequence, Action<BsonDocument> change)
    {
        await using var connection = await OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT id, doc FROM audit WHERE f_sequence = $sequence";
        select.Parameters.AddWithValue("$sequence", sequence);
        string id;
        BsonDocument doc;
        await using (var reader = await select.ExecuteReaderAsync(Ct))
        {
            Assert.True(await reader.ReadAsync(Ct), $"no audit row with sequence {sequence}");
            id = reader.GetString(0);
            doc = BsonSerializer.Deserialize<BsonDocument>((byte[])reader[1]);
        }

        Assert.True(doc.Contains("reason") && doc.Contains("sequence") && doc.Contains("hash"), doc.ToString());
        change(doc);
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE audit SET doc = $doc WHERE id = $id";
        update.Parameters.AddWithValue("$doc", doc.ToBson());
        update.Parameters.AddWithValue("$id", id);
        Assert.Equal(1, await update.ExecuteNonQueryAsync(Ct));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.True(await command.ExecuteNonQueryAsync(Ct) > 0, sql);
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }
}
