using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Talks;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class CommitmentLetterReceivedConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<CommitmentLetterReceived>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.commitment-letter-received";
}
