using Accountability.Clues.Domain;
using Accountability.Contracts.Petitions;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Clues.Consumers;

/// <summary>
/// Registers one clue per clue proposal of the Petitions service. The inbox skips a redelivered
/// message id; the proposal's unique idempotency scope also stops a second copy under another
/// message id (a lost publisher confirm re-sent by the outbox): it finds the clue and adds nothing,
/// and a concurrent copy that loses the race on the unique index is retried and then finds it.
/// </summary>
public sealed class ClueProposedConsumer(
    [FromKeyedServices(CluesModule.Name)] IDocumentStore store,
    ClueWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<ClueProposed>(store, clock)
{
    protected override string ConsumerName => "clues.clue-proposed";

    /// <summary>The clue this delivery registers, numbered when it commits; null if one exists.</summary>
    private Clue? _clue;

    protected override async Task HandleAsync(ClueProposed message, WriteBatch batch, CancellationToken ct) =>
        _clue = await workflow.ProposedClueAsync(message, batch, ct);

    protected override Task CommitAsync(WriteBatch batch, CancellationToken ct) =>
        _clue is null ? base.CommitAsync(batch, ct) : workflow.CommitNewAsync(Caller.System("petitions"), _clue, batch, ct);
}
