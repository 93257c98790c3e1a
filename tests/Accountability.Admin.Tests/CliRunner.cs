using System.Text.Json;
using System.Text.Json.Nodes;
using Accountability.Admin;
using Accountability.Admin.Cli;
using Accountability.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>What one acct run printed and how it ended.</summary>
public sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonNode Json => JsonNode.Parse(Out) ?? throw new InvalidOperationException("no JSON on standard output: " + Error);

    public JsonNode ErrorJson => JsonNode.Parse(Error) ?? throw new InvalidOperationException("no JSON on standard error: " + Out);

    public CliResult Ok()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}\nstdout: {Out}\nstderr: {Error}");
        return this;
    }
}

/// <summary>
/// Runs the real acct command tree in-process against the in-process suite (TestServer), with its
/// own configuration folder and the suite's signing key in a dev-keys.json, as the all-in-one host keeps it.
/// </summary>
public sealed class CliRunner : IAsyncDisposable
{
    private readonly HttpMessageHandler _handler;
    private readonly Dictionary<string, string?> _variables;

    private CliRunner(SuiteHost suite, string folder)
    {
        Suite = suite;
        Folder = folder;
        ConfigDirectory = Path.Combine(folder, "config");
        KeysFile = Path.Combine(folder, "host-data", DevTokens.KeysFileName);
        Directory.CreateDirectory(Path.GetDirectoryName(KeysFile)!);
        File.WriteAllText(KeysFile, JsonSerializer.Serialize(new Dictionary<string, string> { ["Auth:SigningKey"] = suite.Auth.SigningKey }));
        _handler = ((TestServer)suite.Services.GetRequiredService<IServer>()).CreateHandler();
        Address = suite.Channel.Target is { } target && target.StartsWith("http", StringComparison.Ordinal) ? target : "http://localhost";
        _variables = new Dictionary<string, string?> { ["ACCT_DEV_KEYS"] = KeysFile, ["ACCT_ADDRESS"] = "http://localhost" };
    }

    public SuiteHost Suite { get; }

    public string Folder { get; }

    public string ConfigDirectory { get; }

    public string KeysFile { get; }

    public string Address { get; }

    public static async Task<CliRunner> StartAsync(DateTimeOffset? now = null)
    {
        var suite = await SuiteHost.StartAsync(now);
        var folder = Path.Combine(Path.GetTempPath(), "acct-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new CliRunner(suite, folder);
    }

    public void SetVariable(string name, string? value) => _variables[name] = value;

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithInputAsync("", args);

    public async Task<CliResult> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var env = new CliEnvironment
        {
            Out = output,
            Error = error,
            In = new StringReader(input),
            ConfigDirectory = ConfigDirectory,
            CurrentDirectory = Folder,
            Variable = name => _variables.GetValueOrDefault(name),
            HttpHandler = _handler,
            Clock = Suite.Clock,
            Width = 200,
        };
        var code = await AcctApp.RunAsync(args, env, TestContext.Current.CancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    /// <summary>Signs a profile in as a role through the dev-token path.</summary>
    public async Task LoginAsync(string profile, string role, params string[] more) =>
        (await RunAsync(["login", "--dev", "--role", role, "--profile", profile, .. more])).Ok();

    /// <summary>Moves the suite's clock forward to <paramref name="target"/>.</summary>
    public void AdvanceTo(DateTimeOffset target)
    {
        if (target > Suite.Clock.GetUtcNow())
        {
            Suite.Clock.Advance(target - Suite.Clock.GetUtcNow());
        }
    }

    public async ValueTask DisposeAsync()
    {
        _handler.Dispose();
        await Suite.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
