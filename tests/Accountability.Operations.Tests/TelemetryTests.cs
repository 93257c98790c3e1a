using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using Xunit;

namespace Accountability.Operations.Tests;

/// <summary>
/// Telemetry is off unless an OTLP endpoint is configured; with one, a real request's trace and the
/// platform's own metrics reach the collector (here: a listener on loopback that keeps what it is sent).
/// </summary>
public sealed class TelemetryTests
{
    [Fact(Timeout = 60_000)]
    public async Task Without_an_endpoint_nothing_is_collected()
    {
        TestContext.Current.CancellationToken.ThrowIfCancellationRequested();
        await using var suite = await SuiteHost.StartAsync();
        Assert.Null(suite.Services.GetService<TracerProvider>());
    }

    [Fact(Timeout = 120_000)]
    public async Task With_an_otlp_endpoint_traces_and_metrics_reach_the_collector()
    {
        var ct = TestContext.Current.CancellationToken;
        using var collector = new OtlpCollector();
        await using (var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Telemetry:OtlpEndpoint"] = collector.Address,
            ["Telemetry:OtlpProtocol"] = "http/protobuf",
            ["Telemetry:ServiceName"] = "accountability-otlp-test",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        }))
        {
            Assert.NotNull(suite.Services.GetService<TracerProvider>());
            var client = new Protos.Petitions.V1.Petitions.PetitionsClient(suite.Channel);
            await client.SubmitPetitionAsync(Ops.Petition(1), suite.As(Roles.Intake).WithCancellationToken(ct));
            await Ops.EventuallyAsync(
                () => Task.FromResult(collector.Received("/v1/traces", "SubmitPetition") && collector.Received("/v1/metrics", "accountability.outbox.relayed")),
                TimeSpan.FromSeconds(30),
                "the trace of SubmitPetition and the outbox metric at the collector",
                ct);
        }

        Assert.True(collector.Received("/v1/traces", "accountability-otlp-test"));
        Assert.True(collector.Received("/v1/metrics", "http.server.request.duration"));
    }

    /// <summary>Accepts OTLP over HTTP (protobuf) and keeps each body; strings are readable in protobuf bytes.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, string Body)> _received = new();
        private readonly Task _loop;

        public OtlpCollector()
        {
            var port = FreePort();
            Address = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
            _listener.Prefixes.Add(Address + "/");
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public string Address { get; }

        public bool Received(string path, string text) => _received.Any(r => r.Path == path && r.Body.Contains(text, StringComparison.Ordinal));

        public void Dispose()
        {
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
        }

        private static int FreePort()
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            return ((IPEndPoint)socket.LocalEndPoint!).Port;
        }

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, Encoding.Latin1.GetString(body.ToArray())));
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
