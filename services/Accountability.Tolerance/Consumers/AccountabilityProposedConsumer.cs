using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Tolerance.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Tolerance.Consumers;

/// <summary>
/// Opens the matter of a Clues accountability proposal. The inbox skips a redelivered message id;
/// the proposal id, a unique key, also stops a copy under another message id.
/// </summary>
public sealed class AccountabilityProposedConsumer(
    [FromKeyedServices(ToleranceModule.Name)] IDocumentStore store,
    MatterWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<AccountabilityProposed>(store, clock)
{
    protected override string ConsumerName => "tolerance.accountability-proposed";

    protected override Task HandleAsync(AccountabilityProposed message, WriteBatch batch, CancellationToken ct) =>
        workflow.OpenFromProposalAsync(message, batch, ct);
}
