using System.Security.Cryptography;
using Accountability.Platform.Security;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Accountability.Benchmarks.Running;

/// <summary>Starts the suite's services as their own processes on SQLite in a fresh folder, with one shared signing key.</summary>
public sealed class Services(string workDirectory)
{
    public AuthOptions Auth { get; } = new() { SigningKey = NewKey() };

    private readonly string _protectionKey = NewKey();
    private readonly string _hashKey = NewKey();

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Settings every service gets: its data folder, the transport, the shared keys.</summary>
    public Dictionary<string, string> Environment(string name, Uri? rabbitMq, string? dataDirectory = null)
    {
        var data = dataDirectory ?? Path.Combine(workDirectory, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Sqlite",
            ["Storage__DataDirectory"] = data,
            ["Messaging__Transport"] = rabbitMq is null ? "InMemory" : "RabbitMq",
            ["Auth__SigningKey"] = Auth.SigningKey,
            ["Protection__ActiveKeyId"] = "k1",
            ["Protection__Keys__k1"] = _protectionKey,
            ["Protection__HashKey"] = _hashKey,
        };
        if (rabbitMq is not null)
        {
            environment["Messaging__RabbitMqUri"] = rabbitMq.ToString();
        }

        return environment;
    }

    public async Task<ServerProcess> StartAsync(string name, string service, string? cpus, Dictionary<string, string> environment, CancellationToken ct)
    {
        var server = ServerProcess.Start(name, ServiceBinaries.DllPath(service), cpus, environment);
        try
        {
            using var channel = GrpcChannel.ForAddress(server.Url);
            var health = new Health.HealthClient(channel);
            await server.WaitUntilReadyAsync(
                async () =>
                {
                    var reply = await health.CheckAsync(new HealthCheckRequest(), As(Roles.Clerk, TimeSpan.FromSeconds(2)));
                    if (reply.Status != HealthCheckResponse.Types.ServingStatus.Serving)
                    {
                        throw new RpcException(new Status(StatusCode.Unavailable, "not serving yet"));
                    }
                },
                TimeSpan.FromSeconds(90),
                ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A bearer token of the role (minted once per call site; the token is reused across calls).</summary>
    public Metadata Bearer(string role, string? department = null) => new()
    {
        { "Authorization", "Bearer " + TokenIssuer.Mint(Auth, "bench-" + role, role, TimeSpan.FromHours(2), organ: "org-city", department: department) },
    };

    public CallOptions As(string role, TimeSpan deadline) => new(headers: Bearer(role), deadline: DateTime.UtcNow + deadline);
}
