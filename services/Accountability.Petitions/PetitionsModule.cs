using Accountability.Petitions.Consumers;
using Accountability.Petitions.Domain;
using Accountability.Petitions.Grpc;
using Accountability.Contracts.Petitions;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Api = Accountability.Protos.Petitions.V1;

namespace Accountability.Petitions;

/// <summary>The Petitions service's three entry points, called alike by its own Program and the all-in-one host.</summary>
public static class PetitionsModule
{
    public const string Name = "petitions";

    public static IServiceCollection AddPetitions(this IServiceCollection services, IConfiguration configuration)
    {
        // The class maps both storage engines serialize through (shared with MongoDB.Bson).
        BsonMapping.EnsureRegistered();
        BsonMapping.Register<Petition>();
        services.AddOptions<PetitionsOptions>().Bind(configuration.GetSection(PetitionsOptions.Section))
            .Validate(o => !o.Validate().Any(), "Petitions options are out of range (working days, similarity threshold, limits).")
            .Validate<OrganDirectory>((o, organs) => organs.Find(o.OrganId) is { } organ && o.OwnLevels.ContainsKey(organ.Level), "Petitions:OrganId must name an organ of seeds/organs/organs.json whose level has an entry in Petitions:OwnLevels.")
            .ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<PetitionsOptions>>().Value);
        services.AddServiceStore(Name);
        services.AddSingleton<JurisdictionRules>();
        services.AddSingleton<ReceiptCodes>();
        services.AddSingleton<ReceiptRateLimiter>();
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<PetitionWorkflow>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<PetitionQueries>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ReporterDeskGrpcService>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddDeadlineMonitor<Petition>(Name, Petition.Collection, (petition, deadline, alert, now) => alert == DeadlineAlert.Breached
            ? new PetitionDeadlineBreached { PetitionId = petition.Id, Kind = deadline.Kind, DueDate = deadline.DueDate, DetectedAt = now }
            : new PetitionDeadlineApproaching { PetitionId = petition.Id, Kind = deadline.Kind, DueDate = deadline.DueDate, DetectedAt = now });

        var petitions = Api.Petitions.Descriptor;
        var desk = Api.ReporterDesk.Descriptor;
        string[] readers = [Roles.Clerk, Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];
        services.AddRpcAccess(access => access
            .Allow(petitions, "SubmitPetition", Roles.Intake, Roles.Clerk)
            .Allow(petitions, "GetPetition", readers)
            .Allow(petitions, "ListPetitions", readers)
            .Allow(petitions, "VerifyReporter", Roles.Clerk)
            .Allow(petitions, "ScreenPetition", Roles.Clerk)
            .Allow(petitions, "OverrideRepeat", Roles.Clerk, Roles.Supervisor)
            .Allow(petitions, "RecordAcceptanceNotice", Roles.Clerk)
            .Allow(petitions, "TriagePetition", Roles.Clerk, Roles.Supervisor)
            .Allow(petitions, "RecordFeedback", Roles.Clerk, Roles.Handler)
            .Allow(petitions, "RecordObjection", Roles.Clerk)
            .Allow(petitions, "ReopenPetition", Roles.Clerk, Roles.Supervisor)
            .Allow(petitions, "ArchivePetition", Roles.Clerk)
            .Allow(petitions, "GetStatistics", Roles.Clerk, Roles.Supervisor, Roles.Auditor, Roles.Admin)
            .Allow(petitions, "RevealReporterIdentity", Roles.Custodian)
            .AllowAnonymous(desk, "GetReceiptStatus")
            .AllowAnonymous(desk, "AddReporterMessage"));
        return services;
    }

    public static IBusRegistrationConfigurator AddPetitionsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ClueRegisteredConsumer>();
        bus.AddConsumer<ClueConcludedConsumer>();
        bus.AddConsumer<FalseAccusationFoundConsumer>();
        return bus;
    }

    public static WebApplication MapPetitions(this WebApplication app)
    {
        app.MapGrpcService<PetitionsGrpcService>();
        app.MapGrpcService<ReporterDeskGrpcService>();
        var access = app.Services.GetRequiredService<RpcAccess>();
        access.EnsureCovers(Api.Petitions.Descriptor);
        access.EnsureCovers(Api.ReporterDesk.Descriptor);
        return app;
    }
}
