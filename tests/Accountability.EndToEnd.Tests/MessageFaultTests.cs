using System.Text;
using System.Text.Json;
using Accountability.Contracts.Clues;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using RabbitMQ.Client;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Duplicate and poison messages between processes: Petitions, Clues and CaseFiles on a private
/// RabbitMQ node (shared by the tests of this class, which run one after another). A
/// ClueRegistered delivered again, under its own message id and under a new one, changes neither
/// the petition nor the dossier; a ClueRegistered that can never be handled is retried a bounded
/// number of times, then moved to the error queue with its fault, while the messages behind it go through.
/// </summary>
public sealed class MessageFaultTests(MessageFaultTests.SharedFlow shared, ITestOutputHelper output) : IClassFixture<MessageFaultTests.SharedFlow>
{
    private const string Cadre = "c-qingshui-hexi-03";
    private const string PetitionsClueRegisteredQueue = "accountability-petitions-consumers-clue-registered";

    [Fact(Timeout = 120_000)]
    public async Task A_clue_registered_delivered_again_changes_neither_the_petition_nor_the_dossier()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        var flow = await shared.FlowAsync(ct);
        try
        {
            var (petitionId, clueId) = await PetitionToClueAsync(flow, "e2e-duplicate", ct);
            var dossiers = new Protos.CaseFiles.V1.CaseFiles.CaseFilesClient(flow.CaseFiles.Channel);
            var linked = await flow.Petitions.Petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = petitionId }, flow.Petitions.As(Roles.Clerk));
            var dossier = await Observe.EventuallyAsync(async () =>
                await dossiers.GetDossierAsync(new GetDossierRequest { CadreId = Cadre }, flow.CaseFiles.As(Roles.Supervisor)) is { } d
                    && d.OpenMatters.Any(m => m.Record == "clue:" + clueId) ? d : null, ct);
            var caseFilesInbox = InboxCount(flow.CaseFiles, "casefiles.db", "casefiles.clue-registered");
            var petitionsInbox = InboxCount(flow.Petitions, "petitions.db", "petitions.clue-registered");

            // The event again, straight from Clues' outbox: under its own id (a redelivery, a relay
            // that died before marking it) and under a new id (a second relay of the same fact).
            var message = Assert.Single(ExactlyOnce.Outbox(flow.Clues, "clues.db"), m => m.MessageType.EndsWith("clue-registered:v1", StringComparison.Ordinal)
                && JsonSerializer.Deserialize<ClueRegistered>(m.Payload, ContractJson.Options)!.ClueId == clueId);
            var payload = JsonSerializer.Deserialize<ClueRegistered>(message.Payload, ContractJson.Options)!;
            await shared.PublishAsync(payload, message.MessageId, ct);
            await shared.PublishAsync(payload, Guid.NewGuid(), ct);
            await Observe.EventuallyAsync(async () => await Observe.QueueDrainedAsync(flow.Node, "clue-registered") ? "drained" : null, ct);

            // Each consumer handled one new message id (the copy) and dropped the redelivery at its inbox.
            Assert.Equal(caseFilesInbox + 1, InboxCount(flow.CaseFiles, "casefiles.db", "casefiles.clue-registered"));
            Assert.Equal(petitionsInbox + 1, InboxCount(flow.Petitions, "petitions.db", "petitions.clue-registered"));

            // Neither changed anything: the petition is as it was, the dossier has the one entry.
            var after = await flow.Petitions.Petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = petitionId }, flow.Petitions.As(Roles.Clerk));
            Assert.Equal(linked, after);
            Assert.Single(ExactlyOnce.ClueEntries(flow.CaseFiles), id => id == clueId);
            var dossierAfter = await dossiers.GetDossierAsync(new GetDossierRequest { CadreId = Cadre, AsOf = dossier.AsOf }, flow.CaseFiles.As(Roles.Supervisor));
            Assert.Equal(dossier.EntryCount, dossierAfter.EntryCount);
            Assert.Equal(dossier.OpenMatters, dossierAfter.OpenMatters);
        }
        catch (Exception) when (Report(flow))
        {
            throw;
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task A_message_that_always_fails_goes_to_the_error_queue_with_its_fault_and_does_not_block_the_queue()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        var flow = await shared.FlowAsync(ct);
        try
        {
            // A well-formed ClueRegistered for a petition Petitions never had: its consumer refuses it
            // every time (an event naming an unknown petition is an error, PetitionEventConsumer).
            var poisonId = Guid.NewGuid();
            var unknownPetition = "pet_" + Guid.NewGuid().ToString("N");
            await shared.PublishAsync(
                new ClueRegistered
                {
                    ClueId = "clue_" + Guid.NewGuid().ToString("N"),
                    LedgerNumber = "XS-2026-999999",
                    ProposalId = "prop_" + Guid.NewGuid().ToString("N"),
                    PetitionId = unknownPetition,
                    RegisteredAt = DateTimeOffset.UtcNow,
                    Source = "petition",
                },
                poisonId,
                ct);

            // Published behind it on the same queue: a real petition's clue, which links the petition.
            var (petitionId, _) = await PetitionToClueAsync(flow, "e2e-behind-poison", ct);
            var linked = await flow.Petitions.Petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = petitionId }, flow.Petitions.As(Roles.Clerk));
            Assert.Equal(PetitionStatus.ClueLinked, linked.Status);

            // The poison ends in the error queue, with the fault that stopped it and its retry count.
            var faulted = await Observe.EventuallyAsync(() => PeekAsync(flow.Node, PetitionsClueRegisteredQueue + "_error", poisonId, ct), ct, TimeSpan.FromSeconds(60));
            output.WriteLine(string.Join('\n', faulted.Select(h => $"{h.Key}: {h.Value}")));
            Assert.Equal("fault", faulted["MT-Reason"]);
            Assert.Contains(nameof(InvalidOperationException), faulted["MT-Fault-ExceptionType"], StringComparison.Ordinal);
            Assert.Contains(unknownPetition, faulted["MT-Fault-Message"], StringComparison.Ordinal);
            Assert.Contains("ClueRegisteredConsumer", faulted["MT-Fault-ConsumerType"], StringComparison.Ordinal);

            // Retried a bounded number of times (the platform's policy: 4 retries, 100 ms to 5 s
            // apart), then left alone: the queue it came from is empty, nothing is in flight.
            Assert.Equal("4", faulted["MT-Fault-RetryCount"]);
            await Observe.EventuallyAsync(async () => (await ExactlyOnce.QueuesAsync(flow.Node)).TryGetValue(PetitionsClueRegisteredQueue, out var q) && q == (0, 0) ? "empty" : null, ct);
            Assert.Equal(0, ExactlyOnce.Count(flow.Petitions, "petitions.db", $"SELECT COUNT(*) FROM inbox WHERE id = 'petitions.clue-registered:{poisonId:N}' OR id = 'petitions.clue-registered:{poisonId}'"));
            RunCounts.Record($"{nameof(MessageFaultTests)}.{nameof(A_message_that_always_fails_goes_to_the_error_queue_with_its_fault_and_does_not_block_the_queue)}", new Dictionary<string, long>
            {
                ["faults_injected"] = 1,
                ["retries_before_error_queue"] = long.Parse(faulted["MT-Fault-RetryCount"], System.Globalization.CultureInfo.InvariantCulture),
                ["crashes"] = FlowServices.All(flow).Count(s => s.Process.HasExited),
                ["internal_errors"] = 0,
            });
        }
        catch (Exception) when (Report(flow))
        {
            throw;
        }
    }

    /// <summary>A petition accusing the directory's 李四, accepted and triaged; waits until its clue is linked.</summary>
    private static async Task<(string PetitionId, string ClueId)> PetitionToClueAsync(ExactlyOnce.Flow flow, string tag, CancellationToken ct)
    {
        var client = flow.Petitions.Petitions;
        var submitted = await client.SubmitPetitionAsync(new SubmitPetitionRequest
        {
            IdempotencyKey = tag + "-" + Guid.NewGuid().ToString("N"),
            Channel = Channel.Online,
            Kind = PetitionKind.Accusation,
            Facts = $"反映河西镇副镇长在{tag}道路工程招标中收受承包商回扣二十万元。",
            Accused = { new AccusedPerson { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township } },
            Disciplines = { Discipline.Integrity },
        }, flow.Petitions.As(Roles.Intake));
        await client.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级受理" }, flow.Petitions.As(Roles.Clerk));
        await client.TriagePetitionAsync(new TriagePetitionRequest
        {
            PetitionId = submitted.PetitionId,
            Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题", Disciplines = { Discipline.Integrity } } },
        }, flow.Petitions.As(Roles.Clerk));
        var linked = await Observe.EventuallyAsync(async () =>
            await client.GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, flow.Petitions.As(Roles.Clerk)) is { Status: PetitionStatus.ClueLinked } p ? p : null,
            ct, TimeSpan.FromSeconds(60));
        return (submitted.PetitionId, Assert.Single(linked.ClueProposals).ClueId);
    }

    private static long InboxCount(ServiceUnderTest service, string file, string consumer) =>
        ExactlyOnce.Count(service, file, $"SELECT COUNT(*) FROM inbox WHERE id LIKE '{consumer}:%'");

    /// <summary>The headers of the message with this id in the queue, or null; the message stays in the queue.</summary>
    private static async Task<Dictionary<string, string>?> PeekAsync(RabbitMqNode node, string queue, Guid messageId, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = node.AmqpUri };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, ct);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null; // Not declared yet: nothing has faulted so far.
        }

        await using var reader = await connection.CreateChannelAsync(cancellationToken: ct);
        for (var i = 0; i < 100; i++)
        {
            var got = await reader.BasicGetAsync(queue, autoAck: false, ct);
            if (got is null)
            {
                return null; // Unacknowledged gets return to the queue when the channel closes.
            }

            if (got.BasicProperties.MessageId == messageId.ToString() || Encoding.UTF8.GetString(got.Body.Span).Contains(messageId.ToString(), StringComparison.Ordinal))
            {
                return (got.BasicProperties.Headers ?? new Dictionary<string, object?>()).ToDictionary(
                    h => h.Key,
                    h => h.Value switch
                    {
                        byte[] bytes => Encoding.UTF8.GetString(bytes),
                        null => "",
                        var other => Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    });
            }
        }

        return null;
    }

    private bool Report(ExactlyOnce.Flow flow)
    {
        foreach (var service in FlowServices.All(flow))
        {
            output.WriteLine(service.Diagnostics());
        }

        output.WriteLine("--- broker log tail ---\n" + flow.Node.LogTail());
        return false;
    }

    /// <summary>One broker and the three services for the tests of this class, and a bus in the test process to publish copies.</summary>
    public sealed class SharedFlow : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private RabbitMqNode? _node;
        private ExactlyOnce.Flow? _flow;
        private ClueProposalProbe? _publisher;

        internal async Task<ExactlyOnce.Flow> FlowAsync(CancellationToken ct)
        {
            await _gate.WaitAsync(ct);
            try
            {
                if (_flow is null)
                {
                    _node = await RabbitMqNode.StartAsync(ct);
                    _flow = await FlowServices.StartAsync(_node, ct);
                    _publisher = await ClueProposalProbe.StartAsync(_node.AmqpUri, "e2e-message-faults-publisher", ct);
                }

                return _flow;
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task PublishAsync(ClueRegistered message, Guid messageId, CancellationToken ct) =>
            _publisher!.PublishAsync(message, typeof(ClueRegistered), messageId, ct);

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync()
        {
            if (_publisher is not null)
            {
                await _publisher.DisposeAsync();
            }

            if (_flow is not null)
            {
                await FlowServices.DisposeAsync(_flow);
            }

            if (_node is not null)
            {
                await _node.DisposeAsync();
            }

            _gate.Dispose();
        }
    }
}
