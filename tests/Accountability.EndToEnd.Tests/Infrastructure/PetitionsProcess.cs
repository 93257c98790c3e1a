using System.Diagnostics;
using System.Globalization;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Data.Sqlite;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>The Petitions service as its own process: SQLite in a fresh folder, RabbitMQ at the given URI.</summary>
internal sealed class PetitionsProcess : IAsyncDisposable
{
    public static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private PetitionsProcess(ServiceProcess process, int port, string dataDirectory, AuthOptions auth)
    {
        Process = process;
        Port = port;
        DataDirectory = dataDirectory;
        Auth = auth;
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        Client = new Protos.Petitions.V1.Petitions.PetitionsClient(Channel);
    }

    public ServiceProcess Process { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public AuthOptions Auth { get; }

    public GrpcChannel Channel { get; }

    public Protos.Petitions.V1.Petitions.PetitionsClient Client { get; }

    public static async Task<PetitionsProcess> StartAsync(Uri rabbitMqUri, CancellationToken ct, IReadOnlyDictionary<string, string>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "acct-e2e-petitions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var auth = new AuthOptions { SigningKey = Keys.New() };
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

        var process = ServiceProcess.Start(
            ServiceBinaries.DllPath(ServiceBinaries.Petitions),
            environment,
            // appsettings.json sets Urls, which outranks ASPNETCORE_URLS; the command line outranks both.
            "--Urls", url);
        var service = new PetitionsProcess(process, port, dataDirectory, auth);
        try
        {
            await service.WaitUntilReadyAsync(ct);
            return service;
        }
        catch
        {
            await service.DisposeAsync();
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
    }

    /// <summary>Retries a cheap authenticated call until it answers (bounded by <see cref="ReadyTimeout"/>).</summary>
    private async Task WaitUntilReadyAsync(CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        RpcException? last = null;
        for (int attempt = 0; attempt < 600 && watch.Elapsed < ReadyTimeout; attempt++)
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The Petitions service exited before answering.\n{Diagnostics()}");
            }

            try
            {
                await Client.ListPetitionsAsync(new ListPetitionsRequest { PageSize = 1 }, As(Roles.Clerk, TimeSpan.FromSeconds(2)));
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal)
            {
                last = e;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException(
            $"The Petitions service did not answer ListPetitions within {watch.Elapsed.TotalSeconds:F1} s (last: {last?.Status}).\n{Diagnostics()}");
    }
}
