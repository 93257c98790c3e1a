using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>The all-in-one host as the README runs it: <c>dotnet Accountability.Host.dll</c>, in-memory bus, dev keys.</summary>
public sealed class HostProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "acct-e2e-host-" + Guid.NewGuid().ToString("N"));

    [Fact(Timeout = 60_000)]
    public async Task Host_fails_fast_when_port_is_taken()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = Ports.FreeLoopbackPort();
        var blocker = new TcpListener(IPAddress.Loopback, port);
        blocker.Start();
        try
        {
            var watch = Stopwatch.StartNew();
            await using var host = StartHost(port);
            var exited = await host.WaitForExitAsync(TimeSpan.FromSeconds(30), ct);
            output.WriteLine(host.Diagnostics());
            Assert.True(exited, $"the host still runs 30 s after start although port {port} is taken");
            output.WriteLine($"exited with {host.ExitCode} after {watch.Elapsed.TotalSeconds:F1} s");
            Assert.NotEqual(0, host.ExitCode);
            Assert.Contains("Another process holds the port", host.Output, StringComparison.Ordinal);
            Assert.Contains(port.ToString(CultureInfo.InvariantCulture), host.Output, StringComparison.Ordinal);
        }
        finally
        {
            blocker.Stop();
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Host_starts_and_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        var port = Ports.FreeLoopbackPort();
        await using var host = StartHost(port);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var client = new Protos.Petitions.V1.Petitions.PetitionsClient(channel);

        var watch = Stopwatch.StartNew();
        Exception? last = null;
        ListPetitionsResponse? answer = null;
        for (int attempt = 0; attempt < 300 && answer is null && watch.Elapsed < TimeSpan.FromSeconds(60); attempt++)
        {
            Assert.False(host.HasExited, $"the host exited before answering\n{host.Diagnostics()}");
            var keysFile = Path.Combine(_dataDirectory, DevelopmentKeys.FileName);
            try
            {
                // The host writes its development keys on first start; tokens are signed with them.
                var keys = JsonSerializer.Deserialize<Dictionary<string, string?>>(await File.ReadAllTextAsync(keysFile, ct))!;
                var auth = new AuthOptions { SigningKey = keys["Auth:SigningKey"]! };
                var token = TokenIssuer.Mint(auth, "e2e-clerk", Roles.Clerk, TimeSpan.FromMinutes(10), organ: "org-city");
                answer = await client.ListPetitionsAsync(
                    new ListPetitionsRequest { PageSize = 1 },
                    new CallOptions(new Metadata { { "Authorization", "Bearer " + token } }, DateTime.UtcNow.AddSeconds(2)));
            }
            catch (Exception e) when (e is IOException or JsonException or RpcException { StatusCode: StatusCode.Unavailable or StatusCode.DeadlineExceeded })
            {
                last = e;
                await Task.Delay(200, ct);
            }
        }

        output.WriteLine($"answered after {watch.Elapsed.TotalSeconds:F1} s");
        Assert.True(answer is not null, $"the host did not answer ListPetitions within 60 s (last: {last?.Message})\n{host.Diagnostics()}");
        Assert.Empty(answer.Petitions);
        Assert.Contains($"listening on http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", host.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private ServiceProcess StartHost(int port)
    {
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        return ServiceProcess.Start(
            ServiceBinaries.DllPath(ServiceBinaries.Host),
            new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = url,
                ["Storage__DataDirectory"] = _dataDirectory,
            },
            "--Urls", url);
    }
}
