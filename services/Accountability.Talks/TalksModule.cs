using Accountability.Contracts.Talks;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Talks.Consumers;
using Accountability.Talks.Domain;
using Accountability.Talks.Grpc;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Api = Accountability.Protos.Talks.V1;

namespace Accountability.Talks;

/// <summary>The Talks service's three entry points, called alike by its own Program and the all-in-one host.</summary>
public static class TalksModule
{
    public const string Name = "talks";

    public static IServiceCollection AddTalks(this IServiceCollection services, IConfiguration configuration)
    {
        // The class maps both storage engines serialize through (shared with MongoDB.Bson).
        BsonMapping.EnsureRegistered();
        BsonMapping.Register<Talk>(cm =>
        {
            cm.UnmapProperty(t => t.OutstandingFollowUps);
            cm.UnmapProperty(t => t.ExplanationCountersigned);
            cm.UnmapProperty(t => t.FilingsComplete);
        });
        BsonMapping.Register<FollowUp>(cm => cm.UnmapProperty(f => f.DeadlineKind));
        BsonMapping.Register<Booking>();
        BsonMapping.Register<PersonCalendar>();
        services.AddOptions<TalksOptions>().Bind(configuration.GetSection(TalksOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TalksOptions>, TalksOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<TalksOptions>>().Value);
        services.AddServiceStore(Name);
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<TalkWorkflow>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<TalkQueries>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddDeadlineMonitor<Talk>(Name, Talk.Collection, ToEvent);

        var talks = Api.Talks.Descriptor;
        string[] workers = [Roles.Handler, Roles.Supervisor];
        string[] readers = [Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];
        services.AddRpcAccess(access => access
            .Allow(talks, "RequestTalk", workers)
            .Allow(talks, "ScheduleTalk", workers)
            .Allow(talks, "RescheduleTalk", workers)
            .Allow(talks, "RecordTalkMissed", workers)
            .Allow(talks, "CancelTalk", Roles.Supervisor)
            .Allow(talks, "RecordTalkHeld", workers)
            .Allow(talks, "RecordFollowUp", workers)
            .Allow(talks, "RecordAdmonishmentFiling", workers)
            .Allow(talks, "RecordTestScores", workers)
            .Allow(talks, "GetTestResults", [.. readers, Roles.OrgDept])
            .Allow(talks, "CloseTalk", workers)
            .Allow(talks, "GetTalk", readers)
            .Allow(talks, "ListTalks", readers)
            .Allow(talks, "GetAgenda", readers)
            .Allow(talks, "GetTalkStatistics", Roles.Supervisor, Roles.Auditor, Roles.Admin));
        return services;
    }

    public static IBusRegistrationConfigurator AddTalksConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<RequestInquiryTalkConsumer>();
        bus.AddConsumer<RequestFirstFormTalkConsumer>();
        return bus;
    }

    public static WebApplication MapTalks(this WebApplication app)
    {
        app.MapGrpcService<TalksGrpcService>();
        app.Services.GetRequiredService<RpcAccess>().EnsureCovers(Api.Talks.Descriptor);
        return app;
    }

    /// <summary>
    /// The reminder's breach (raised on the reminder day, see <see cref="TalkDeadlines.Reminder"/>)
    /// is the reminder; its approach raises nothing. Schedule-by and follow-up deadlines raise
    /// both alerts as <see cref="TalkDeadlineAlerted"/>.
    /// </summary>
    internal static object? ToEvent(Talk talk, TrackedDeadline deadline, DeadlineAlert alert, DateTimeOffset now)
    {
        if (deadline.Kind == TalkDeadlines.Reminder)
        {
            return alert == DeadlineAlert.Breached && talk.Start is { } start
                ? new TalkReminderDue { TalkId = talk.Id, Kind = Names.Snake(talk.Kind), Start = start, Talkers = talk.Talkers, DetectedAt = now }
                : null;
        }

        var followUp = talk.FollowUps.FirstOrDefault(f => f.DeadlineKind == deadline.Kind);
        return new TalkDeadlineAlerted
        {
            TalkId = talk.Id,
            Kind = followUp is null ? deadline.Kind : "follow_up",
            Alert = alert == DeadlineAlert.Breached ? "breached" : "approaching",
            DueDate = deadline.DueDate,
            FollowUpKind = followUp is null ? null : Names.Snake(followUp.Kind),
            CadreId = followUp?.CadreId,
            DetectedAt = now,
        };
    }
}
