using System.Diagnostics;
using System.Globalization;

namespace Accountability.Benchmarks.Running;

/// <summary>How much of a file the kernel holds in its page cache, by util-linux' <c>fincore</c>.</summary>
public static class PageCache
{
    /// <summary>Resident MiB of the file, or null when fincore is missing or fails.</summary>
    public static double? ResidentMiB(string file)
    {
        try
        {
            var psi = new ProcessStartInfo("fincore") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "--bytes", "--noheadings", "--output", "RES", file })
            {
                psi.ArgumentList.Add(arg);
            }

            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 && long.TryParse(output.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
                ? Math.Round(bytes / 1024.0 / 1024.0, 0)
                : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
