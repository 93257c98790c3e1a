using Accountability.Platform.Security;
using Accountability.Reliability.Tests.Infrastructure;
using Accountability.Testing;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;
using Api = Accountability.Protos.Audit.V1;

namespace Accountability.Reliability.Tests.Audit;

/// <summary>
/// After a scenario run through all five services, every service's audit chain verifies (over
/// the VerifyAuditChain RPC, as an auditor); then, in each service's SQLite file, a record's field
/// edited, a record deleted and two records reordered are each detected at the right position,
/// and the chain verifies again once the file is put back.
/// </summary>
public sealed class AuditTamperTests : IAsyncLifetime
{
    private SuiteHost _suite = null!;

    public async ValueTask InitializeAsync()
    {
        _suite = await SuiteHost.StartAsync();
        for (var variant = 0; variant < 3; variant++)
        {
            await Scenario.RunAsync(_suite, variant);
        }

        await StoreSnapshot.SettledAsync(_suite, SuiteRpcs.StoreNames(_suite), TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_services_chain_verifies_after_the_scenario_run()
    {
        var stores = SuiteRpcs.StoreNames(_suite);
        Assert.Equal(5, stores.Count);
        foreach (var store in stores)
        {
            var result = await VerifyAsync(store);
            Assert.True(result.Valid, $"{store}: {result.Problem}");
            Assert.True(result.RecordsChecked >= 3, $"{store}: only {result.RecordsChecked} audit records after three scenario runs");
        }
    }

    [Fact]
    public async Task An_edited_field_of_a_record_is_detected_at_that_record_in_every_services_chain()
    {
        foreach (var store in SuiteRpcs.StoreNames(_suite))
        {
            await using var db = await OpenAsync(store);
            var original = await DocAsync(db, 2);
            var edited = original.DeepClone().AsBsonDocument;
            edited["actor"] = "mallory";
            await SetDocAsync(db, 2, edited);

            await AssertBrokenAtAsync(store, 2, "changed");

            await SetDocAsync(db, 2, original);
            await AssertValidAsync(store);
        }
    }

    [Fact]
    public async Task A_deleted_record_is_detected_where_it_is_missing_in_every_services_chain()
    {
        foreach (var store in SuiteRpcs.StoreNames(_suite))
        {
            await using var db = await OpenAsync(store);
            var row = await RowAsync(db, 2);
            await ExecuteAsync(db, "DELETE FROM audit WHERE f_sequence = 2");

            await AssertBrokenAtAsync(store, 2, "removed or reordered");

            await InsertRowAsync(db, row);
            await AssertValidAsync(store);
        }
    }

    [Fact]
    public async Task Two_reordered_records_are_detected_at_the_first_of_them_in_every_services_chain()
    {
        foreach (var store in SuiteRpcs.StoreNames(_suite))
        {
            await using var db = await OpenAsync(store);
            await SwapAsync(db, 2, 3);

            await AssertBrokenAtAsync(store, 2, "");

            await SwapAsync(db, 2, 3);
            await AssertValidAsync(store);
        }
    }

    private async Task<Api.AuditChainVerification> VerifyAsync(string store) =>
        await new Api.Audit.AuditClient(_suite.Channel).VerifyAuditChainAsync(new Api.VerifyAuditChainRequest { Chain = store }, Scenario.As(_suite, Roles.Auditor).WithCancellationToken(Ct));

    private async Task AssertBrokenAtAsync(string store, long sequence, string problem)
    {
        var result = await VerifyAsync(store);
        Assert.False(result.Valid, $"{store}: tampering was not detected");
        Assert.Equal(sequence, result.FirstInvalidSequence);
        Assert.Contains($"record {sequence}", result.Problem, StringComparison.Ordinal);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    private async Task AssertValidAsync(string store)
    {
        var result = await VerifyAsync(store);
        Assert.True(result.Valid, $"{store} after restoring: {result.Problem}");
    }

    private async Task<SqliteConnection> OpenAsync(string store)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = SuiteRpcs.DatabasePath(_suite, store), Pooling = false, DefaultTimeout = 30 }.ToString());
        await connection.OpenAsync(Ct);
        return connection;
    }

    private static async Task<BsonDocument> DocAsync(SqliteConnection db, long sequence)
    {
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT doc FROM audit WHERE f_sequence = $s";
        command.Parameters.AddWithValue("$s", sequence);
        return BsonSerializer.Deserialize<BsonDocument>((byte[])(await command.ExecuteScalarAsync(Ct))!);
    }

    private static async Task SetDocAsync(SqliteConnection db, long sequence, BsonDocument doc)
    {
        await using var command = db.CreateCommand();
        command.CommandText = "UPDATE audit SET doc = $doc WHERE f_sequence = $s";
        command.Parameters.AddWithValue("$doc", doc.ToBson());
        command.Parameters.AddWithValue("$s", sequence);
        Assert.Equal(1, await command.ExecuteNonQueryAsync(Ct));
    }

    /// <summary>Swaps the positions of two records: each takes the other's sequence, in its document and its index column.</summary>
    private static async Task SwapAsync(SqliteConnection db, long a, long b)
    {
        var docA = await DocAsync(db, a);
        var docB = await DocAsync(db, b);
        docA["sequence"] = b;
        docB["sequence"] = a;
        await ExecuteAsync(db, $"UPDATE audit SET f_sequence = -1 WHERE f_sequence = {a}");
        await ExecuteAsync(db, $"UPDATE audit SET f_sequence = {a} WHERE f_sequence = {b}");
        await ExecuteAsync(db, $"UPDATE audit SET f_sequence = {b} WHERE f_sequence = -1");
        await SetDocAsync(db, b, docA);
        await SetDocAsync(db, a, docB);
    }

    private static async Task<Dictionary<string, object>> RowAsync(SqliteConnection db, long sequence)
    {
        await using var command = db.CreateCommand();
        command.CommandText = "SELECT * FROM audit WHERE f_sequence = $s";
        command.Parameters.AddWithValue("$s", sequence);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        Assert.True(await reader.ReadAsync(Ct));
        return Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, reader.GetValue);
    }

    private static async Task InsertRowAsync(SqliteConnection db, Dictionary<string, object> row)
    {
        await using var command = db.CreateCommand();
        command.CommandText = $"INSERT INTO audit ({string.Join(", ", row.Keys)}) VALUES ({string.Join(", ", row.Keys.Select(k => "$" + k))})";
        foreach (var (key, value) in row)
        {
            command.Parameters.AddWithValue("$" + key, value);
        }

        await command.ExecuteNonQueryAsync(Ct);
    }

    private static async Task ExecuteAsync(SqliteConnection db, string sql)
    {
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }
}
