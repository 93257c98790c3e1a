using Accountability.CaseFiles.Consumers;
using Accountability.CaseFiles.Domain;
using Accountability.CaseFiles.Grpc;
using Accountability.Contracts.CaseFiles;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Api = Accountability.Protos.CaseFiles.V1;

namespace Accountability.CaseFiles;

/// <summary>The CaseFiles service's three entry points, called alike by its own Program and the all-in-one host.</summary>
public static class CaseFilesModule
{
    public const string Name = "casefiles";

    public static IServiceCollection AddCaseFiles(this IServiceCollection services, IConfiguration configuration)
    {
        // The class maps both storage engines serialize through (shared with MongoDB.Bson).
        BsonMapping.EnsureRegistered();
        BsonMapping.Register<Cadre>();
        BsonMapping.Register<DirectoryOrgan>();
        BsonMapping.Register<DossierEntry>();
        BsonMapping.Register<DossierState>(cm => cm.UnmapProperty(s => s.Targets));
        BsonMapping.Register<IntegrityOpinion>();
        BsonMapping.Register<OpinionReason>();
        BsonMapping.Register<PersonalMattersCheck>();
        BsonMapping.Register<PersonalMattersItem>();
        BsonMapping.Register<PersonalMattersHandling>();
        BsonMapping.Register<RelativesBusinessCheck>(cm => cm.UnmapProperty(c => c.RiskPoints));
        BsonMapping.Register<RelativeBusiness>();
        services.AddOptions<CaseFilesOptions>().Bind(configuration.GetSection(CaseFilesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CaseFilesOptions>, CaseFilesOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CaseFilesOptions>>().Value);
        services.AddServiceStore(Name);
        services.AddHttpClient(DossierRebuilder.HttpClientName);
        AddWithStore<CadreDirectory>(services);
        AddWithStore<DirectoryImport>(services);
        AddWithStore<DossierRecorder>(services);
        AddWithStore<DossierReader>(services);
        AddWithStore<DossierQueries>(services);
        AddWithStore<DossierRebuilder>(services);
        AddWithStore<OpinionWorkflow>(services);
        AddWithStore<PersonalMattersWorkflow>(services);
        AddWithStore<FiguresCalculator>(services);
        services.AddHostedService<DirectorySeeder>();
        services.AddDeadlineMonitor<IntegrityOpinion>(Name, IntegrityOpinion.Collection, (opinion, deadline, alert, now) => new IntegrityOpinionDeadlineAlerted
        {
            OpinionId = opinion.Id,
            CadreId = opinion.CadreId,
            Alert = alert == DeadlineAlert.Breached ? "breached" : "approaching",
            DueDate = deadline.DueDate,
            DetectedAt = now,
        });

        var api = Api.CaseFiles.Descriptor;
        // A dossier spans every department's matters: handlers, whose work is one department's clues,
        // do not read it; supervisors, auditors and administrators do. Handlers still look cadres up.
        string[] dossierReaders = [Roles.Supervisor, Roles.Auditor, Roles.Admin];
        string[] opinionReaders = [Roles.OrgDept, Roles.Supervisor, Roles.Auditor, Roles.Admin];
        string[] checkers = [Roles.OrgDept, Roles.Supervisor];
        services.AddRpcAccess(access => access
            .Allow(api, "ImportDirectory", Roles.Admin, Roles.OrgDept)
            .Allow(api, "GetCadre", [.. dossierReaders, Roles.Handler, Roles.OrgDept])
            .Allow(api, "ListCadres", [.. dossierReaders, Roles.Handler, Roles.OrgDept])
            .Allow(api, "GetDossier", dossierReaders)
            .Allow(api, "GetTimeline", dossierReaders)
            .Allow(api, "ListUnmatchedMentions", Roles.Supervisor, Roles.Admin)
            .Allow(api, "RebuildDossiers", Roles.Admin)
            .Allow(api, "RequestIntegrityOpinion", Roles.OrgDept)
            .Allow(api, "RequestIntegrityOpinions", Roles.OrgDept)
            .Allow(api, "SignIntegrityOpinion", Roles.Supervisor)
            .Allow(api, "GetIntegrityOpinion", opinionReaders)
            .Allow(api, "ListIntegrityOpinions", opinionReaders)
            .Allow(api, "RecordPersonalMattersCheck", checkers)
            .Allow(api, "RecordPersonalMattersHandling", checkers)
            .Allow(api, "ListPersonalMattersChecks", [.. checkers, Roles.Auditor, Roles.Admin])
            .Allow(api, "GetComplianceRates", [.. checkers, Roles.Auditor, Roles.Admin])
            .Allow(api, "RecordRelativesBusinessCheck", checkers)
            .Allow(api, "GetPeriodFigures", Roles.Supervisor, Roles.OrgDept, Roles.Auditor, Roles.Admin));
        return services;
    }

    public static IBusRegistrationConfigurator AddCaseFilesConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<PetitionRegisteredConsumer>();
        bus.AddConsumer<PetitionScreenedConsumer>();
        bus.AddConsumer<PetitionClosedConsumer>();
        bus.AddConsumer<ClueRegisteredConsumer>();
        bus.AddConsumer<ClueStageChangedConsumer>();
        bus.AddConsumer<ClueConcludedConsumer>();
        bus.AddConsumer<FalseAccusationFoundConsumer>();
        bus.AddConsumer<OutcomeDecidedConsumer>();
        bus.AddConsumer<TalkHeldConsumer>();
        bus.AddConsumer<CommitmentLetterReceivedConsumer>();
        bus.AddConsumer<AdmonishmentConcludedConsumer>();
        bus.AddConsumer<AppointmentPostponementRecommendedConsumer>();
        bus.AddConsumer<AccountabilityMatterOpenedConsumer>();
        bus.AddConsumer<ToleranceAppliedConsumer>();
        bus.AddConsumer<ToleranceDecidedConsumer>();
        bus.AddConsumer<AccountabilityDecidedConsumer>();
        bus.AddConsumer<AppealDecidedConsumer>();
        bus.AddConsumer<ContinuedUseApprovedConsumer>();
        bus.AddConsumer<DecisionFiledConsumer>();
        return bus;
    }

    public static WebApplication MapCaseFiles(this WebApplication app)
    {
        app.MapGrpcService<CaseFilesGrpcService>();
        app.Services.GetRequiredService<RpcAccess>().EnsureCovers(Api.CaseFiles.Descriptor);
        return app;
    }

    private static void AddWithStore<T>(IServiceCollection services)
        where T : class =>
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<T>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
}
