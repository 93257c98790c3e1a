using Microsoft.Data.Sqlite;

namespace Accountability.Platform.Tests.TestSupport;

/// <summary>A fresh folder per test for SQLite files; pooled connections are released before it is deleted.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = Directory.CreateTempSubdirectory("accountability-platform-tests-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(Path, recursive: true);
    }
}
