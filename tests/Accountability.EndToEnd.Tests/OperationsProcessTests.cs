using System.Globalization;
using System.Text.Json;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// The Petitions service as its own process, logging JSON (as in its container): a request's line
/// carries the caller's trace id and no line carries the reporter's identity; its own <c>probe</c>
/// command answers 0 while ready, 1 while the broker is down, and 0 again once it is back.
/// </summary>
public sealed class OperationsProcessTests
{
    private static readonly TimeSpan ProbeBound = TimeSpan.FromSeconds(90);

    [Fact(Timeout = 300_000)]
    public async Task Json_logs_carry_the_trace_id_and_the_probe_follows_the_broker()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var petitions = await ServiceUnderTest.StartAsync(node.AmqpUri, ct, new Dictionary<string, string>
        {
            ["Logging__Format"] = "json",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
        });

        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var reporter = new ReporterIdentity { Name = "司马文澜", Unit = "安和市第五中学", Phone = "13712345678", Address = "安和市西城区和平路12号", IdNumber = "530102198807076543" };
        var request = new SubmitPetitionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Channel = Channel.Online,
            Kind = PetitionKind.Accusation,
            Reporter = reporter,
            Facts = "举报某局科长违规收受礼金。",
            Accused = { new AccusedPerson { Name = "钱七", Unit = "安和市交通局", Post = "科长", Level = Level.County } },
            Disciplines = { Discipline.Integrity },
        };
        var options = petitions.As(Roles.Intake);
        options.Headers!.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..8])}-01");
        var submitted = await petitions.Petitions.SubmitPetitionAsync(request, options);
        await petitions.Petitions.RevealReporterIdentityAsync(new RevealReporterIdentityRequest { PetitionId = submitted.PetitionId, Reason = "核实举报人身份以便反馈" }, petitions.As(Roles.Custodian));

        string[] lines = [];
        await Until(() =>
        {
            lines = JsonLines(petitions.Process.Output);
            return Task.FromResult(lines.Any(line => line.Contains("SubmitPetition", StringComparison.Ordinal) && line.Contains(traceId, StringComparison.Ordinal)));
        }, TimeSpan.FromSeconds(30), "a JSON log line of SubmitPetition with the caller's trace id", petitions, ct);

        var rpcLine = lines.Select(line => JsonDocument.Parse(line).RootElement)
            .First(line => line.GetProperty("Category").GetString() == "Accountability.Platform.Operations.RpcLogInterceptor"
                && line.GetProperty("Message").GetString()!.Contains("SubmitPetition", StringComparison.Ordinal));
        Assert.Contains(rpcLine.GetProperty("Scopes").EnumerateArray(), scope =>
            scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId);
        Assert.True(lines.Length > 10, "JSON lines: " + lines.Length);

        // The whole output, raw and with every JSON line decoded: no trace of the identity.
        var decoded = string.Join('\n', lines.Select(line => JsonSerializer.Serialize(JsonDocument.Parse(line), new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        foreach (var secret in new[] { reporter.Name, reporter.Phone, reporter.IdNumber, reporter.Address, reporter.Unit })
        {
            Assert.DoesNotContain(secret, petitions.Process.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, decoded, StringComparison.Ordinal);
        }

        // The container health check: the service's own executable asks its own health service.
        Assert.Equal(0, await ProbeAsync(petitions, ct));
        await node.StopAsync();
        await Until(async () => await ProbeAsync(petitions, ct) == 1, ProbeBound, "probe exit 1 while the broker is down", petitions, ct);
        await node.RestartAsync();
        await Until(async () => await ProbeAsync(petitions, ct) == 0, ProbeBound, "probe exit 0 once the broker is back", petitions, ct);
        Assert.Equal(0, await ProbeAsync(petitions, ct, "liveness"));
    }

    private static string[] JsonLines(string output) => output.Split('\n')
        .Select(line => line.IndexOf("] {", StringComparison.Ordinal) is var at and >= 0 ? line[(at + 2)..].TrimEnd('\r') : null)
        .OfType<string>()
        .ToArray();

    private static async Task<int> ProbeAsync(ServiceUnderTest service, CancellationToken ct, string? healthService = null)
    {
        string[] args = healthService is null
            ? ["probe", "--Urls", "http://0.0.0.0:" + service.Port.ToString(CultureInfo.InvariantCulture)]
            : ["probe", "--Urls", "http://0.0.0.0:" + service.Port.ToString(CultureInfo.InvariantCulture), "--service", healthService];
        await using var probe = ServiceProcess.Start(ServiceBinaries.DllPath(service.Service), new Dictionary<string, string>(), args);
        Assert.True(await probe.WaitForExitAsync(TimeSpan.FromSeconds(30), ct), "the probe did not finish: " + probe.Diagnostics());
        return probe.ExitCode;
    }

    private static async Task Until(Func<Task<bool>> condition, TimeSpan bound, string what, ServiceUnderTest service, CancellationToken ct)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; attempt < 500; attempt++)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > bound)
            {
                break;
            }

            await Task.Delay(500, ct);
        }

        Assert.Fail($"{what}: not within {bound.TotalSeconds:F0} s.\n{service.Diagnostics()}");
    }
}
