using System.Diagnostics;
using System.Globalization;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>A service as its own process (its own build output): SQLite in a fresh folder, RabbitMQ at the given URI.</summary>
internal sealed partial class ServiceUnderTest : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private ServiceUnderTest(string service, ServiceProcess process, int port, string dataDirectory, AuthOptions auth)
    {
        Service = service;
        Process = process;
        Port = port;
        DataDirectory = dataDirectory;
        Auth = auth;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        Petitions = new Protos.Petitions.V1.Petitions.PetitionsClient(Channel);
        Clues = new Protos.Clues.V1.Clues.CluesClient(Channel);
    }

    public string Service { get; }

    public ServiceProcess Process { get; private set; }

    public int Port { get; }

    public string DataDirectory { get; }

    public AuthOptions Auth { get; }

    public GrpcChannel Channel { get; }

    public Protos.Petitions.V1.Petitions.PetitionsClient Petitions { get; }

    public Protos.Clues.V1.Clues.CluesClient Clues { get; }

    /// <summary>Starts the Petitions service.</summary>
    public static Task<ServiceUnderTest> StartAsync(Uri rabbitMqUri, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null) =>
        StartAsync(ServiceBinaries.Petitions, rabbitMqUri, ct, settings);

    public static async Task<ServiceUnderTest> StartAsync(string service, Uri rabbitMqUri, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null, string? dataRoot = null)
    {
        var dataDirectory = Path.Combine(dataRoot ?? Path.GetTempPath(), "acct-e2e-" + service + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        // Services that call each other (CaseFiles reads the others' event exports) share a signing key through settings.
        var auth = new AuthOptions { SigningKey = settings?.GetValueOrDefault("Auth__SigningKey") ?? Keys.New() };
        var port = Ports.FreeLoopbackPort();
        var url = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = url,
                ["Storage__Provider"] = "Sqlite",
                ["Storage__DataDirectory"] = dataDirectory,
                ["Messaging__Transport"] = "RabbitMq",
                ["Messaging__RabbitMqUri"] = rabbitMqUri.ToString(),
                ["Auth__SigningKey"] = auth.SigningKey,
                ["Protection__ActiveKeyId"] = "k1",
                ["Protection__Keys__k1"] = Keys.New(),
                ["Protection__HashKey"] = Keys.New(),
                ["Logging__LogLevel__MassTransit"] = "Information",
            };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var process = ServiceProcess.StartWithTranscript(
            ServiceBinaries.DllPath(service),
            environment,
            TranscriptOf(dataDirectory),
            // appsettings.json sets Urls, which outranks ASPNETCORE_URLS; the command line outranks both.
            "--Urls", url);
        var started = new ServiceUnderTest(service, process, port, dataDirectory, auth) { _environment = environment, _url = url };
        try
        {
            await started.WaitUntilReadyAsync(ct);
            return started;
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    public CallOptions As(string role, TimeSpan? deadline = null) => new(
        headers: new Metadata { { "Authorization", "Bearer " + TokenIssuer.Mint(Auth, "e2e-" + role, role, TimeSpan.FromHours(1), organ: "org-city") } },
        deadline: DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(30)));

    public string Diagnostics() => Process.Diagnostics();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await Process.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        File.Delete(TranscriptOf(DataDirectory));
    }

    /// <summary>Retries the gRPC health check until it answers SERVING (bounded by <see cref="ReadyTimeout"/>).</summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        RpcException? last = null;
        for (int attempt = 0; attempt < 600 && watch.Elapsed < ReadyTimeout; attempt++)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The {Service} service exited before answering.\n{Diagnostics()}");
            }

            try
            {
                var health = await new Grpc.Health.V1.Health.HealthClient(Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), As(Roles.Clerk, TimeSpan.FromSeconds(2)));
                if (health.Status == Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
            {
                last = e;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException(
            $"The {Service} service did not answer its health check within {watch.Elapsed.TotalSeconds:F1} s (last: {last?.Status}).\n{Diagnostics()}");
    }
}
