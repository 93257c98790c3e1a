namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the load tests keep the services' SQLite files: a memory file system (/dev/shm) when it has
/// room, else the temp folder. The services commit with synchronous=FULL, one fsync per batch; on a
/// slow virtual disk that fsync, not the code under test, sets the pace of thousands of petitions.
/// The faults these tests inject (broker stop and SIGKILL, service SIGKILL) keep the kernel's page
/// cache, so a committed batch survives them either way; only a power cut needs the fsync.
/// </summary>
internal static class ScratchSpace
{
    private const string MemoryFileSystem = "/dev/shm";

    public static string Root(long neededBytes = 1L << 30)
    {
        try
        {
            if (OperatingSystem.IsLinux() && Directory.Exists(MemoryFileSystem) && new DriveInfo(MemoryFileSystem).AvailableFreeSpace >= neededBytes)
            {
                return MemoryFileSystem;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }

        return Path.GetTempPath();
    }
}
