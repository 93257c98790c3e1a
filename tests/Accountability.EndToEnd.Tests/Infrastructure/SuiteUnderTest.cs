using Accountability.Platform.Security;
using Grpc.Core;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The five services, each its own process on SQLite, over one RabbitMQ node and sharing one signing
/// key (so a token works everywhere, as in compose), CaseFiles reading the others' exports, and the
/// gateway in front. Callers use the gateway; the tests read each service's SQLite file.
/// </summary>
internal sealed class SuiteUnderTest : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Names = ["Petitions", "Clues", "Talks", "Tolerance", "CaseFiles"];

    private SuiteUnderTest(IReadOnlyDictionary<string, ServiceUnderTest> services, GatewayUnderTest gateway)
    {
        Services = services;
        Gateway = gateway;
    }

    public IReadOnlyDictionary<string, ServiceUnderTest> Services { get; }

    public GatewayUnderTest Gateway { get; }

    public ServiceUnderTest Petitions => Services["Petitions"];

    public ServiceUnderTest Clues => Services["Clues"];

    public ServiceUnderTest Talks => Services["Talks"];

    public ServiceUnderTest Tolerance => Services["Tolerance"];

    public ServiceUnderTest CaseFiles => Services["CaseFiles"];

    public static async Task<SuiteUnderTest> StartAsync(Uri rabbitMqUri, CancellationToken ct)
    {
        var signingKey = Keys.New();
        var shared = new Dictionary<string, string> { ["Auth__SigningKey"] = signingKey };
        // CaseFiles needs the others' addresses (its rebuild reads their exports), so they start first, together.
        var others = await StartAllAsync(Names.Where(n => n != "CaseFiles").Select(n => (n, (IReadOnlyDictionary<string, string>)shared)), rabbitMqUri, ct);
        var services = new Dictionary<string, ServiceUnderTest>(others);
        try
        {
            var caseFilesSettings = new Dictionary<string, string>(shared);
            foreach (var (name, service) in others)
            {
                caseFilesSettings["CaseFiles__Sources__" + name.ToLowerInvariant()] = GatewayUnderTest.Address(service.Port);
            }

            services["CaseFiles"] = await ServiceUnderTest.StartAsync(ServiceBinaries.CaseFiles, rabbitMqUri, ct, caseFilesSettings);
            var gateway = await GatewayUnderTest.StartAsync(services, ct);
            return new SuiteUnderTest(services, gateway);
        }
        catch
        {
            foreach (var service in services.Values)
            {
                await service.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Call options with a token for the role (the shared key: valid at every service, through the gateway).</summary>
    public CallOptions As(string role, TimeSpan? deadline = null) => Petitions.As(role, deadline);

    public string Token(string role) => TokenIssuer.Mint(Petitions.Auth, "e2e-" + role, role, TimeSpan.FromHours(1), organ: "org-city");

    public string Diagnostics() =>
        string.Join('\n', Services.Values.Select(s => s.Diagnostics()).Append(Gateway.Diagnostics()));

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        foreach (var service in Services.Values)
        {
            await service.DisposeAsync();
        }
    }

    private static async Task<Dictionary<string, ServiceUnderTest>> StartAllAsync(
        IEnumerable<(string Name, IReadOnlyDictionary<string, string> Settings)> services, Uri rabbitMqUri, CancellationToken ct)
    {
        var starting = services.Select(s => (s.Name, Task: ServiceUnderTest.StartAsync("Accountability." + s.Name, rabbitMqUri, ct, s.Settings))).ToList();
        try
        {
            await Task.WhenAll(starting.Select(s => s.Task));
        }
        catch
        {
            foreach (var (_, task) in starting.Where(s => s.Task.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync();
            }

            throw;
        }

        return starting.ToDictionary(s => s.Name, s => s.Task.Result);
    }
}
