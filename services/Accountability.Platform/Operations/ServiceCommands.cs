namespace Accountability.Platform.Operations;

/// <summary>
/// The operator's commands every service executable understands besides starting the server:
/// <c>probe</c> (health check for containers) and <c>backup</c>/<c>restore</c> of the embedded
/// SQLite stores. Program.cs: <c>if (await ServiceCommands.TryRunAsync(args) is int exit) return exit;</c>
/// </summary>
public static class ServiceCommands
{
    /// <summary>Runs the command named by the first argument; null when the arguments name none (start the server).</summary>
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            return null;
        }

        return args[0] switch
        {
            HealthProbe.Command => await HealthProbe.RunAsync(args[1..]),
            SqliteBackup.BackupCommand => await SqliteBackup.RunBackupCommandAsync(args[1..]),
            SqliteBackup.RestoreCommand => SqliteBackup.RunRestoreCommand(args[1..]),
            _ => null,
        };
    }
}
