using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Accountability.Benchmarks.Running;

/// <summary>
/// A server as its own OS process, optionally pinned to CPU cores with taskset, on 127.0.0.1 only.
/// Its output is kept (the last lines) for diagnostics; its peak resident memory is read from /proc.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly string[] ScrubbedPrefixes =
        ["Storage__", "Messaging__", "Auth__", "Protection__", "Petitions__", "CaseFiles__", "Logging__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "Urls", "URLS"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ServerProcess(Process process, string name, int port)
    {
        _process = process;
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The server's pid (taskset execs the program in its own process, so this is the server itself).</summary>
    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ServerProcess Start(string name, string dll, string? cpus, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var port = FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var psi = new ProcessStartInfo(cpus is null ? ServiceBinaries.DotnetHost() : "taskset")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (cpus is not null)
        {
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(cpus);
            psi.ArgumentList.Add(ServiceBinaries.DotnetHost());
        }

        psi.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        // appsettings.json sets Urls, which outranks ASPNETCORE_URLS; the command line outranks both.
        psi.ArgumentList.Add("--Urls");
        psi.ArgumentList.Add(url);
        foreach (var key in psi.Environment.Keys.ToList())
        {
            if (ScrubbedPrefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                psi.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            psi.Environment[key] = value;
        }

        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = new Process { StartInfo = psi };
        var server = new ServerProcess(process, name, port);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {name}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Calls <paramref name="probe"/> until it succeeds (bounded); throws with the server's output otherwise.</summary>
    public async Task WaitUntilReadyAsync(Func<Task> probe, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        Exception? last = null;
        while (watch.Elapsed < timeout)
        {
            if (HasExited)
            {
                throw new InvalidOperationException($"{Name} exited before answering.\n{Diagnostics()}");
            }

            try
            {
                await probe();
                return;
            }
            catch (Exception e) when (e is Grpc.Core.RpcException or HttpRequestException)
            {
                last = e;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"{Name} did not answer within {timeout.TotalSeconds:F0} s ({last?.Message}).\n{Diagnostics()}");
    }

    /// <summary>Peak resident set size (VmHWM) in MiB, or null when /proc is not readable.</summary>
    public double? PeakRssMiB() => ProcStatus.PeakRssMiB(Pid);

    public string Diagnostics(int lastLines = 40) => $"--- {Name} (pid {Pid}) ---\n{string.Join('\n', _lines.ToArray().TakeLast(lastLines))}";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        while (_lines.Count > 400 && _lines.TryDequeue(out _))
        {
        }
    }
}
