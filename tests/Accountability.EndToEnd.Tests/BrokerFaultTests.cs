using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Broker faults under load: Petitions, Clues and CaseFiles as three processes on a private RabbitMQ
/// node; 5,000 petitions are submitted, accepted and triaged while the node is stopped gracefully
/// and started again, and later SIGKILLed and started again. After recovery every petition has
/// exactly one clue and every clue exactly one dossier entry; nothing is left in an outbox or an
/// error queue; and the named reporters' identities appear nowhere but encrypted in petitions.db.
/// </summary>
public sealed class BrokerFaultTests(ITestOutputHelper output)
{
    /// <summary>The number; ACCT_FAULTS_PETITIONS overrides it for a local experiment.</summary>
    private static readonly int Petitions = int.TryParse(Environment.GetEnvironmentVariable("ACCT_FAULTS_PETITIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 5_000;

    private const int Concurrency = 24;

    /// <summary>Every this many petitions is a named report carrying the run's reporter identity.</summary>
    private const int NamedEvery = 50;

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(3);

    [Fact(Timeout = 420_000)]
    public async Task Every_petition_becomes_exactly_one_clue_and_one_dossier_entry_across_broker_stop_and_sigkill()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        var watch = Stopwatch.StartNew();
        await using var node = await RabbitMqNode.StartAsync(ScratchSpace.Root(), ct);
        var flow = await FlowServices.StartAsync(node, ct);
        try
        {
            var reporter = DistinctiveReporter();
            var cadres = PetitionLoad.SeededCadres();
            var tag = "broker-" + Guid.NewGuid().ToString("N")[..8];
            var requests = Enumerable.Range(0, Petitions)
                .Select(i => PetitionLoad.Request(i, tag, cadres[i % cadres.Count], i % NamedEvery == 0 ? reporter : null))
                .ToList();
            Log(watch, $"services up; {Petitions} petitions, concurrency {Concurrency}, broker {node}");

            var load = new PetitionLoad(flow.Petitions);
            var loadWatch = Stopwatch.StartNew();
            var running = load.RunAsync(requests, Concurrency, ct);
            var faults = 0;

            // Phase 1: graceful stop at 20 % submitted; phase 2: SIGKILL at 55 %.
            if (await WhenAsync(() => load.Submitted >= Petitions / 5, running, ct))
            {
                var stopping = Stopwatch.StartNew();
                await node.StopAsync();
                faults++;
                Log(watch, $"broker stopped (graceful, took {stopping.Elapsed.TotalSeconds:F1} s; RabbitMqNode kills after {RabbitMqNode.StopTimeout.TotalSeconds:F0} s) at {load.Submitted} submitted");
                await Task.Delay(Outage, ct);
                await node.RestartAsync();
                Log(watch, $"broker started again at {load.Submitted} submitted");
            }

            if (await WhenAsync(() => load.Submitted >= Petitions * 55 / 100, running, ct))
            {
                await node.KillAsync();
                faults++;
                Log(watch, $"broker SIGKILLed at {load.Submitted} submitted");
                await Task.Delay(Outage, ct);
                await node.RestartAsync();
                Log(watch, $"broker started again at {load.Submitted} submitted");
            }

            var triaged = await running;
            var loadSeconds = loadWatch.Elapsed.TotalSeconds;
            Log(watch, $"load done: {triaged.Count} triaged in {loadSeconds:F1} s ({triaged.Count / loadSeconds:F0} petitions/s, 3 RPCs each); client retries {load.Retries} (of them ABORTED submits: {load.Aborted})");
            Assert.Equal(2, faults);
            Assert.Equal(Petitions, triaged.Select(t => t.PetitionId).Distinct().Count());

            var counts = await ExactlyOnce.WaitAndCheckAsync(flow, triaged, TimeSpan.FromSeconds(150), line => Log(watch, line), ct);
            Log(watch, $"exactly once: {counts}");

            // The dossier entries name the accused directory cadre (matched by name and unit).
            var matched = ExactlyOnce.ClueEntries(flow.CaseFiles).Count;
            Assert.Equal(Petitions, matched);

            // Reporter identity: stored (the custodian can reveal it), yet nowhere in plain text.
            var named = triaged.First(t => t.Index == 0);
            var revealed = await flow.Petitions.Petitions.RevealReporterIdentityAsync(
                new RevealReporterIdentityRequest { PetitionId = named.PetitionId, Reason = "核实举报人身份以便反馈" }, flow.Petitions.As(Roles.Custodian));
            Assert.Equal((reporter.Name, reporter.Phone, reporter.IdNumber), (revealed.Name, revealed.Phone, revealed.IdNumber));
            var findings = ReporterIdentityScan.Find(FlowServices.All(flow), node, [reporter.Name, reporter.Phone, reporter.IdNumber, reporter.Address], out var places);
            Log(watch, $"identity scan: {places} places searched, {findings.Count} findings");
            Assert.True(findings.Count == 0, "reporter identity found in plain text:\n" + string.Join('\n', findings.Take(20)));

            RunCounts.Record($"{nameof(BrokerFaultTests)}.{nameof(Every_petition_becomes_exactly_one_clue_and_one_dossier_entry_across_broker_stop_and_sigkill)}", new Dictionary<string, long>
            {
                ["petitions_sent"] = triaged.Count,
                ["clues"] = counts.Clues,
                ["dossier_entries"] = counts.DossierEntries,
                ["faults_injected"] = faults,
                ["client_retries"] = load.Retries,
                ["client_retries_aborted"] = load.Aborted,
                ["identity_places_searched"] = places,
                ["crashes"] = FlowServices.All(flow).Count(s => s.Process.HasExited),
                ["internal_errors"] = 0,
            });
        }
        catch (Exception) when (Report(node, flow))
        {
            throw;
        }
        finally
        {
            await FlowServices.DisposeAsync(flow);
        }
    }

    /// <summary>Values that occur nowhere by chance: a rare name, a fresh phone number and id number.</summary>
    internal static ReporterIdentity DistinctiveReporter() => new()
    {
        Name = "司徒沐澜",
        Unit = "安和市第七中学",
        Phone = "139" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
        Address = "安和市北城区青檀路" + RandomNumberGenerator.GetInt32(100, 999).ToString(CultureInfo.InvariantCulture) + "号",
        IdNumber = "5301021987" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Waits until the condition holds (true) or the load ended first (false).</summary>
    private static async Task<bool> WhenAsync(Func<bool> condition, Task load, CancellationToken ct)
    {
        for (var i = 0; i < 6000 && !load.IsCompleted; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50, ct);
        }

        return condition();
    }

    private void Log(Stopwatch watch, string line) => output.WriteLine($"[{watch.Elapsed.TotalSeconds,6:F1}s] {line}");

    private bool Report(RabbitMqNode node, ExactlyOnce.Flow flow) => FlowServices.Report(output, node, flow);
}
