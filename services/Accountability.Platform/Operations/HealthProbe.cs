using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;

namespace Accountability.Platform.Operations;

/// <summary>
/// <c>dotnet Accountability.X.dll probe [--service liveness|&lt;name&gt;] [--Urls ...]</c>: asks the
/// process's own gRPC health service over loopback and exits 0 when it answers SERVING, 1 otherwise.
/// For container health checks: the images carry neither a gRPC client nor curl.
/// </summary>
public static class HealthProbe
{
    public const string Command = "probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync(string[] args)
    {
        var configuration = new ConfigurationBuilder()
            // The server's own precedence: appsettings.json outranks ASPNETCORE_URLS; Urls and the command line outrank both.
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(args)
            .Build();
        var service = configuration["service"] ?? string.Empty;
        var address = configuration["Probe:Url"] ?? LoopbackAddress(configuration["Urls"] ?? "http://127.0.0.1:8080");
        try
        {
            using var channel = GrpcChannel.ForAddress(address);
            var reply = await new Grpc.Health.V1.Health.HealthClient(channel).CheckAsync(
                new HealthCheckRequest { Service = service },
                deadline: DateTime.UtcNow + Timeout);
            Console.WriteLine($"{address} {(service.Length == 0 ? "(readiness)" : service)}: {reply.Status}");
            return reply.Status == HealthCheckResponse.Types.ServingStatus.Serving ? 0 : 1;
        }
        catch (RpcException e)
        {
            Console.Error.WriteLine($"{address} {(service.Length == 0 ? "(readiness)" : service)}: {e.StatusCode} {e.Status.Detail}");
            return 1;
        }
    }

    /// <summary>The first listening address, with a wildcard host replaced by loopback.</summary>
    internal static string LoopbackAddress(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
            ?? "http://127.0.0.1:8080";
        foreach (var wildcard in new[] { "://0.0.0.0", "://*", "://+", "://[::]", "://localhost" })
        {
            var at = first.IndexOf(wildcard, StringComparison.OrdinalIgnoreCase);
            if (at >= 0)
            {
                return string.Concat(first.AsSpan(0, at), "://127.0.0.1", first.AsSpan(at + wildcard.Length));
            }
        }

        return first;
    }
}
