using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Issue 8, acceptance 2: with the five services behind the gateway, Clues and CaseFiles are killed
/// (SIGKILL) while petitions are being triaged and their events are in flight, more petitions are
/// triaged while they are down, and both start again on their own data folders. Afterwards every
/// store agrees: each petition one clue, each clue registered once and linked back once, each fact
/// once in the dossiers, every outbox relayed, and every consumer's inbox holding each message of
/// the kinds it handles exactly once.
/// </summary>
public sealed class GatewayRestartTests(ITestOutputHelper output)
{
    private const int Petitions = 6;

    private static readonly string[] Accused = ["李四", "王五", "赵六", "钱七", "孙八", "周九"];

    [Fact(Timeout = 240_000)]
    public async Task Services_killed_mid_scenario_and_restarted_lose_nothing_and_apply_nothing_twice()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var suite = await SuiteUnderTest.StartAsync(node.AmqpUri, ct);
        var petitions = new Protos.Petitions.V1.Petitions.PetitionsClient(suite.Gateway.Channel);
        try
        {
            var ids = new List<string>();
            for (var i = 0; i < Petitions; i++)
            {
                var request = GatewayScenarioTests.Petition(Accused[i], cadreId: i == 0 ? GatewayScenarioTests.Cadre : "");
                request.Facts += $"（第{i + 1}件）";
                var submitted = await petitions.SubmitPetitionAsync(request, suite.As(Roles.Intake));
                await petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级受理" }, suite.As(Roles.Clerk));
                ids.Add(submitted.PetitionId);
            }

            // Half triaged, then Clues and CaseFiles die with those proposals and the petitions' events in flight.
            foreach (var id in ids.Take(Petitions / 2))
            {
                await TriageAsync(petitions, suite, id);
            }

            await suite.Clues.KillAsync();
            await suite.CaseFiles.KillAsync();
            foreach (var id in ids.Skip(Petitions / 2))
            {
                await TriageAsync(petitions, suite, id);
            }

            await suite.Clues.RestartAsync(ct);
            await suite.CaseFiles.RestartAsync(ct);

            // Every petition linked to its clue (through the gateway, to the restarted Clues' answers).
            foreach (var id in ids)
            {
                await Observe.EventuallyAsync(async () =>
                    await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk)) is { Status: PetitionStatus.ClueLinked } p ? p : null, ct, TimeSpan.FromSeconds(90));
            }

            // Settled: every outbox relayed and CaseFiles has recorded every clue.
            await Observe.EventuallyAsync(async () =>
            {
                await Task.CompletedTask;
                return suite.Services.Values.All(s => StoreLedger.Unrelayed(s) == 0)
                    && StoreLedger.Count(suite.CaseFiles, "dossier_entries", "f_kind = 'ClueRegistered'") == Petitions ? "settled" : null;
            }, ct, TimeSpan.FromSeconds(60));
            foreach (var queue in new[] { "clue-proposed", "clue-registered" })
            {
                await Observe.EventuallyAsync(async () => await Observe.QueueDrainedAsync(node, queue) ? "drained" : null, ct);
            }

            // Petitions: N petitions, N proposals sent, N registrations taken back.
            Assert.Equal(Petitions, StoreLedger.Count(suite.Petitions, "petitions"));
            var petitionOutbox = Observe.Outbox(suite.Petitions.DataDirectory, "petitions.db");
            Assert.Equal(Petitions, petitionOutbox.Count(m => m.MessageType.EndsWith(":clue-proposed:v1", StringComparison.Ordinal)));
            // Clues: exactly N clues, each ClueRegistered once.
            Assert.Equal(Petitions, StoreLedger.Count(suite.Clues, "clues"));
            var clueOutbox = Observe.Outbox(suite.Clues.DataDirectory, "clues.db");
            Assert.Equal(Petitions, clueOutbox.Count(m => m.MessageType.EndsWith(":clue-registered:v1", StringComparison.Ordinal)));
            // CaseFiles: each petition and each clue registration once in the dossiers.
            Assert.Equal(Petitions, StoreLedger.Count(suite.CaseFiles, "dossier_entries", "f_kind = 'ClueRegistered'"));
            Assert.Equal(Petitions, StoreLedger.Count(suite.CaseFiles, "dossier_entries", "f_kind = 'Petition'"));

            // Every store's inbox: each message of a kind the service consumes, handled exactly once,
            // and nothing handled that no service sent.
            var sent = suite.Services.Values
                .SelectMany(s => Observe.Outbox(s.DataDirectory, StoreLedger.File(s)))
                .ToDictionary(m => m.MessageId, m => m.MessageType);
            var counts = new Dictionary<string, long>();
            foreach (var service in suite.Services.Values)
            {
                var handled = StoreLedger.Handled(service);
                Assert.All(handled, id => Assert.True(sent.ContainsKey(id), $"{service.Service} handled {id:N}, which no outbox holds."));
                foreach (var kind in handled.GroupBy(id => sent[id]))
                {
                    Assert.Equal(sent.Count(m => m.Value == kind.Key), kind.Count());
                    Assert.Equal(kind.Count(), kind.Distinct().Count());
                }

                var name = StoreLedger.File(service)[..^3];
                counts[name + "_outbox"] = Observe.Outbox(service.DataDirectory, StoreLedger.File(service)).Count;
                counts[name + "_inbox"] = handled.Count;
            }

            Assert.Equal(Petitions, StoreLedger.Handled(suite.Clues).Count(id => sent[id].EndsWith(":clue-proposed:v1", StringComparison.Ordinal)));
            Assert.Equal(Petitions, StoreLedger.Handled(suite.Petitions).Count(id => sent[id].EndsWith(":clue-registered:v1", StringComparison.Ordinal)));
            var internalErrors = suite.Services.Values.Sum(s => CountLines(s.Process.Output, "Unhandled error in"));
            Assert.Equal(0, internalErrors);

            counts["petitions_sent"] = Petitions;
            counts["clues"] = StoreLedger.Count(suite.Clues, "clues");
            counts["dossier_entries"] = StoreLedger.Count(suite.CaseFiles, "dossier_entries");
            counts["faults_injected"] = 2;
            counts["internal_errors"] = internalErrors;
            RunCounts.Record($"{nameof(GatewayRestartTests)}.{nameof(Services_killed_mid_scenario_and_restarted_lose_nothing_and_apply_nothing_twice)}", counts);
            output.WriteLine(string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}")));
        }
        catch (Exception) when (Report(suite))
        {
            throw;
        }
    }

    private static Task<Petition> TriageAsync(Protos.Petitions.V1.Petitions.PetitionsClient petitions, SuiteUnderTest suite, string id) =>
        petitions.TriagePetitionAsync(new TriagePetitionRequest
        {
            PetitionId = id,
            Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题" } },
        }, suite.As(Roles.Clerk)).ResponseAsync;

    private static int CountLines(string text, string fragment) =>
        text.Split('\n').Count(line => line.Contains(fragment, StringComparison.Ordinal));

    private bool Report(SuiteUnderTest suite)
    {
        output.WriteLine(suite.Diagnostics());
        return false;
    }
}
