using Accountability.Contracts.Clues;
using Accountability.Petitions.Domain;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Petitions.Consumers;

/// <summary>Records a concluded clue; the petition closes when its last clue concludes.</summary>
public sealed class ClueConcludedConsumer(
    [FromKeyedServices(PetitionsModule.Name)] IDocumentStore store,
    PetitionWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<ClueConcluded>(store, clock)
{
    private readonly IDocumentStore _store = store;

    protected override string ConsumerName => "petitions.clue-concluded";

    protected override async Task HandleAsync(ClueConcluded message, WriteBatch batch, CancellationToken ct)
    {
        if (message.PetitionId is null || message.ProposalId is null)
        {
            return;
        }

        var petition = await _store.GetAsync(Petition.Collection, message.PetitionId, ct)
            ?? throw new InvalidOperationException($"ClueConcluded names petition {message.PetitionId}, which does not exist.");
        workflow.ApplyClueConcluded(petition, message.ProposalId, message.ClueId, message.Result, batch);
    }
}
