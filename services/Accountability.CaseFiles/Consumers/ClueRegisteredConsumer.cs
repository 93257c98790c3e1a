using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Clues;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class ClueRegisteredConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<ClueRegistered>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.clue-registered";
}
