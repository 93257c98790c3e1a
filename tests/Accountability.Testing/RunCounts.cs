using System.Text.Json;

namespace Accountability.Testing;

/// <summary>
/// The counts a reliability or end-to-end test reports for CI to print (petitions sent, clues,
/// dossier entries, faults injected, inputs tried, crashes, INTERNAL errors). Each call appends one
/// JSON line to <c>$ACCOUNTABILITY_COUNTS_FILE</c>, or to <c>TestResults/counts.jsonl</c> at the
/// repository root; <c>.ci/run</c> prints the file after the tests.
/// </summary>
public static class RunCounts
{
    public const string FileVariable = "ACCOUNTABILITY_COUNTS_FILE";
    private static readonly Lock Gate = new();

    public static string FilePath =>
        Environment.GetEnvironmentVariable(FileVariable) is { Length: > 0 } path
            ? path
            : Path.Combine(RepositoryRoot(), "TestResults", "counts.jsonl");

    /// <summary>Appends one line: <c>{"test": ..., "at": ..., "counts": {...}}</c>.</summary>
    public static void Record(string test, IReadOnlyDictionary<string, long> counts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(test);
        var line = JsonSerializer.Serialize(new { test, at = DateTimeOffset.UtcNow, counts });
        var path = FilePath;
        lock (Gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.AppendAllText(path, line + Environment.NewLine);
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Accountability.sln")))
            {
                return directory.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
