using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A service run as its own OS process (<c>dotnet Service.dll</c>) from its own output folder,
/// configured through environment variables and the command line; its output is kept for diagnostics.
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    private const int MaxLines = 2000;

    /// <summary>Inherited settings that would leak into the service's configuration.</summary>
    private static readonly string[] ScrubbedPrefixes =
        ["Storage__", "Messaging__", "Auth__", "Protection__", "Petitions__", "Logging__", "ASPNETCORE_", "DOTNET_ENVIRONMENT", "Urls", "URLS"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _transcriptGate = new();
    private StreamWriter? _transcript;

    private ServiceProcess(Process process, string description)
    {
        _process = process;
        Description = description;
    }

    public string Description { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Everything the process wrote so far, stdout and stderr interleaved, prefixed.</summary>
    public string Output
    {
        get
        {
            var text = new StringBuilder();
            foreach (var line in _lines)
            {
                text.AppendLine(line);
            }

            return text.ToString();
        }
    }

    public static ServiceProcess Start(string dllPath, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Launch(dllPath, environment, null, args);

    /// <summary>
    /// Like <see cref="Start"/>, and every line (not only the last ones kept in memory) is also
    /// appended to the transcript file, e.g. for a test that searches a whole run's output.
    /// </summary>
    public static ServiceProcess StartWithTranscript(string dllPath, IReadOnlyDictionary<string, string> environment, string transcriptPath, params string[] args) =>
        Launch(dllPath, environment, transcriptPath, args);

    private static ServiceProcess Launch(string dllPath, IReadOnlyDictionary<string, string> environment, string? transcriptPath, string[] args)
    {
        var psi = new ProcessStartInfo(ServiceBinaries.DotnetHost())
        {
            // Content root = working directory: the service reads its own appsettings.json and seeds.
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(dllPath);
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

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
        psi.Environment["Logging__Console__FormatterName"] = "simple";
        psi.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";

        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var service = new ServiceProcess(process, $"{Path.GetFileName(dllPath)} {string.Join(' ', args)}");
        if (transcriptPath is not null)
        {
            service._transcript = new StreamWriter(transcriptPath, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        }

        process.OutputDataReceived += (_, e) => service.Append("out", e.Data);
        process.ErrorDataReceived += (_, e) => service.Append("err", e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {psi.FileName} {dllPath}.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    /// <summary>Waits until the process exits (and its output is drained); false on timeout.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout, CancellationToken ct)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public string Diagnostics(int lastLines = 80)
    {
        var state = HasExited ? $"exited with {ExitCode}" : "running";
        var tail = _lines.ToArray().TakeLast(lastLines);
        return $"--- {Description} (pid {Id}, {state}) output ---\n{string.Join('\n', tail)}\n--- end ---";
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await WaitForExitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
            lock (_transcriptGate)
            {
                _transcript?.Dispose();
                _transcript = null;
            }
        }
    }

    private void Append(string stream, string? line)
    {
        if (line is null)
        {
            return;
        }

        var stamped = $"[{_clock.Elapsed.TotalSeconds,7:F2} {stream}] {line}";
        _lines.Enqueue(stamped);
        if (_transcript is not null)
        {
            lock (_transcriptGate)
            {
                _transcript?.WriteLine(stamped);
            }
        }

        while (_lines.Count > MaxLines && _lines.TryDequeue(out _))
        {
        }
    }
}
