using Accountability.Contracts.Clues;
using Accountability.Petitions.Domain;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Petitions.Consumers;

/// <summary>Links a petition to the clue the Clues service registered from its proposal.</summary>
public sealed class ClueRegisteredConsumer(
    [FromKeyedServices(PetitionsModule.Name)] IDocumentStore store,
    PetitionWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<ClueRegistered>(store, clock)
{
    private readonly IDocumentStore _store = store;

    protected override string ConsumerName => "petitions.clue-registered";

    protected override async Task HandleAsync(ClueRegistered message, WriteBatch batch, CancellationToken ct)
    {
        if (message.PetitionId is null || message.ProposalId is null)
        {
            return; // A clue from another source (inspection, audit): not ours.
        }

        var petition = await _store.GetAsync(Petition.Collection, message.PetitionId, ct)
            ?? throw new InvalidOperationException($"ClueRegistered names petition {message.PetitionId}, which does not exist.");
        workflow.ApplyClueRegistered(petition, message.ProposalId, message.ClueId, batch);
    }
}
