using System.Diagnostics;
using System.Globalization;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The gateway as its own process in front of running services: gRPC (h2c) on <see cref="GrpcPort"/>,
/// JSON over HTTP/1.1 on <see cref="JsonPort"/>.
/// </summary>
internal sealed class GatewayUnderTest : IAsyncDisposable
{
    private GatewayUnderTest(ServiceProcess process, int grpcPort, int jsonPort)
    {
        Process = process;
        GrpcPort = grpcPort;
        JsonPort = jsonPort;
        Channel = GrpcChannel.ForAddress(Address(grpcPort));
        Json = new HttpClient { BaseAddress = new Uri(Address(jsonPort)), DefaultRequestVersion = System.Net.HttpVersion.Version11 };
    }

    public ServiceProcess Process { get; }

    public int GrpcPort { get; }

    public int JsonPort { get; }

    /// <summary>A gRPC channel to the gateway: every service's API through one address.</summary>
    public GrpcChannel Channel { get; }

    /// <summary>An HTTP/1.1 client of the gateway's JSON port.</summary>
    public HttpClient Json { get; }

    /// <summary>Starts the gateway with the given service addresses (Gateway:Services:&lt;Name&gt;, as compose sets them).</summary>
    public static async Task<GatewayUnderTest> StartAsync(IReadOnlyDictionary<string, ServiceUnderTest> services, CancellationToken ct)
    {
        var environment = new Dictionary<string, string>();
        foreach (var name in new[] { "Petitions", "Clues", "Talks", "Tolerance", "CaseFiles" })
        {
            environment["Gateway__Services__" + name] = services.TryGetValue(name, out var service) ? Address(service.Port) : "";
        }

        var grpcPort = Ports.FreeLoopbackPort();
        var jsonPort = Ports.FreeLoopbackPort();
        var process = ServiceProcess.Start(ServiceBinaries.DllPath(ServiceBinaries.Gateway), environment, "--Urls", Address(grpcPort), "--Gateway:JsonUrl", Address(jsonPort));
        var gateway = new GatewayUnderTest(process, grpcPort, jsonPort);
        try
        {
            await gateway.WaitUntilReadyAsync(ct);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    public static string Address(int port) => $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";

    public string Diagnostics() => Process.Diagnostics();

    public async ValueTask DisposeAsync()
    {
        Json.Dispose();
        Channel.Dispose();
        await Process.DisposeAsync();
    }

    /// <summary>The gateway's own gRPC health (no service named), bounded like the services' start.</summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var health = new Grpc.Health.V1.Health.HealthClient(Channel);
        for (var attempt = 0; attempt < 600 && watch.Elapsed < ServiceUnderTest.ReadyTimeout; attempt++)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited before answering.\n{Diagnostics()}");
            }

            try
            {
                var reply = await health.CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: ct);
                if (reply.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
            {
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"The gateway did not answer its health check within {watch.Elapsed.TotalSeconds:F1} s.\n{Diagnostics()}");
    }
}
