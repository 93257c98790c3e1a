using Accountability.Clues.Domain;
using Accountability.Contracts.CaseFiles;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Clues.Consumers;

/// <summary>
/// Registers one clue (source "personal_matters_check") per referral of the CaseFiles service's
/// personal-matters checks. The inbox skips a redelivered message id; the referral's unique
/// idempotency scope stops a copy under another message id.
/// </summary>
public sealed class PersonalMattersReferredConsumer(
    [FromKeyedServices(CluesModule.Name)] IDocumentStore store,
    ClueWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<PersonalMattersReferred>(store, clock)
{
    protected override string ConsumerName => "clues.personal-matters-referred";

    /// <summary>The clue this delivery registers, numbered when it commits; null if one exists.</summary>
    private Clue? _clue;

    protected override async Task HandleAsync(PersonalMattersReferred message, WriteBatch batch, CancellationToken ct) =>
        _clue = await workflow.ReferredClueAsync(message, batch, ct);

    protected override Task CommitAsync(WriteBatch batch, CancellationToken ct) =>
        _clue is null ? base.CommitAsync(batch, ct) : workflow.CommitNewAsync(Caller.System("casefiles"), _clue, batch, ct);
}
