using Accountability.Contracts.Clues;
using Accountability.Petitions.Domain;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Petitions.Consumers;

/// <summary>Records a concluded clue; the petition closes when its last clue concludes.</summary>
public sealed class ClueConcludedConsumer(
    [FromKeyedServices(PetitionsModule.Name)] IDocumentStore store,
    PetitionWorkflow workflow,
    TimeProvider clock) : PetitionEventConsumer<ClueConcluded>(store, workflow, clock)
{
    protected override string ConsumerName => "petitions.clue-concluded";

    protected override string? PetitionIdOf(ClueConcluded message) => message.ProposalId is null ? null : message.PetitionId;

    protected override void Apply(PetitionWorkflow workflow, Petition petition, ClueConcluded message, WriteBatch batch) =>
        workflow.ApplyClueConcluded(petition, message.ProposalId!, message.ClueId, message.Result, batch);
}
