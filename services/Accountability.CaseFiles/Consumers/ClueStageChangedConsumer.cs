using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Clues;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class ClueStageChangedConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<ClueStageChanged>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.clue-stage-changed";
}
