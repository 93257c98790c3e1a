using Accountability.Contracts.Tolerance;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Tolerance.Consumers;
using Accountability.Tolerance.Domain;
using Accountability.Tolerance.Grpc;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Api = Accountability.Protos.Tolerance.V1;

namespace Accountability.Tolerance;

/// <summary>The Tolerance service's three entry points, called alike by its own Program and the all-in-one host.</summary>
public static class ToleranceModule
{
    public const string Name = "tolerance";

    public static IServiceCollection AddTolerance(this IServiceCollection services, IConfiguration configuration)
    {
        // The class maps both storage engines serialize through (shared with MongoDB.Bson).
        BsonMapping.EnsureRegistered();
        BsonMapping.Register<Matter>();
        BsonMapping.Register<Target>(cm => cm.UnmapProperty(t => t.DisplayName));
        BsonMapping.Register<ToleranceApplication>(cm =>
        {
            cm.UnmapProperty(a => a.InProgress);
            cm.UnmapProperty(a => a.EndedUndecided);
        });
        BsonMapping.Register<AccountabilityDecision>(cm => cm.UnmapProperty(d => d.Exempted));
        BsonMapping.Register<RectificationTask>();
        BsonMapping.Register<ContinuedUseReview>();
        BsonMapping.Register<Evaluation>();
        BsonMapping.Register<RuleSetRecord>();
        services.AddOptions<ToleranceOptions>().Bind(configuration.GetSection(ToleranceOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ToleranceOptions>, ToleranceOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<ToleranceOptions>>().Value);
        services.AddSingleton(provider => new FormTable(provider.GetRequiredService<ToleranceOptions>()));
        services.AddServiceStore(Name);
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<RuleBook>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<MatterWorkflow>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ApplicationWorkflow>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<CorrectionWorkflow>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<ToleranceQueries>(provider, provider.GetRequiredKeyedService<IDocumentStore>(Name)));
        services.AddHostedService<RuleSeeding>();
        services.AddDeadlineMonitor<RectificationTask>(Name, RectificationTask.Collection, ToEvent);
        services.AddDeadlineMonitor<ContinuedUseReview>(Name, ContinuedUseReview.Collection, ToEvent);
        services.AddDeadlineMonitor<ToleranceApplication>(Name, ToleranceApplication.Collection, ToEvent);
        services.AddDeadlineMonitor<AccountabilityDecision>(Name, AccountabilityDecision.Collection, ToEvent);

        var tolerance = Api.Tolerance.Descriptor;
        string[] workers = [Roles.Handler, Roles.Supervisor];
        string[] readers = [Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];
        services.AddRpcAccess(access => access
            .Allow(tolerance, "OpenMatter", workers)
            .Allow(tolerance, "GetMatter", readers)
            .Allow(tolerance, "ListMatters", readers)
            .Allow(tolerance, "CloseMatter", Roles.Supervisor)
            .Allow(tolerance, "FileApplication", workers)
            .Allow(tolerance, "AcceptApplication", Roles.Supervisor)
            .Allow(tolerance, "RejectApplication", Roles.Supervisor)
            .Allow(tolerance, "VerifyApplication", workers)
            .Allow(tolerance, "ConveneCommittee", Roles.Supervisor)
            .Allow(tolerance, "RecordVote", Roles.Supervisor)
            .Allow(tolerance, "DecideApplication", Roles.Supervisor)
            .Allow(tolerance, "StartVotingRound", Roles.Supervisor)
            .Allow(tolerance, "WithdrawApplication", Roles.Supervisor)
            .Allow(tolerance, "RecordFeedback", workers)
            .Allow(tolerance, "FileToleranceDecision", workers)
            .Allow(tolerance, "PublishToleranceDecision", Roles.Supervisor)
            .Allow(tolerance, "GetApplication", readers)
            .Allow(tolerance, "ListApplications", readers)
            .Allow(tolerance, "ExplainDecision", readers)
            .Allow(tolerance, "DecideAccountability", Roles.Supervisor)
            .Allow(tolerance, "GetAccountabilityDecision", [.. readers, Roles.OrgDept])
            .Allow(tolerance, "ListAccountabilityDecisions", [.. readers, Roles.OrgDept])
            .Allow(tolerance, "RecordHandlingCompleted", workers)
            .Allow(tolerance, "FileAccountabilityDecision", workers)
            .Allow(tolerance, "FileAppeal", workers)
            .Allow(tolerance, "DecideAppeal", Roles.Supervisor)
            .Allow(tolerance, "AddRectificationTask", workers)
            .Allow(tolerance, "CompleteRectificationTask", workers)
            .Allow(tolerance, "ListRectificationTasks", readers)
            .Allow(tolerance, "ListContinuedUseReviews", [.. readers, Roles.OrgDept])
            .Allow(tolerance, "RecordContinuedUseReview", workers)
            .Allow(tolerance, "ApproveContinuedUse", Roles.Supervisor)
            .Allow(tolerance, "PublishRuleSet", Roles.Admin)
            .Allow(tolerance, "GetRuleSet", readers)
            .Allow(tolerance, "GetToleranceStatistics", Roles.Supervisor, Roles.Auditor, Roles.Admin));
        return services;
    }

