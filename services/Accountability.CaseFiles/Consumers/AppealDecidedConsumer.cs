using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class AppealDecidedConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<AppealDecided>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.appeal-decided";
}
