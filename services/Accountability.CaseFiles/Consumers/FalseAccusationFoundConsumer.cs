using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Clues;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class FalseAccusationFoundConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<FalseAccusationFound>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.false-accusation-found";
}
