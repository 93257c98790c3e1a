using System.Diagnostics;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Sqlite;
using Accountability.Reliability.Tests.Infrastructure;
using Accountability.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Xunit;
using Common = Accountability.Protos.Common.V1;
using Pet = Accountability.Protos.Petitions.V1;

namespace Accountability.Reliability.Tests.Storage;

/// <summary>
/// Storage faults reach the caller as retryable codes and leave nothing half-written: a SQLite
/// file whose write lock another connection holds past the busy timeout gives UNAVAILABLE, a full
/// disk (the data directory on a small tmpfs) RESOURCE_EXHAUSTED; the same request succeeds once
/// the lock is released or space is freed, and is then stored exactly once.
/// </summary>
public sealed class StorageFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_while_another_connection_holds_the_lock_is_unavailable_stores_nothing_and_succeeds_on_retry()
    {
        await using var suite = await SuiteHost.StartAsync();
        await Scenario.RunAsync(suite);
        var stores = SuiteRpcs.StoreNames(suite);
        await StoreSnapshot.SettledAsync(suite, stores, TimeSpan.FromSeconds(20));
        var petitions = new Pet.Petitions.PetitionsClient(suite.Channel);
        var request = Submission("lock-1", "某镇副镇长在道路工程招标中收受回扣，另有公车私用。");
        var before = await StoreSnapshot.TakeAsync(suite, ["petitions"]);

        StatusCode code;
        await using (var holder = await LockAsync(SuiteRpcs.DatabasePath(suite, "petitions")))
        {
            // Held for longer than the store's busy timeout: the write gives up.
            code = await CodeOf(() => petitions.SubmitPetitionAsync(request, Scenario.As(suite, Roles.Intake)).ResponseAsync);

            // Reads go on (WAL): the lock blocks writers only.
            var listed = await petitions.ListPetitionsAsync(new Pet.ListPetitionsRequest(), Scenario.As(suite, Roles.Clerk));
            Assert.NotEmpty(listed.Petitions);
        }

        Assert.Equal(StatusCode.Unavailable, code);
        Assert.Empty(before.Differences(await StoreSnapshot.TakeAsync(suite, ["petitions"])));

        var retried = await petitions.SubmitPetitionAsync(request, Scenario.As(suite, Roles.Intake));
        var again = await petitions.SubmitPetitionAsync(request, Scenario.As(suite, Roles.Intake));
        Assert.Equal(retried.PetitionId, again.PetitionId);
        var after = await StoreSnapshot.TakeAsync(suite, ["petitions"]);
        Assert.Equal(before.Rows["petitions.petitions"] + 1, after.Rows["petitions.petitions"]);
        RunCounts.Record("StorageFaultTests.A_write_while_another_connection_holds_the_lock_is_unavailable_stores_nothing_and_succeeds_on_retry", new Dictionary<string, long> { ["faults_injected"] = 1, ["internal_errors"] = 0 });
    }

    [Fact]
    public async Task Creating_a_collection_while_the_file_is_locked_is_unavailable_and_works_once_released()
    {
        var folder = Path.Combine(Path.GetTempPath(), "acct-rel-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "locked.db");
            var store = new SqliteDocumentStore("locked", path);
            await using (var holder = await LockAsync(path))
            {
                // The first use of a collection creates its tables: busy there is UNAVAILABLE too, not a raw SQLite error.
                await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CountAsync(OutboxMessage.Collection, null, Ct));
            }

            Assert.Equal(0, await store.CountAsync(OutboxMessage.Collection, null, Ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_write_to_a_full_disk_is_resource_exhausted_stores_nothing_and_succeeds_once_space_is_freed()
    {
        var mount = Path.Combine(Path.GetTempPath(), "acct-rel-full-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mount);
        if (!OperatingSystem.IsLinux() || !await RunAsync("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount))
        {
            Directory.Delete(mount);
            Assert.Skip("Mounting a tmpfs is not permitted here (needs root, as in CI): the full-disk test did not run.");
        }

        try
        {
            var data = Path.Combine(mount, "data");
            await using (var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["Storage:DataDirectory"] = data }))
            {
                await Scenario.RunAsync(suite);
                await SettledAsync(data);
                var petitions = new Pet.Petitions.PetitionsClient(suite.Channel);
                var filler = Path.Combine(mount, "filler");
                Fill(filler);

                // Submit until the disk refuses one (the WAL may still have room for a few).
                var accepted = new List<string>();
                Pet.SubmitPetitionRequest? refused = null;
                var code = StatusCode.OK;
                Dictionary<string, long>? beforeRefused = null;
                for (var i = 0; i < 200 && refused is null; i++)
                {
                    var request = Submission("full-" + i, Facts(i));
                    // The events of the submits before this one reach the other stores in their own time
                    // (the relay, then the consumers): the counts are compared once those have landed.
                    await SettledAsync(data);
                    var before = await CountsAsync(data);
                    code = await CodeOf(() => petitions.SubmitPetitionAsync(request, Scenario.As(suite, Roles.Intake)).ResponseAsync);
                    if (code == StatusCode.OK)
                    {
                        accepted.Add(request.IdempotencyKey);
                    }
                    else
                    {
                        refused = request;
                        beforeRefused = before;
                    }
                }

                Assert.NotNull(refused);
                Assert.Equal(StatusCode.ResourceExhausted, code);
                Assert.Equal(beforeRefused, await CountsAsync(data));

                File.Delete(filler);
                var retried = await petitions.SubmitPetitionAsync(refused, Scenario.As(suite, Roles.Intake));
                Assert.False(string.IsNullOrEmpty(retried.PetitionId));
                var after = await CountsAsync(data);
                Assert.Equal(beforeRefused!["petitions"] + 1, after["petitions"]);

                var audit = new Protos.Audit.V1.Audit.AuditClient(suite.Channel);
                foreach (var store in SuiteRpcs.StoreNames(suite))
                {
                    var chain = await audit.VerifyAuditChainAsync(new Protos.Audit.V1.VerifyAuditChainRequest { Chain = store }, Scenario.As(suite, Roles.Auditor));
                    Assert.True(chain.Valid, $"{store}: {chain.Problem}");
                }

                RunCounts.Record("StorageFaultTests.A_write_to_a_full_disk_is_resource_exhausted_stores_nothing_and_succeeds_once_space_is_freed", new Dictionary<string, long>
                {
                    ["faults_injected"] = 1,
                    ["petitions_sent"] = accepted.Count + 2,
                    ["internal_errors"] = 0,
                });
            }

            SqliteConnection.ClearAllPools();
        }
        finally
        {
            await RunAsync("umount", "-l", mount);
            Directory.Delete(mount, recursive: true);
        }
    }

    private static Pet.SubmitPetitionRequest Submission(string key, string facts) => new()
    {
        IdempotencyKey = key + "-" + Guid.NewGuid().ToString("N")[..6],
        Channel = Pet.Channel.Online,
        Kind = Pet.PetitionKind.Accusation,
        Facts = facts,
        Accused = { new Pet.AccusedPerson { Name = "钱七", Unit = "清水县住房和城乡建设局", Post = "股长", Level = Common.Level.Township } },
        Disciplines = { Common.Discipline.Integrity },
    };

    /// <summary>Long, distinct facts (so no two are repeats and each write is large).</summary>
    private static string Facts(int i) =>
        $"第{i}号：" + string.Concat(Enumerable.Range(0, 600).Select(n => (char)(0x4e00 + ((i * 7919 + n * 104_729) % 20_000))));

    /// <summary>Fills the file system until it refuses another byte.</summary>
    private static void Fill(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        foreach (var size in new[] { 1 << 20, 64 << 10, 4 << 10, 512, 1 })
        {
            var chunk = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(chunk);
                    file.Flush();
                }
            }
            catch (IOException)
            {
                // No space for a chunk this size: try smaller ones.
            }
        }
    }

    /// <summary>Row counts of the main table of every store's file (read-only).</summary>
    private static async Task<Dictionary<string, long>> CountsAsync(string data)
    {
        var counts = new Dictionary<string, long>();
        foreach (var file in Directory.GetFiles(data, "*.db").Order(StringComparer.Ordinal))
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            await connection.OpenAsync(Ct);
            await using var list = connection.CreateCommand();
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            var tables = new List<string>();
            await using (var reader = await list.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                var key = Path.GetFileNameWithoutExtension(file) == table ? table : Path.GetFileNameWithoutExtension(file) + "." + table;
                counts[key] = (long)(await count.ExecuteScalarAsync(Ct))!;
            }
        }

        return counts;
    }

    /// <summary>Waits (bounded) until the scenario's events have been handled: two successive counts equal.</summary>
    private static async Task SettledAsync(string data)
    {
        var last = await CountsAsync(data);
        for (var i = 0; i < 200; i++)
        {
            await Task.Delay(50, Ct);
            var next = await CountsAsync(data);
            if (next.Count == last.Count && next.All(p => last.GetValueOrDefault(p.Key) == p.Value))
            {
                return;
            }

            last = next;
        }
    }

    /// <summary>Opens a connection that takes the file's write lock (BEGIN IMMEDIATE) and holds it until disposed.</summary>
    private static async Task<SqliteConnection> LockAsync(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await connection.OpenAsync(Ct);
        await using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            await wal.ExecuteNonQueryAsync(Ct);
        }

        await using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE;";
        await begin.ExecuteNonQueryAsync(Ct);
        return connection;
    }

    private static async Task<StatusCode> CodeOf<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static async Task<bool> RunAsync(string program, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync(Ct);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
