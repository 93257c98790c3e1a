using Accountability.Contracts.Clues;
using Accountability.Petitions.Domain;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Petitions.Consumers;

/// <summary>Marks a petition whose accusation the Clues service found false (诬告陷害).</summary>
public sealed class FalseAccusationFoundConsumer(
    [FromKeyedServices(PetitionsModule.Name)] IDocumentStore store,
    PetitionWorkflow workflow,
    TimeProvider clock) : PetitionEventConsumer<FalseAccusationFound>(store, workflow, clock)
{
    protected override string ConsumerName => "petitions.false-accusation-found";

    protected override string? PetitionIdOf(FalseAccusationFound message) => message.PetitionId;

    protected override void Apply(PetitionWorkflow workflow, Petition petition, FalseAccusationFound message, WriteBatch batch) =>
        workflow.ApplyFalseAccusation(petition, message.ClueId, batch);
}
