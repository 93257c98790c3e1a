namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>A service killed as a crash would kill it, and started again on the same data folder, keys and port.</summary>
internal sealed partial class ServiceUnderTest
{
    private (IReadOnlyDictionary<string, string> Environment, string Url) _launch;
    private bool _killed;

    /// <summary>SIGKILL: no shutdown, no flush, no broker goodbye; whatever was in flight stays where it was.</summary>
    public async Task KillAsync()
    {
        await Process.DisposeAsync();
        _killed = true;
    }

    /// <summary>Starts the service again with the settings of its first start (same SQLite files, keys and port).</summary>
    public async Task RestartAsync(CancellationToken ct)
    {
        if (!_killed)
        {
            throw new InvalidOperationException($"{Service} is still running; kill it first.");
        }

        Process = ServiceProcess.Start(ServiceBinaries.DllPath(Service), _launch.Environment, "--Urls", _launch.Url);
        _killed = false;
        await WaitUntilReadyAsync(ct);
    }
}
