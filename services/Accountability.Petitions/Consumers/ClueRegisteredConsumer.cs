using Accountability.Contracts.Clues;
using Accountability.Petitions.Domain;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Petitions.Consumers;

/// <summary>Links a petition to the clue the Clues service registered from its proposal.</summary>
public sealed class ClueRegisteredConsumer(
    [FromKeyedServices(PetitionsModule.Name)] IDocumentStore store,
    PetitionWorkflow workflow,
    TimeProvider clock) : PetitionEventConsumer<ClueRegistered>(store, workflow, clock)
{
    protected override string ConsumerName => "petitions.clue-registered";

    protected override string? PetitionIdOf(ClueRegistered message) => message.ProposalId is null ? null : message.PetitionId;

    protected override void Apply(PetitionWorkflow workflow, Petition petition, ClueRegistered message, WriteBatch batch) =>
        workflow.ApplyClueRegistered(petition, message.ProposalId!, message.ClueId, batch);
}
