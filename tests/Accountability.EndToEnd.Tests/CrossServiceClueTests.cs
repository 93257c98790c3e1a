using System.Text.Json;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Petitions and Clues as separate processes over a private RabbitMQ node: a triaged petition
/// becomes exactly one registered clue per proposal, also when its events are delivered again.
/// </summary>
public sealed class CrossServiceClueTests(ITestOutputHelper output)
{
    [Fact(Timeout = 150_000)]
    public async Task Triaged_petition_becomes_one_clue_per_proposal_even_when_delivered_twice()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var probe = await ClueProposalProbe.StartAsync(node.AmqpUri, "e2e-cross-service-probe", ct);
        await using var petitions = await ServiceUnderTest.StartAsync(ServiceBinaries.Petitions, node.AmqpUri, ct);
        await using var clues = await ServiceUnderTest.StartAsync(ServiceBinaries.Clues, node.AmqpUri, ct);
        try
        {
            var submitted = await petitions.Petitions.SubmitPetitionAsync(new SubmitPetitionRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString("N"),
                Channel = Protos.Petitions.V1.Channel.Online,
                Kind = PetitionKind.Accusation,
                Facts = "反映某镇副镇长在道路工程中收受回扣，并安排亲属承接工程。",
                Accused = { new AccusedPerson { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township } },
                Disciplines = { Discipline.Integrity },
            }, petitions.As(Roles.Intake));
            await petitions.Petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级受理" }, petitions.As(Roles.Clerk));
            var triaged = await petitions.Petitions.TriagePetitionAsync(new TriagePetitionRequest
            {
                PetitionId = submitted.PetitionId,
                Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题" }, new ClueProposalInput { Summary = "反映安排亲属承接工程问题" } },
            }, petitions.As(Roles.Clerk));

            // Both proposals become clues, and Clues' ClueRegistered comes back to the petition.
            var linked = await Observe.EventuallyAsync(async () =>
            {
                var p = await petitions.Petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, petitions.As(Roles.Clerk));
                return p.ClueProposals.All(c => c.Status == ClueProposalStatus.Registered) ? p : null;
            }, ct, TimeSpan.FromSeconds(60));
            Assert.Equal(PetitionStatus.ClueLinked, linked.Status);
            Assert.Equal(2, (await ListCluesAsync(clues)).Count);

            // Deliver every ClueProposed again: once under its original message id (a redelivery)
            // and once under a new id (a second relay), straight from the Petitions outbox.
            var proposals = Observe.Outbox(petitions.DataDirectory, "petitions.db").Where(m => m.MessageType.EndsWith("clue-proposed:v1", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, proposals.Count);
            foreach (var message in proposals)
            {
                var type = ContractRegistry.Resolve(message.MessageType);
                var payload = JsonSerializer.Deserialize(message.Payload, type, ContractJson.Options)!;
                await probe.PublishAsync(payload, type, message.MessageId, ct);
                await probe.PublishAsync(payload, type, Guid.NewGuid(), ct);
            }

            // Clues has handled every copy when its queue is empty and nothing is in flight, and
            // its inbox holds the two originals plus the two copies under new ids (a copy under an
            // original id is dropped at the inbox without a write).
            await Observe.EventuallyAsync(async () => await Observe.QueueDrainedAsync(node, "clue-proposed") ? "drained" : null, ct, TimeSpan.FromSeconds(60));
            Assert.Equal(4, Observe.Count(clues.DataDirectory, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.clue-proposed:%'"));

            var registered = await ListCluesAsync(clues);
            Assert.Equal(2, registered.Count);
            Assert.Equal(2, Observe.Outbox(clues.DataDirectory, "clues.db").Count(m => m.MessageType.EndsWith("clue-registered:v1", StringComparison.Ordinal)));
            Assert.Equal(
                triaged.ClueProposals.Select(c => c.ProposalId).Order(),
                (await Task.WhenAll(registered.Select(async s => (await clues.Clues.GetClueAsync(new GetClueRequest { ClueId = s.ClueId }, clues.As(Roles.Supervisor))).ProposalId))).Order());
        }
        catch (Exception) when (Report(petitions, clues))
        {
            throw;
        }
    }

    private static async Task<List<ClueSummary>> ListCluesAsync(ServiceUnderTest clues)
    {
        var reply = await clues.Clues.ListCluesAsync(new ListCluesRequest { PageSize = 100 }, clues.As(Roles.Supervisor));
        return reply.Clues.ToList();
    }

    private bool Report(ServiceUnderTest petitions, ServiceUnderTest clues)
    {
        output.WriteLine(petitions.Diagnostics());
        output.WriteLine(clues.Diagnostics());
        return false;
    }
}
