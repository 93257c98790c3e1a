using Accountability.Clues.Domain;
using Accountability.Contracts.Talks;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Clues.Consumers;

/// <summary>
/// The Talks service reports that the talk of a talk inquiry did not take place (cancelled, missed,
/// every subject absent): a step signed system:talks on the clue, which stays TALK_REQUESTED
/// (<see cref="ClueWorkflow.RecordTalkNotHeldAsync"/>). The inbox skips a redelivered message id;
/// the clue's recorded notices stop a copy under another id.
/// </summary>
public sealed class InquiryTalkNotHeldConsumer(
    [FromKeyedServices(CluesModule.Name)] IDocumentStore store,
    ClueWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<InquiryTalkNotHeld>(store, clock)
{
    protected override string ConsumerName => "clues.inquiry-talk-not-held";

    protected override Task HandleAsync(InquiryTalkNotHeld message, WriteBatch batch, CancellationToken ct) =>
        workflow.RecordTalkNotHeldAsync(message, batch, ct);
}