    public static IBusRegistrationConfigurator AddToleranceConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<AccountabilityProposedConsumer>();
        return bus;
    }

    public static WebApplication MapTolerance(this WebApplication app)
    {
        app.MapGrpcService<ToleranceGrpcService>();
        app.Services.GetRequiredService<RpcAccess>().EnsureCovers(Api.Tolerance.Descriptor);
        return app;
    }

    /// <summary>A rectification task's approaching and overdue alerts.</summary>
    internal static object? ToEvent(RectificationTask task, TrackedDeadline deadline, DeadlineAlert alert, DateTimeOffset now) => new RectificationTaskAlerted
    {
        TaskId = task.Id,
        MatterId = task.MatterId,
        Owner = task.Owner,
        Alert = Alert(alert),
        DueDate = deadline.DueDate,
        DetectedAt = now,
    };

    /// <summary>An application's acceptance, verification or feedback deadline approaching or overdue.</summary>
    internal static object? ToEvent(ToleranceApplication application, TrackedDeadline deadline, DeadlineAlert alert, DateTimeOffset now) => new ToleranceDeadlineAlerted
    {
        Kind = deadline.Kind,
        ApplicationId = application.Id,
        MatterId = application.MatterId,
        Alert = Alert(alert),
        DueDate = deadline.DueDate,
        DetectedAt = now,
    };

    /// <summary>A decision's organisational-handling or appeal-decision deadline approaching or overdue.</summary>
    internal static object? ToEvent(AccountabilityDecision decision, TrackedDeadline deadline, DeadlineAlert alert, DateTimeOffset now) => new ToleranceDeadlineAlerted
    {
        Kind = deadline.Kind,
        DecisionId = decision.Id,
        MatterId = decision.MatterId,
        Alert = Alert(alert),
        DueDate = deadline.DueDate,
        DetectedAt = now,
    };

    private static string Alert(DeadlineAlert alert) => alert == DeadlineAlert.Breached ? "breached" : "approaching";

    /// <summary>
    /// The end of an impact period (its breach, raised the day after its last day, see
    /// <see cref="ToleranceDeadlines.ImpactPeriod"/>) makes the continued-use review due; its
    /// approach raises nothing.
    /// </summary>
    internal static object? ToEvent(ContinuedUseReview review, TrackedDeadline deadline, DeadlineAlert alert, DateTimeOffset now) =>
        alert == DeadlineAlert.Breached
            ? new ContinuedUseReviewDue
            {
                ReviewId = review.Id,
                MatterId = review.MatterId,
                DecisionId = review.DecisionId,
                Cadre = review.Cadre.ToInfo(),
                ImpactEndedOn = review.ImpactEndsOn,
                DetectedAt = now,
            }
            : null;
}
