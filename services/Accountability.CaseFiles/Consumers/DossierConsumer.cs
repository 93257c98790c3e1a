using Accountability.CaseFiles.Domain;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Consumers;

/// <summary>
/// Records an event of another service into the dossiers. The inbox skips a redelivered message
/// id; the entry's fact key (not the message id) stops a copy under another id or a replay, so a
/// dossier is the same however often and in whatever order its events arrive.
/// </summary>
public abstract class DossierConsumer<TEvent>(IDocumentStore store, DossierRecorder recorder, TimeProvider clock) : IdempotentConsumer<TEvent>(store, clock)
    where TEvent : class
{
    protected override Task HandleAsync(TEvent message, WriteBatch batch, CancellationToken ct) => recorder.RecordAsync(message, batch, ct);
}
