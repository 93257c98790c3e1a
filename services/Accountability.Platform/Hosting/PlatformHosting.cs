using Accountability.Platform.Audit;
using Accountability.Platform.Calendar;
using Accountability.Platform.Errors;
using Accountability.Platform.Operations;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Accountability.Platform.Hosting;

/// <summary>
/// The composition every process shares: the all-in-one host and each service's own Program
/// call these, then add their modules. Configuration picks providers; code paths do not.
/// </summary>
public static class PlatformHosting
{
    public const int DefaultMaxReceiveMessageBytes = 1024 * 1024;

    public static WebApplicationBuilder AddAccountabilityPlatform(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.TryAddSingleton(TimeProvider.System);
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.Section));
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.SigningKey.Length == 0 || AuthOptions.IsValidKey(o.SigningKey), "Auth:SigningKey must be base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddOptions<ProtectionOptions>().Bind(configuration.GetSection(ProtectionOptions.Section))
            .Validate(o => !o.Validate().Any(), "Protection keys are missing or malformed: set Protection:ActiveKeyId, Protection:Keys:<id> (base64 32 bytes) and Protection:HashKey.")
            .ValidateOnStart();
        services.AddSingleton<FieldProtector>();
        services.AddSingleton(provider => new AuditChain(provider.GetRequiredService<FieldProtector>().DeriveKey("audit-chain")));
        services.AddSingleton(provider => LoadCalendar(configuration));
        services.AddSingleton(provider => Domain.OrganDirectory.Load(
            configuration["Organs:File"] ?? Path.Combine(AppContext.BaseDirectory, "seeds", "organs", "organs.json")));
        services.AddOptions<Deadlines.DeadlineOptions>().Bind(configuration.GetSection(Deadlines.DeadlineOptions.Section))
            .Validate(o => o.ScanInterval > TimeSpan.Zero && o.ScanInterval <= TimeSpan.FromDays(30), "Deadlines:ScanInterval must be positive and at most 30 days.")
            .Validate(o => o.ApproachingWorkingDays >= 0 && o.UtcOffsetHours is >= -12 and <= 14, "Deadlines:ApproachingWorkingDays must not be negative and Deadlines:UtcOffsetHours must be a real offset.")
            .ValidateOnStart();
        services.AddSingleton<Deadlines.DeadlineClock>();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));

        var access = new RpcAccess();
        access.AllowAnonymous("/grpc.health.v1.Health/Check")
            .AllowAnonymous("/grpc.health.v1.Health/Watch")
            .AllowAnonymous("/grpc.health.v1.Health/List")
            .AllowAnonymous("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")
            .AllowAnonymous("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo")
            .Allow(Protos.Audit.V1.Audit.Descriptor, "VerifyAuditChain", Roles.Auditor, Roles.Admin)
            .Allow(Protos.Audit.V1.Audit.Descriptor, "ListAuditRecords", Roles.Auditor, Roles.Admin, Roles.Custodian)
            // Replaying a service's events (CaseFiles' rebuild calls it with a short-lived auditor token of its own).
            .Allow(Protos.Events.V1.EventExport.Descriptor, "ExportEvents", Roles.Auditor, Roles.Admin);
        services.AddSingleton(access);
        services.AddSingleton<IAuthorizationHandler, RpcAccessHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Audience,
                    IssuerSigningKey = TokenIssuer.SigningKey(auth.Value),
                    RoleClaimType = "role",
                    NameClaimType = "sub",
                    ClockSkew = TimeSpan.FromSeconds(30),
                };
            });
        services.AddAuthorization(options =>
            options.FallbackPolicy = new AuthorizationPolicyBuilder().AddRequirements(new RpcAccessRequirement()).Build());

        services.AddGrpc(options =>
        {
            options.Interceptors.Add<Operations.RpcLogInterceptor>(); // outermost: logs the status the caller gets
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<CallLimitInterceptor>(); // inside the mapping: its refusal is a RESOURCE_EXHAUSTED with RetryInfo
            options.MaxReceiveMessageSize = configuration.GetValue("Grpc:MaxReceiveMessageBytes", DefaultMaxReceiveMessageBytes);
            options.EnableDetailedErrors = false;
        }).AddAccountabilityHttpApi();
        services.AddSingleton<ErrorMappingInterceptor>();
        services.AddSingleton<CallLimitInterceptor>();
        services.AddGrpcReflection();
        // Operations (issue 8): readiness and liveness health, JSON logs with trace ids, OTLP telemetry when configured.
        services.AddAccountabilityHealth();
        builder.AddAccountabilityLogs();
        builder.AddAccountabilityTelemetry();
        return builder;
    }

    /// <summary>Adds the monitor that raises a collection's deadline alerts as events.</summary>
    public static IServiceCollection AddDeadlineMonitor<TDocument>(this IServiceCollection services, string store, CollectionDefinition<TDocument> collection, Deadlines.DeadlineEventFactory<TDocument> toEvent)
        where TDocument : class, Deadlines.IHasDeadlines
    {
        services.AddSingleton(provider => ActivatorUtilities.CreateInstance<Deadlines.DeadlineMonitor<TDocument>>(
            provider, provider.GetRequiredKeyedService<IDocumentStore>(store), collection, toEvent));
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(provider => provider.GetRequiredService<Deadlines.DeadlineMonitor<TDocument>>());
        return services;
    }

    /// <summary>Adds access rules for a module's RPCs (one rule per RPC).</summary>
    public static IServiceCollection AddRpcAccess(this IServiceCollection services, Action<RpcAccess> rules)
    {
        var access = services.Select(d => d.ImplementationInstance).OfType<RpcAccess>().SingleOrDefault()
            ?? throw new InvalidOperationException("Call AddAccountabilityPlatform before adding a module.");
        rules(access);
        return services;
    }

    public static WebApplication MapAccountabilityPlatform(this WebApplication app)
    {
        // Behind a gateway or portal, the client's address comes from X-Forwarded-For, trusted
        // only from the proxies configured in Network:TrustedProxies (and loopback).
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor };
        foreach (var proxy in app.Configuration.GetSection("Network:TrustedProxies").Get<string[]>() ?? [])
        {
            forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
        }

        app.UseForwardedHeaders(forwarded);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGrpcService<AuditGrpcService>();
        app.MapGrpcService<Messaging.EventExportGrpcService>();
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapAccountabilityHttpApi();
        app.Services.GetRequiredService<RpcAccess>().EnsureCovers(Protos.Audit.V1.Audit.Descriptor);
        app.Services.GetRequiredService<RpcAccess>().EnsureCovers(Protos.Events.V1.EventExport.Descriptor);
        return app;
    }

    private static WorkingCalendar LoadCalendar(IConfiguration configuration)
    {
        var directory = configuration["Calendar:Directory"] ?? Path.Combine(AppContext.BaseDirectory, "seeds", "calendar");
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Calendar:Directory '{directory}' does not exist; it must hold seeds/calendar/<year>.json.");
        }

        return WorkingCalendar.LoadFromDirectory(directory);
    }
}
