using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Clues;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class OutcomeDecidedConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<OutcomeDecided>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.outcome-decided";
}
