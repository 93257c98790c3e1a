using System.Diagnostics;
using System.Globalization;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Process faults: while a scenario load goes through the services (separate processes on a private
/// RabbitMQ node), each service is SIGKILLed at random points (seeded; the seed is printed,
/// ACCT_FAULTS_SEED replays it) and started again on the same data folder and port. The clients
/// retry what the kill interrupted. After recovery the exactly-once checks hold: one clue per
/// petition, one dossier entry per clue; one talk per talk inquiry, one result in Clues and one
/// dossier entry per talk held; one dossier entry per matter, decision and filing; every outbox row
/// relayed, no error queue, no service exited on its own.
/// </summary>
public sealed class ProcessFaultTests(ITestOutputHelper output)
{
    private const int Petitions = 400;
    private const int Concurrency = 16;

    /// <summary>The five-service load: petitions, talk inquiries and matters at once, each a few clients at a time (two cores, five services and a broker).</summary>
    private const int FlowPetitions = 120;
    private const int Talks = 120;
    private const int Matters = 120;
    private const int PetitionClients = 3;
    private const int TalkClients = 4;
    private const int MatterClients = 2;

    /// <summary>Each service is killed this many times.</summary>
    private const int KillsPerService = 2;

    [Fact(Timeout = 300_000)]
    public async Task Every_petition_becomes_exactly_one_clue_and_one_dossier_entry_when_services_are_sigkilled_and_restarted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (seed, random, watch) = Begin();
        await using var node = await RabbitMqNode.StartAsync(ScratchSpace.Root(), ct);
        var flow = await FlowServices.StartAsync(node, ct);
        try
        {
            var cadres = PetitionLoad.SeededCadres();
            var tag = "kill-" + Guid.NewGuid().ToString("N")[..8];
            var requests = Enumerable.Range(0, Petitions).Select(i => PetitionLoad.Request(i, tag, cadres[i % cadres.Count])).ToList();
            var load = new PetitionLoad(flow.Petitions);
            var running = load.RunAsync(requests, Concurrency, ct);

            double Triaged() => load.Completed / (double)Petitions;
            var kills = await KillWithinLoadAsync(
                running, FlowServices.All(flow).Select(service => (service, (Func<double>)Triaged)).ToList(), random, watch, () => $"{load.Submitted} submitted / {load.Completed} triaged", ct);

            var triaged = await running;
            Log(watch, $"load done: {triaged.Count} triaged; client retries {load.Retries} (ABORTED submits {load.Aborted})");
            Assert.Equal(Petitions, triaged.Select(t => t.PetitionId).Distinct().Count());

            var counts = await ExactlyOnce.WaitAndCheckAsync(flow, triaged, TimeSpan.FromSeconds(120), line => Log(watch, line), ct);
            Log(watch, $"exactly once: {counts}");
            Assert.Equal(kills, FlowServices.All(flow).Sum(service => service.Kills));
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

    [Fact(Timeout = 300_000)]
    public async Task Every_talk_held_and_accountability_decision_takes_effect_exactly_once_when_all_five_services_are_sigkilled_and_restarted()
    {
        var ct = TestContext.Current.CancellationToken;
        var (seed, random, watch) = Begin();
        await using var node = await RabbitMqNode.StartAsync(ScratchSpace.Root(), ct);
        var flow = await FlowServices.StartAsync(node, ct, everyService: true);
        try
        {
            var cadres = PetitionLoad.SeededCadres();
            var tag = "kill5-" + Guid.NewGuid().ToString("N")[..8];
            var requests = Enumerable.Range(0, FlowPetitions).Select(i => PetitionLoad.Request(i, tag, cadres[i % cadres.Count])).ToList();
            var petitions = new PetitionLoad(flow.Petitions);
            var talks = new TalkLoad(flow.Clues, flow.Talks!);
            var matters = new MatterLoad(flow.Tolerance!);
            var petitionsRunning = petitions.RunAsync(requests, PetitionClients, ct);
            var talksRunning = talks.RunAsync(tag, Talks, TalkClients, ct);
            var mattersRunning = matters.RunAsync(tag, Matters, MatterClients, ct);

            // Each service is killed within the load it serves: Petitions within the petitions, Talks
            // within the talks, Tolerance within the matters, Clues within both the petitions and the
            // talks, CaseFiles (which every event reaches) within all of it.
            double Petitioned() => petitions.Completed / (double)FlowPetitions;
            double Held() => talks.HeldCount / (double)Talks;
            double Decided() => matters.DecidedCount / (double)Matters;
            var kills = await KillWithinLoadAsync(
                Task.WhenAll(petitionsRunning, talksRunning, mattersRunning),
                [
                    (flow.Petitions, Petitioned),
                    (flow.Clues, () => (Petitioned() + Held()) / 2),
                    (flow.CaseFiles, () => (Petitioned() + Held() + Decided()) / 3),
                    (flow.Talks!, Held),
                    (flow.Tolerance!, Decided),
                ],
                random,
                watch,
                () => $"{petitions.Completed} petitions triaged / {talks.HeldCount} talks held / {matters.DecidedCount} matters decided",
                ct);

            var triaged = await petitionsRunning;
            var held = await talksRunning;
            var decided = await mattersRunning;
            var retries = petitions.Retries + talks.Retries + matters.Retries;
            Log(watch, $"load done: {triaged.Count} triaged, {held.Count} talks held, {decided.Count} matters decided; client retries {retries}");
            Assert.Equal(FlowPetitions, triaged.Select(t => t.PetitionId).Distinct().Count());
            Assert.Equal(Talks, held.Select(h => h.TalkId).Distinct().Count());
            Assert.Equal(Matters, decided.Select(d => d.MatterId).Distinct().Count());

            var counts = await ExactlyOnce.WaitAndCheckAsync(flow, triaged, TimeSpan.FromSeconds(120), line => Log(watch, line), ct, held.Select(h => h.ClueId).ToList());
            Log(watch, $"exactly once: {counts}");
            var talkCounts = await ExactlyOnce.WaitAndCheckTalksAndMattersAsync(flow, held, decided, TimeSpan.FromSeconds(60), line => Log(watch, line), ct);
            Log(watch, $"exactly once: {talkCounts}");
            Assert.Equal(kills, FlowServices.All(flow).Sum(service => service.Kills));
            Assert.All(FlowServices.All(flow), service => Assert.False(service.Process.HasExited, service.Service + " exited on its own"));

            var recorded = new Dictionary<string, long>
            {
                ["petitions_sent"] = triaged.Count,
                ["talks_sent"] = held.Count,
                ["matters_sent"] = decided.Count,
                ["clues"] = counts.Clues + held.Count,
                ["talk_results"] = talkCounts.TalkResults,
                ["dossier_entries"] = counts.DossierEntries + talkCounts.TalkEntries + talkCounts.ToleranceEntries,
                ["faults_injected"] = kills,
                ["client_retries"] = retries,
                ["seed"] = seed,
                ["crashes"] = 0,
                ["internal_errors"] = 0,
            };
            foreach (var service in FlowServices.All(flow))
            {
                recorded["faults_injected_" + StoreLedger.File(service).Replace(".db", "", StringComparison.Ordinal)] = service.Kills;
            }

            RunCounts.Record($"{nameof(ProcessFaultTests)}.{nameof(Every_talk_held_and_accountability_decision_takes_effect_exactly_once_when_all_five_services_are_sigkilled_and_restarted)}", recorded);
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

    /// <summary>Each test's start: the broker requirement, the seed (printed, for a replay), its random and the clock of the log.</summary>
    private (int Seed, Random Random, Stopwatch Watch) Begin()
    {
        RabbitRequirement.Ensure();
        var seed = Seed();
        var watch = Stopwatch.StartNew();
        Log(watch, $"seed {seed} (replay with ACCT_FAULTS_SEED={seed})");
        return (seed, new Random(seed), watch);
    }

    private static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("ACCT_FAULTS_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed) ? seed : Random.Shared.Next();

    /// <summary>
    /// Kills each service <see cref="KillsPerService"/> times while the load it serves runs: at seeded
    /// shares (3 % to 83 %) of that load's progress (0 to 1), each down for a seeded moment and then
    /// restarted. The services' schedules run side by side, so their outages may overlap: one
    /// schedule after another would not fit, since a restart under load on a small machine takes
    /// long enough for the rest of the load to finish. Returns the kills.
    /// </summary>
    private async Task<int> KillWithinLoadAsync(
        Task load, IReadOnlyList<(ServiceUnderTest Service, Func<double> Done)> victims, Random random, Stopwatch watch, Func<string> progress, CancellationToken ct)
    {
        var plans = victims.Select(v => (v.Service, v.Done, Kills: Enumerable.Range(0, KillsPerService)
            .Select(_ => (Share: 0.03 + (random.NextDouble() * 0.8), Down: TimeSpan.FromMilliseconds(random.Next(100, 1000))))
            .OrderBy(k => k.Share)
            .ToList())).ToList();
        var kills = await Task.WhenAll(plans.Select(async plan =>
        {
            foreach (var (share, down) in plan.Kills)
            {
                // A load that failed (INTERNAL, a step refused) stops the waiting, so its error is reported at once.
                for (var poll = 0; poll < 3000 && plan.Done() < share && !load.IsCompleted; poll++)
                {
                    await Task.Delay(50, ct);
                }

                await plan.Service.KillAsync();
                Log(watch, $"SIGKILL {plan.Service.Service} (pid gone) at {progress()}");
                await Task.Delay(down, ct);
                await plan.Service.RestartAsync(ct);
                Log(watch, $"{plan.Service.Service} serving again");
            }

            return plan.Kills.Count;
        }));
        return kills.Sum();
    }

    private void Log(Stopwatch watch, string line) => output.WriteLine($"[{watch.Elapsed.TotalSeconds,6:F1}s] {line}");

    private bool Report(RabbitMqNode node, ExactlyOnce.Flow flow) => FlowServices.Report(output, node, flow);
}
