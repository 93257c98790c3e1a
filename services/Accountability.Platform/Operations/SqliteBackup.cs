using Accountability.Platform.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Accountability.Platform.Operations;

/// <summary>
/// Backup and restore of the embedded stores (one SQLite file per service in the data folder).
/// A backup runs while the service writes: SQLite's online backup API copies each database as of
/// one read transaction, so every file is a committed state (a batch is in it whole or not at all).
/// The development keys file travels with it: without the keys, protected fields and the audit
/// chain cannot be read. Restore copies into an empty data folder, with the service stopped.
/// </summary>
public static class SqliteBackup
{
    public const string BackupCommand = "backup";
    public const string RestoreCommand = "restore";
    public const string DatabasePattern = "*.db";

    /// <summary>Copies every database of <paramref name="dataDirectory"/> into <paramref name="target"/> (created; must hold no database yet).</summary>
    public static async Task<IReadOnlyList<string>> BackupAsync(string dataDirectory, string target, CancellationToken ct = default)
    {
        if (!Directory.Exists(dataDirectory))
        {
            throw new DirectoryNotFoundException($"The data folder '{dataDirectory}' does not exist.");
        }

        Directory.CreateDirectory(target);
        if (Directory.EnumerateFiles(target, DatabasePattern).Any())
        {
            throw new IOException($"The backup folder '{target}' already holds databases; choose a new folder.");
        }

        var copied = new List<string>();
        foreach (var source in Directory.EnumerateFiles(dataDirectory, DatabasePattern).Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var destination = Path.Combine(target, Path.GetFileName(source));
            await using (var from = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = source, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 30 }.ToString()))
            await using (var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = destination, Pooling = false }.ToString()))
            {
                await from.OpenAsync(ct);
                await to.OpenAsync(ct);
                from.BackupDatabase(to);
                await using var check = to.CreateCommand();
                check.CommandText = "PRAGMA integrity_check;";
                var result = (string?)await check.ExecuteScalarAsync(ct);
                if (result != "ok")
                {
                    throw new InvalidDataException($"The backup of {source} failed its integrity check: {result}");
                }
            }

            copied.Add(destination);
        }

        var keys = Path.Combine(dataDirectory, DevelopmentKeys.FileName);
        if (File.Exists(keys))
        {
            var destination = Path.Combine(target, DevelopmentKeys.FileName);
            File.Copy(keys, destination);
            copied.Add(destination);
        }

        return copied;
    }

    /// <summary>Copies a backup into <paramref name="dataDirectory"/>, which must hold no database (stop the service, move the old folder aside).</summary>
    public static IReadOnlyList<string> Restore(string backup, string dataDirectory)
    {
        var databases = Directory.Exists(backup) ? Directory.EnumerateFiles(backup, DatabasePattern).ToList() : [];
        if (databases.Count == 0)
        {
            throw new DirectoryNotFoundException($"'{backup}' holds no backup (no {DatabasePattern} files).");
        }

        Directory.CreateDirectory(dataDirectory);
        if (Directory.EnumerateFiles(dataDirectory, DatabasePattern).Any())
        {
            throw new IOException($"The data folder '{dataDirectory}' already holds databases; stop the service and move it aside first.");
        }

        var restored = new List<string>();
        foreach (var file in databases.Append(Path.Combine(backup, DevelopmentKeys.FileName)).Where(File.Exists))
        {
            var destination = Path.Combine(dataDirectory, Path.GetFileName(file));
            File.Copy(file, destination);
            restored.Add(destination);
        }

        return restored;
    }

    internal static async Task<int> RunBackupCommandAsync(string[] args)
    {
        var (data, other) = Folders(args, "to");
        if (other is null)
        {
            await Console.Error.WriteLineAsync("usage: backup --to <new folder> [--data <data folder>]   (default data folder: Storage:DataDirectory)");
            return 64;
        }

        try
        {
            foreach (var file in await BackupAsync(data, other))
            {
                Console.WriteLine($"backed up {file}");
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or SqliteException or InvalidDataException)
        {
            await Console.Error.WriteLineAsync($"backup failed: {e.Message}");
            return 1;
        }
    }

    internal static int RunRestoreCommand(string[] args)
    {
        var (data, other) = Folders(args, "from");
        if (other is null)
        {
            Console.Error.WriteLine("usage: restore --from <backup folder> [--data <empty data folder>]   (default data folder: Storage:DataDirectory)");
            return 64;
        }

        try
        {
            foreach (var file in Restore(other, data))
            {
                Console.WriteLine($"restored {file}");
            }

            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"restore failed: {e.Message}");
            return 1;
        }
    }

    /// <summary>The data folder (--data, else the service's Storage:DataDirectory) and the other folder option.</summary>
    private static (string Data, string? Other) Folders(string[] args, string option)
    {
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var data = configuration["data"] ?? configuration["Storage:DataDirectory"] ?? "data";
        return (data, configuration[option]);
    }
}
