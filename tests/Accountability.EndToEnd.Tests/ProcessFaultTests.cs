using System.Diagnostics;
using System.Globalization;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Process faults: while a few hundred petitions go through Petitions, Clues and CaseFiles (three
/// processes on a private RabbitMQ node), each service is SIGKILLed at random points (seeded; the
/// seed is printed, ACCT_FAULTS_SEED replays it) and started again on the same data folder and port.
/// The portal retries what the kill interrupted. After recovery the same exactly-once check holds:
/// one clue per petition, one dossier entry per clue, every outbox row relayed, no error queue.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    private const int Petitions = 400;
    private const int Concurrency = 16;

    /// <summary>Each service is killed this many times.</summary>
    private const int KillsPerService = 2;

    [Fact(Timeout = 300_000)]
    public async Task Every_petition_becomes_exactly_one_clue_and_one_dossier_entry_when_services_are_sigkilled_and_restarted()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ACCT_FAULTS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        var watch = Stopwatch.StartNew();
        Log(watch, $"seed {seed} (replay with ACCT_FAULTS_SEED={seed})");
        await using var node = await RabbitMqNode.StartAsync(ScratchSpace.Root(), ct);
        var flow = await FlowServices.StartAsync(node, ct);
        try
        {
            var cadres = PetitionLoad.SeededCadres();
            var tag = "kill-" + Guid.NewGuid().ToString("N")[..8];
            var requests = Enumerable.Range(0, Petitions).Select(i => PetitionLoad.Request(i, tag, cadres[i % cadres.Count])).ToList();
            var load = new PetitionLoad(flow.Petitions);
            var running = load.RunAsync(requests, Concurrency, ct);

            // Every service KillsPerService times, in a seeded order, at seeded moments.
            var victims = FlowServices.All(flow).SelectMany(service => Enumerable.Repeat(service, KillsPerService)).OrderBy(_ => random.Next()).ToList();
            var kills = 0;
            foreach (var victim in victims)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(200, 1500)), ct);
                await victim.KillAsync();
                kills++;
                Log(watch, $"SIGKILL {victim.Service} (pid gone) at {load.Submitted} submitted / {load.Completed} triaged");
                await Task.Delay(TimeSpan.FromMilliseconds(random.Next(100, 1000)), ct);
                await victim.RestartAsync(ct);
                Log(watch, $"{victim.Service} serving again");
            }

            var triaged = await running;
            Log(watch, $"load done: {triaged.Count} triaged; client retries {load.Retries} (ABORTED submits {load.Aborted})");
            Assert.Equal(Petitions, triaged.Select(t => t.PetitionId).Distinct().Count());

            var counts = await ExactlyOnce.WaitAndCheckAsync(flow, triaged, TimeSpan.FromSeconds(120), line => Log(watch, line), ct);
            Log(watch, $"exactly once: {counts}");
            Assert.Equal(victims.Count, FlowServices.All(flow).Sum(service => service.Kills));
            Assert.All(FlowServices.All(flow), service => Assert.False(service.Process.HasExited, service.Service + " exited on its own"));

            RunCounts.Record($"{nameof(ProcessFaultTests)}.{nameof(Every_petition_becomes_exactly_one_clue_and_one_dossier_entry_when_services_are_sigkilled_and_restarted)}", new Dictionary<string, long>
            {
                ["petitions_sent"] = triaged.Count,
                ["clues"] = counts.Clues,
                ["dossier_entries"] = counts.DossierEntries,
                ["faults_injected"] = kills,
                ["client_retries"] = load.Retries,
                ["seed"] = seed,
                ["crashes"] = 0,
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

    private void Log(Stopwatch watch, string line) => output.WriteLine($"[{watch.Elapsed.TotalSeconds,6:F1}s] {line}");

    private bool Report(RabbitMqNode node, ExactlyOnce.Flow flow) => FlowServices.Report(output, node, flow);
}
