using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class ToleranceAppliedConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<ToleranceApplied>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.tolerance-applied";
}
