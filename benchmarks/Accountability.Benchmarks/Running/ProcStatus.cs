using System.Globalization;

namespace Accountability.Benchmarks.Running;

/// <summary>Reads /proc/&lt;pid&gt;/status.</summary>
public static class ProcStatus
{
    /// <summary>VmHWM (the peak resident set size) in MiB.</summary>
    public static double? PeakRssMiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    return Math.Round(kb / 1024.0, 1);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return null;
    }
}
