using Accountability.Platform.Operations;
using Accountability.Platform.Security;
using Accountability.Testing;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Accountability.Operations.Tests;

/// <summary>
/// The operator's commands as Program.cs runs them: arguments that name no command start the
/// server; backup and restore refuse to overwrite, say how to use them, and copy every store.
/// </summary>
public sealed class ServiceCommandsTests
{
    [Fact(Timeout = 120_000)]
    public async Task Backup_and_restore_commands_copy_every_store_and_never_overwrite()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Null(await ServiceCommands.TryRunAsync([]));
        Assert.Null(await ServiceCommands.TryRunAsync(["--Urls", "http://127.0.0.1:5090"]));
        Assert.Equal(64, await ServiceCommands.TryRunAsync(["backup"]));
        Assert.Equal(64, await ServiceCommands.TryRunAsync(["restore"]));

        var backup = Path.Combine(Path.GetTempPath(), "acct-cmd-backup-" + Guid.NewGuid().ToString("N"));
        var restored = Path.Combine(Path.GetTempPath(), "acct-cmd-restored-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var suite = await SuiteHost.StartAsync();
            var petitions = new Protos.Petitions.V1.Petitions.PetitionsClient(suite.Channel);
            await petitions.SubmitPetitionAsync(Ops.Petition(1), suite.As(Roles.Intake).WithCancellationToken(ct));

            Assert.Equal(0, await ServiceCommands.TryRunAsync(["backup", "--data", suite.DataDirectory, "--to", backup]));
            Assert.Equal(
                new[] { "casefiles.db", "clues.db", "petitions.db", "talks.db", "tolerance.db" },
                Directory.EnumerateFiles(backup, "*.db").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
            Assert.Equal(1, await ServiceCommands.TryRunAsync(["backup", "--data", suite.DataDirectory, "--to", backup])); // not over an earlier backup
            Assert.Equal(1, await ServiceCommands.TryRunAsync(["restore", "--from", backup, "--data", suite.DataDirectory])); // not over live stores

            Assert.Equal(0, await ServiceCommands.TryRunAsync(["restore", "--from", backup, "--data", restored]));
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(restored, "petitions.db")};Pooling=False");
            await connection.OpenAsync(ct);
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM petitions";
            Assert.Equal(1L, (long)(await count.ExecuteScalarAsync(ct))!);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var folder in new[] { backup, restored })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }
    }
}
