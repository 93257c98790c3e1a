using System.Globalization;
using System.Runtime.InteropServices;

namespace Accountability.Benchmarks.Reporting;

/// <summary>What the run ran on, and how busy the machine was (other work shares its cores).</summary>
public sealed record Machine(string Cpu, int Cores, double MemoryGiB, string Os, string Runtime, string LoadAverage)
{
    public static Machine Describe() => new(
        Read("/proc/cpuinfo").Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown",
        // Not Environment.ProcessorCount: the harness runs pinned to one core.
        Read("/proc/cpuinfo").Split('\n').Count(l => l.StartsWith("processor", StringComparison.Ordinal)),
        Math.Round(MemTotalKb() / 1024.0 / 1024.0, 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        LoadAverageNow());

    public static string LoadAverageNow() => string.Join(' ', Read("/proc/loadavg").Split(' ').Take(3));

    private static long MemTotalKb()
    {
        var line = Read("/proc/meminfo").Split('\n').FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["MemTotal:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
