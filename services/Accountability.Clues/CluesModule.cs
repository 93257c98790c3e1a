using Accountability.Clues.Consumers;
using Accountability.Clues.Domain;
using Accountability.Clues.Grpc;
using Accountability.Contracts.Clues;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Api = Accountability.Protos.Clues.V1;

namespace Accountability.Clues;

/// <summary>The Clues service's three entry points, called alike by its own Program and the all-in-one host.</summary>
public static class CluesModule
{
    public const string Name = "clues";

    public static IServiceCollection AddClues(this IServiceCollection services, IConfiguration configuration)
    {
        // The class maps both storage engines serialize through (shared with MongoDB.Bson).
        BsonMapping.EnsureRegistered();
        BsonMapping.Register<Clue>(cm => cm.UnmapProperty(c => c.VerificationPlanned));
        BsonMapping.Register<ClueSubject>(cm =>
        {
            cm.UnmapProperty(s => s.IsKeyOfficial);
            cm.UnmapProperty(s => s.Key);
        });
        BsonMapping.Register<Outcome>();
        services.AddOptions<CluesOptions>().Bind(configuration.GetSection(CluesOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CluesOptions>, CluesOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<CluesOptions>>().Value);
        services.AddSingleton(provider => new FourForms(provider.GetRequiredService<CluesOptions>()));
        services.AddServiceStore(Name);
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ClueWorkflow>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ClueQueries>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddDeadlineMonitor<Clue>(Name, Clue.Collection, (clue, deadline, alert, now) => new ClueDeadlineAlerted
        {
            ClueId = clue.Id,
            Kind = deadline.Kind,
            Alert = alert == DeadlineAlert.Breached ? "breached" : "approaching",
            DueDate = deadline.DueDate,
            Department = clue.Department,
            DetectedAt = now,
        });

        var clues = Api.Clues.Descriptor;
        string[] workers = [Roles.Handler, Roles.Supervisor];
        string[] readers = [Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];
        services.AddRpcAccess(access => access
            .Allow(clues, "RegisterClue", Roles.Intake, Roles.Handler, Roles.Supervisor)
            .Allow(clues, "GetClue", readers)
            .Allow(clues, "ListClues", readers)
            .Allow(clues, "AssignClue", Roles.Supervisor)
            .Allow(clues, "FlagForUpperReport", Roles.Supervisor)
            .Allow(clues, "DecideDisposal", Roles.Supervisor)
            .Allow(clues, "SendInquiryLetter", workers)
            .Allow(clues, "RequestInquiryTalk", workers)
            .Allow(clues, "RecordInquiryReply", workers)
            .Allow(clues, "RecordInquiryTalkHeld", workers)
            .Allow(clues, "ReportInquiry", workers)
            .Allow(clues, "PlanVerification", workers)
            .Allow(clues, "RecordVerificationMeasure", workers)
            .Allow(clues, "ExtendVerification", workers)
            .Allow(clues, "ReportVerification", workers)
            .Allow(clues, "RecordOutcome", Roles.Supervisor)
            .Allow(clues, "ConcludeCase", Roles.Supervisor)
            .Allow(clues, "ReviewHold", Roles.Supervisor)
            .Allow(clues, "RecordFalseAccusation", Roles.Supervisor)
            .Allow(clues, "GetClueStatistics", Roles.Supervisor, Roles.Auditor, Roles.Admin)
            .Allow(clues, "ProposeAccountability", workers));
        return services;
    }

    public static IBusRegistrationConfigurator AddCluesConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ClueProposedConsumer>();
        bus.AddConsumer<InquiryTalkHeldConsumer>();
        bus.AddConsumer<InquiryTalkNotHeldConsumer>();
        bus.AddConsumer<PersonalMattersReferredConsumer>();
        return bus;
    }

    public static WebApplication MapClues(this WebApplication app)
    {
        app.MapGrpcService<CluesGrpcService>();
        app.Services.GetRequiredService<RpcAccess>().EnsureCovers(Api.Clues.Descriptor);
        return app;
    }
}
