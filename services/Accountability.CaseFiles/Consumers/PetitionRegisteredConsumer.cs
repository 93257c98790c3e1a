using Accountability.CaseFiles.Domain;
using Accountability.Contracts.Petitions;
using Accountability.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.CaseFiles.Consumers;

public sealed class PetitionRegisteredConsumer([FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store, DossierRecorder recorder, TimeProvider clock)
    : DossierConsumer<PetitionRegistered>(store, recorder, clock)
{
    protected override string ConsumerName => "casefiles.petition-registered";
}
