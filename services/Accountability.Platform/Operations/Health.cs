using Accountability.Platform.Audit;
using Accountability.Platform.Storage;
using Grpc.AspNetCore.HealthChecks;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Accountability.Platform.Operations;

/// <summary>
/// Health as the gRPC health service reports it. Liveness ("liveness") says only that the process
/// answers; readiness ("" and each store's service name, e.g. "petitions") also needs every store
/// to answer a real query and the bus to be fully connected. MassTransit's own check (tagged "ready")
/// reports a bus whose endpoints lost the broker as Degraded, which gRPC health answers SERVING;
/// ours treats anything but Healthy as not ready.
/// </summary>
public static class Health
{
    /// <summary>Tag of the checks that decide whether the process should get traffic.</summary>
    public const string Ready = "readiness";

    /// <summary>Tag of the checks that decide whether the process should be restarted.</summary>
    public const string Live = "live";

    /// <summary>The gRPC health service name that reports liveness only.</summary>
    public const string LivenessService = "liveness";

    private const string StoreTag = "store";
    private const string StorePrefix = "store:";
    private static readonly TimeSpan StoreTimeout = TimeSpan.FromSeconds(3);

    /// <summary>Adds the liveness check and maps the gRPC health service names (called once by the platform).</summary>
    public static IServiceCollection AddAccountabilityHealth(this IServiceCollection services)
    {
        services.AddGrpcHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy(), [Live]);
        services.AddOptions<GrpcHealthChecksOptions>().Configure<IEnumerable<ServiceStoreName>>((options, stores) =>
        {
            options.Services.Map(string.Empty, check => check.Tags.Contains(Ready));
            options.Services.Map(LivenessService, check => check.Tags.Contains(Live));
            foreach (var store in stores)
            {
                // A service is ready when its own store answers and the bus is connected.
                options.Services.Map(store.Name, check => check.Tags.Contains(Ready)
                    && (!check.Tags.Contains(StoreTag) || check.Name == StorePrefix + store.Name));
            }
        });
        return services;
    }

    /// <summary>Adds the readiness check of one service's store (called by <see cref="DocumentStores.AddServiceStore"/>).</summary>
    public static IServiceCollection AddStoreHealthCheck(this IServiceCollection services, string service)
    {
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            StorePrefix + service,
            provider => new StoreHealthCheck(provider.GetRequiredKeyedService<IDocumentStore>(service)),
            HealthStatus.Unhealthy,
            [Ready, StoreTag],
            StoreTimeout));
        return services;
    }

    /// <summary>Adds the readiness check of the bus (called by <see cref="Messaging.MessagingSetup.AddAccountabilityMessaging"/>).</summary>
    public static IServiceCollection AddBusHealthCheck(this IServiceCollection services)
    {
        services.AddHealthChecks().Add(new HealthCheckRegistration(
            "bus",
            provider => new BusHealthCheck(provider.GetRequiredService<IBusControl>()),
            HealthStatus.Unhealthy,
            [Ready]));
        return services;
    }

    /// <summary>Ready only when the bus and every receive endpoint are healthy (connected and consuming).</summary>
    private sealed class BusHealthCheck(IBusControl bus) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var health = bus.CheckHealth();
            return Task.FromResult(health.Status == BusHealthStatus.Healthy
                ? HealthCheckResult.Healthy("The bus is connected.")
                : new HealthCheckResult(context.Registration.FailureStatus, $"The bus is {health.Status}: {health.Description}"));
        }
    }

    /// <summary>Reads the audit chain's head by id: one indexed point read, on SQLite and MongoDB alike.</summary>
    private sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.GetAsync(AuditHead.Collection, AuditHead.HeadId, cancellationToken);
                return HealthCheckResult.Healthy($"The {store.Name} store answers.");
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The exception's message only: a health answer never carries data or a stack.
                return new HealthCheckResult(context.Registration.FailureStatus, $"The {store.Name} store does not answer: {e.GetType().Name}.");
            }
        }
    }
}
