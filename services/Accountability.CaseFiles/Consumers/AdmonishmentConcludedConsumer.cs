using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Talks;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class AdmonishmentConcludedConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<AdmonishmentConcluded>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.admonishment-concluded";
}
