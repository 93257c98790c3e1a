using Accountability.Petitions.Domain;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;

namespace Accountability.Petitions.Consumers;

/// <summary>
/// An event from another service about one of our petitions: events about clues from other
/// sources are ignored; an event naming a petition we do not have is an error (to the error queue).
/// </summary>
public abstract class PetitionEventConsumer<TMessage>(IDocumentStore store, PetitionWorkflow workflow, TimeProvider clock)
    : IdempotentConsumer<TMessage>(store, clock)
    where TMessage : class
{
    protected abstract string? PetitionIdOf(TMessage message);

    protected abstract void Apply(PetitionWorkflow workflow, Petition petition, TMessage message, WriteBatch batch);

    protected sealed override async Task HandleAsync(TMessage message, WriteBatch batch, CancellationToken ct)
    {
        if (PetitionIdOf(message) is not { } petitionId)
        {
            return;
        }

        var petition = await Store.GetAsync(Petition.Collection, petitionId, ct)
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} names petition {petitionId}, which does not exist.");
        Apply(workflow, petition, message, batch);
    }
}
