using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Talks.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Talks.Consumers;

/// <summary>Opens the 谈话提醒 or 诫勉 talk of a first-form outcome; one talk per request id, as for inquiry talks.</summary>
public sealed class RequestFirstFormTalkConsumer(
    [FromKeyedServices(TalksModule.Name)] IDocumentStore store,
    TalkWorkflow workflow,
    TimeProvider clock) : IdempotentConsumer<RequestFirstFormTalk>(store, clock)
{
    protected override string ConsumerName => "talks.request-first-form-talk";

    protected override Task HandleAsync(RequestFirstFormTalk message, WriteBatch batch, CancellationToken ct) =>
        workflow.RequestFirstFormTalkAsync(message, batch, ct);
}
