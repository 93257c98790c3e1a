namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Crash and restart: the service is SIGKILLed (no shutdown hook runs, as after an OOM kill or a
/// power cut of the container) and started again on the same data folder, keys and port, so its
/// clients' channels reconnect to it.
/// </summary>
internal sealed partial class ServiceUnderTest
{
    private bool _killed;
    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();
    private string _url = string.Empty;

    /// <summary>How many times the process was killed.</summary>
    public int Kills { get; private set; }

    /// <summary>Every line every process of this service wrote so far (all restarts), stdout and stderr.</summary>
    public string Transcript()
    {
        var path = TranscriptOf(DataDirectory);
        return File.Exists(path) ? ReadShared(path) : Process.Output;
    }

    /// <summary>SIGKILLs the process (and its children) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (_killed)
        {
            return;
        }

        // ServiceProcess.DisposeAsync sends SIGKILL (Process.Kill) and waits for the exit.
        _killed = true;
        await Process.DisposeAsync();
        Kills++;
    }

    /// <summary>Starts the service again on the same data folder, keys, broker and port, and waits until it serves.</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        await KillAsync();
        Process = ServiceProcess.StartWithTranscript(ServiceBinaries.DllPath(Service), _environment, TranscriptOf(DataDirectory), "--Urls", _url);
        _killed = false;
        await WaitUntilReadyAsync(ct);
    }

    private static string TranscriptOf(string dataDirectory) => dataDirectory + ".out";

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
