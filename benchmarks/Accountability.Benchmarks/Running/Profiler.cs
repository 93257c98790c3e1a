using System.Diagnostics;
using System.Globalization;

namespace Accountability.Benchmarks.Running;

/// <summary>
/// Optional profiling of a server during a measured run (<c>--profile DIR</c>): dotnet-trace (CPU
/// sampling) and dotnet-counters (runtime counters) attached to its pid, then dotnet-trace's topN
/// report as text; or dotnet-counters alone (<c>trace: false</c>), for runs whose latency tails the
/// sampling would disturb. The counters include the server's own timings: ASP.NET Core's request
/// durations and the store's commit waits and group phases (meter "Accountability"), each as
/// percentiles per second. The tools are dotnet global tools (<c>dotnet tool install -g dotnet-trace
/// dotnet-counters</c>); when they are missing, nothing is profiled and the run goes on.
/// </summary>
public sealed class Profiler(string directory, Action<string> log)
{
    public async Task<T> ProfileAsync<T>(string name, int pid, TimeSpan duration, Func<Task<T>> measured, bool trace = true)
    {
        Directory.CreateDirectory(directory);
        var traceFile = Path.Combine(directory, name + ".nettrace");
        var counters = Path.Combine(directory, name + "-counters.csv");
        var span = TimeSpan.FromSeconds(Math.Max(1, duration.TotalSeconds - 1)).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        using var tracer = trace
            ? Start("dotnet-trace", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--profile", "dotnet-sampled-thread-time", "--duration", span, "-o", traceFile)
            : null;
        using var counter = Start("dotnet-counters", "collect", "-p", pid.ToString(CultureInfo.InvariantCulture), "--counters", "System.Runtime,Microsoft.AspNetCore.Hosting,Accountability", "--duration", span, "--format", "csv", "-o", counters);
        var result = await measured();
        foreach (var process in new[] { tracer, counter }.OfType<Process>())
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }

        if (trace && File.Exists(traceFile))
        {
            using var report = Start("dotnet-trace", "report", traceFile, "topN", "-n", "40", "--inclusive");
            if (report is not null)
            {
                var text = await report.StandardOutput.ReadToEndAsync();
                await report.WaitForExitAsync();
                await File.WriteAllTextAsync(Path.Combine(directory, name + "-topN.txt"), text);
                log($"profile of {name}: {traceFile}, {counters}, {name}-topN.txt");
            }
        }
        else if (File.Exists(counters))
        {
            log($"counters of {name}: {counters}");
        }

        return result;
    }

    private static Process? Start(string tool, params string[] args)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var path = new[] { Path.Combine(home, ".dotnet", "tools", tool), tool }.FirstOrDefault(File.Exists) ?? tool;
        var psi = new ProcessStartInfo(path) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        try
        {
            var process = Process.Start(psi);
            if (process is not null && tool == "dotnet-counters")
            {
                // Drain its console so it never blocks on a full pipe.
                _ = process.StandardOutput.ReadToEndAsync();
            }

            _ = process?.StandardError.ReadToEndAsync();
            return process;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
