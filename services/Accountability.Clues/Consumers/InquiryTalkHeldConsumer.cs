using Accountability.Clues.Domain;
using Accountability.Contracts.Talks;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Clues.Consumers;

/// <summary>
/// The Talks service held the talk of a talk inquiry: the clue moves from TALK_REQUESTED to
/// INQUIRY_ANSWERED and its report month starts (§3.3, Art.30). The inbox skips a redelivered
/// message id; a copy under another id finds the clue already answered and changes nothing.
/// </summary>
public sealed class InquiryTalkHeldConsumer(
    [FromKeyedServices(CluesModule.Name)] IDocumentStore store,
    ClueWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<InquiryTalkHeld>(store, clock)
{
    protected override string ConsumerName => "clues.inquiry-talk-held";

    protected override Task HandleAsync(InquiryTalkHeld message, WriteBatch batch, CancellationToken ct) =>
        workflow.RecordTalkResultAsync(message, batch, ct);
}
