using Accountability.Platform.Audit;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using Accountability.Platform.Tests.TestSupport;
using Xunit;

namespace Accountability.Platform.Tests.Storage;

/// <summary>The contract on the embedded adapter (a new file per test), plus what only SQLite has to do.</summary>
public sealed class SqliteDocumentStoreTests : DocumentStoreContract, IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    protected override Task<IDocumentStore> CreateStoreAsync() =>
        Task.FromResult<IDocumentStore>(new SqliteDocumentStore("contract", _folder.File("contract.db")));

    [Fact]
    public async Task An_index_added_after_documents_exist_is_back_filled()
    {
        var path = _folder.File("evolving.db");
        var before = new CollectionDefinition<Gadget>("gadgets", IndexDefinition.UniqueOn("ux_number", "number"));
        var old = new SqliteDocumentStore("evolving", path);
        await old.CommitAsync(new WriteBatch(T0)
            .Insert(before, Gadget.Make("g1", 1, "open", T0, "red"))
            .Insert(before, Gadget.Make("g2", 2, "closed", T0.AddMinutes(1), "blue"))
            .Insert(before, Gadget.Make("g3", 3, "open", T0.AddMinutes(2), "red", "blue")), Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => old.CountAsync(before, Filter.Eq("status", "open"), Ct));

        // The next version of the service declares more indexes on the same collection.
        var reopened = new SqliteDocumentStore("evolving", path);

        Assert.Equal(2, await reopened.CountAsync(Gadget.Collection, Filter.Eq("status", "open"), Ct));
        Assert.Equal(["g1", "g3"], await IdsAsync(reopened, Filter.Eq("tags", "red")));
        Assert.Equal(["g2", "g3"], await IdsAsync(reopened, Filter.Gte("at", T0.AddMinutes(1))));
        var byAt = await reopened.QueryAsync(Gadget.Collection, new Query(null, "at", true, 10), Ct);
        Assert.Equal(["g3", "g2", "g1"], byAt.Items.Select(g => g.Id));
        // Documents written after the change are indexed as usual, next to the back-filled ones.
        await reopened.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g4", 4, "open", T0.AddMinutes(3), "red")), Ct);
        Assert.Equal(["g1", "g3", "g4"], await IdsAsync(reopened, Filter.And(Filter.Eq("status", "open"), Filter.Eq("tags", "red"))));
    }

    [Fact]
    public async Task A_committed_batch_is_read_back_by_a_new_store_on_the_same_file()
    {
        var path = _folder.File("durable.db");
        var writer = new SqliteDocumentStore("durable", path);
        await writer.CommitAsync(new WriteBatch(T0)
            .Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0, "red"))
            .Audit("alice", "clerk", "create", "gadget", "g1"), Ct);

        var reader = new SqliteDocumentStore("durable", path);

        var stored = await reader.GetAsync(Gadget.Collection, "g1", Ct);
        Assert.Equal(("open", 1L), (stored!.Status, stored.Version));
        Assert.True((await AuditVerifier.VerifyAsync(reader, Ct)).Valid);
    }

    [Fact]
    public async Task Commits_are_checkpointed_into_the_database_file_beside_the_writer()
    {
        // Our connections turn SQLite's in-commit auto-checkpoint off; without the store's own
        // checkpointer every page would stay in the WAL and the database file would not grow.
        var path = _folder.File("checkpointed.db");
        var store = new SqliteDocumentStore("checkpointed", path);
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g0", 0, "open", T0)), Ct);
        var empty = new FileInfo(path).Length;
        for (var i = 1; i <= 100; i++)
        {
            var gadget = Gadget.Make("g" + i, i, "open", T0.AddMinutes(i), "red");
            gadget.Note = new string('备', 2_000);
            await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, gadget), Ct);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (new FileInfo(path).Length < empty + 400_000 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(new FileInfo(path).Length >= empty + 400_000, $"database file {new FileInfo(path).Length} bytes, {empty} after the first commit");
        Assert.Equal(101, await store.CountAsync(Gadget.Collection, null, Ct));
    }

    [Fact]
    public async Task A_disposed_store_refuses_commits_and_lets_go_of_its_file()
    {
        var path = _folder.File("closing.db");
        var store = new SqliteDocumentStore("closing", path);
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);

        await store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g2", 2, "open", T0)), Ct));
        // Leaving WAL needs every other connection closed, the writer's own among them.
        await using var exclusive = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=2");
        await exclusive.OpenAsync(Ct);
        await using var command = exclusive.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE;";
        Assert.Equal("delete", (string?)await command.ExecuteScalarAsync(Ct));
        command.CommandText = "SELECT COUNT(*) FROM gadgets";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync(Ct))!);
    }

    private static async Task<string[]> IdsAsync(IDocumentStore store, Filter filter) =>
        (await store.QueryAsync(Gadget.Collection, new Query(filter, "_id", false, 100), Ct)).Items.Select(g => g.Id).ToArray();
}
