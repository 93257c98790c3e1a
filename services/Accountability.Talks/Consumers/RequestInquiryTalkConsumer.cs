using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Talks.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Talks.Consumers;

/// <summary>
/// Opens the talk of a talk inquiry the Clues service asks for. The inbox skips a redelivered
/// message id; the request id, a unique key, also stops a copy under another message id.
/// </summary>
public sealed class RequestInquiryTalkConsumer(
    [FromKeyedServices(TalksModule.Name)] IDocumentStore store,
    TalkWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<RequestInquiryTalk>(store, clock)
{
    protected override string ConsumerName => "talks.request-inquiry-talk";

    protected override Task HandleAsync(RequestInquiryTalk message, WriteBatch batch, CancellationToken ct) =>
        workflow.RequestInquiryTalkAsync(message, batch, ct);
}
