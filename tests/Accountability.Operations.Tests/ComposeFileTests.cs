using System.Diagnostics;
using System.Runtime.CompilerServices;
using Xunit;

namespace Accountability.Operations.Tests;

/// <summary>
/// deploy/docker-compose.yml validates with Debian's docker-compose and the documented example
/// .env, every service has its probe health check and restart policy, a missing secret is refused,
/// and the backup scripts parse. Needs only the docker-compose client (CI installs it); no engine.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] AppServices = ["petitions", "clues", "talks", "tolerance", "casefiles"];

    [Fact(Timeout = 120_000)]
    public async Task Compose_file_validates_with_the_example_env_and_every_service_has_its_probe()
    {
        var ct = TestContext.Current.CancellationToken;
        var compose = ComposeClient();
        var deploy = Path.Combine(RepoRoot(), "deploy");
        var file = Path.Combine(deploy, "docker-compose.yml");
        var example = Path.Combine(deploy, ".env.example");

        var quiet = await RunAsync(compose, ct, "-f", file, "--env-file", example, "config", "-q");
        Assert.True(quiet.ExitCode == 0, quiet.Output);
        Assert.DoesNotContain("is not set", quiet.Output, StringComparison.Ordinal); // the example names every variable

        var services = await RunAsync(compose, ct, "-f", file, "--env-file", example, "config", "--services");
        Assert.Equal(0, services.ExitCode);
        Assert.Superset(
            new HashSet<string>(["mongo", "mongo-init", "rabbitmq", "gateway", .. AppServices]),
            services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet());

        var resolved = await RunAsync(compose, ct, "-f", file, "--env-file", example, "config");
        Assert.Equal(0, resolved.ExitCode);
        foreach (var service in AppServices)
        {
            var section = Section(resolved.Output, service);
            Assert.Contains("probe", section, StringComparison.Ordinal);
            Assert.Contains("restart: unless-stopped", section, StringComparison.Ordinal);
            Assert.Contains("Messaging__QuorumQueues: 'true'", section.Replace("\"", "'", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Contains("condition: service_healthy", section, StringComparison.Ordinal);
        }

        var gateway = Section(resolved.Output, "gateway");
        Assert.Contains("SERVICE: Accountability.Gateway", gateway, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8080:8080", gateway, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:8081:8081", gateway, StringComparison.Ordinal);
        Assert.Contains("Gateway__JsonUrl: http://+:8081", gateway, StringComparison.Ordinal);
        Assert.Contains("probe", gateway, StringComparison.Ordinal);
        Assert.Contains("Gateway__Services__Petitions: http://petitions:8080", gateway, StringComparison.Ordinal);

        // A secret left out is refused, not replaced by an empty key.
        var incomplete = Path.Combine(Path.GetTempPath(), "acct-env-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllLinesAsync(incomplete, (await File.ReadAllLinesAsync(example, ct)).Where(line => !line.StartsWith("AUTH_SIGNING_KEY=", StringComparison.Ordinal)), ct);
            var refused = await RunAsync(compose, ct, "-f", file, "--env-file", incomplete, "config", "-q");
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("AUTH_SIGNING_KEY", refused.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(incomplete);
        }

        foreach (var script in new[] { "backup.sh", "restore.sh" })
        {
            var parsed = await RunAsync("bash", ct, "-n", Path.Combine(deploy, script));
            Assert.True(parsed.ExitCode == 0, script + ": " + parsed.Output);
        }
    }

    /// <summary>The lines of one service in `config` output (two-space indented under services:).</summary>
    private static string Section(string config, string service)
    {
        var lines = config.Split('\n');
        var start = Array.FindIndex(lines, line => line.TrimEnd() == $"  {service}:");
        Assert.True(start >= 0, $"service {service} not in:\n{config}");
        var section = lines.Skip(start + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal) || line.Trim().Length == 0 || line.StartsWith("  - ", StringComparison.Ordinal));
        return string.Join('\n', section);
    }

    private static string ComposeClient()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "docker-compose"))
            .FirstOrDefault(File.Exists);
        if (found is not null)
        {
            return found;
        }

        const string Missing = "docker-compose is not installed (apt-get install docker-compose; .ci/run installs it).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but " + Missing);
        }

        Assert.Skip(Missing);
        return string.Empty;
    }

    private static string RepoRoot([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", ".."));

    private static async Task<(int ExitCode, string Output)> RunAsync(string program, CancellationToken ct, params string[] args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }

        // The example file decides every variable; nothing leaks in from the test's environment.
        foreach (var variable in new[] { "RABBITMQ_USER", "RABBITMQ_PASSWORD", "AUTH_SIGNING_KEY", "PROTECTION_KEY", "PROTECTION_HASH_KEY", "ORGAN_ID", "OTLP_ENDPOINT", "OTLP_PROTOCOL", "COMPOSE_PROJECT_NAME" })
        {
            psi.Environment.Remove(variable);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + program);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
