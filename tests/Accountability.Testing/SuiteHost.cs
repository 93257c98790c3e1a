using System.Security.Cryptography;
using Accountability.Host;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Accountability.Testing;

/// <summary>
/// The whole suite in-process, composed exactly as the all-in-one host composes it, on SQLite
/// files in a fresh temporary folder, with a clock the test moves. Each test owns one.
/// </summary>
public sealed class SuiteHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SuiteHost(WebApplication app, FakeTimeProvider clock, string dataDirectory, AuthOptions auth)
    {
        _app = app;
        Clock = clock;
        DataDirectory = dataDirectory;
        Auth = auth;
        var server = app.GetTestServer();
        Channel = GrpcChannel.ForAddress(server.BaseAddress, new GrpcChannelOptions { HttpHandler = server.CreateHandler() });
    }

    public FakeTimeProvider Clock { get; }

    public string DataDirectory { get; }

    public AuthOptions Auth { get; }

    public GrpcChannel Channel { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts the suite; <paramref name="now"/> sets the clock (default: a Monday in 2026).</summary>
    public static async Task<SuiteHost> StartAsync(DateTimeOffset? now = null, IDictionary<string, string?>? settings = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "acct-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var auth = new AuthOptions { SigningKey = NewKey() };
        var clock = new FakeTimeProvider(now ?? new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Test" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Sqlite",
            ["Storage:DataDirectory"] = dataDirectory,
            ["Messaging:Transport"] = "InMemory",
            ["Auth:SigningKey"] = auth.SigningKey,
            ["Protection:ActiveKeyId"] = "test-1",
            ["Protection:Keys:test-1"] = NewKey(),
            ["Protection:HashKey"] = NewKey(),
            ["Logging:LogLevel:Default"] = "Warning",
            // Tests move the clock by days; they run deadline scans themselves, so the background
            // monitor (which waits on the same clock) must not race them.
            ["Deadlines:ScanInterval"] = "20.00:00:00",
            // CaseFiles rebuilds dossiers from the exports of the services of this process (the test server).
            ["CaseFiles:Sources:petitions"] = "http://localhost",
            ["CaseFiles:Sources:clues"] = "http://localhost",
            ["CaseFiles:Sources:talks"] = "http://localhost",
            ["CaseFiles:Sources:tolerance"] = "http://localhost",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.AddSuite();

        // The export client reaches the in-process test server instead of a socket; the call is the same gRPC call.
        builder.Services.AddHttpClient(Accountability.CaseFiles.Domain.DossierRebuilder.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => ((TestServer)provider.GetRequiredService<IServer>()).CreateHandler());
        var app = builder.Build();
        app.MapSuite();
        await app.StartAsync();
        return new SuiteHost(app, clock, dataDirectory, auth);
    }

    public string Token(string role, string? subject = null, TimeSpan? lifetime = null, DateTimeOffset? issuedAt = null) =>
        TokenIssuer.Mint(Auth, subject ?? "test-" + role, role, lifetime ?? TimeSpan.FromHours(1), issuedAt ?? DateTimeOffset.UtcNow, organ: "org-city");

    /// <summary>Call options carrying a bearer token for the role.</summary>
    public CallOptions As(string role, string? subject = null) =>
        new(headers: new Metadata { { "Authorization", "Bearer " + Token(role, subject) } });

    public IDocumentStore Store(string service) => Services.GetRequiredKeyedService<IDocumentStore>(service);

    /// <summary>A plain HTTP client of the in-process server, for the JSON (transcoded) API.</summary>
    public HttpClient CreateHttpClient() => _app.GetTestServer().CreateClient();

    public async ValueTask DisposeAsync()
    {
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task; the OS temp cleaner takes it.
        }
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
