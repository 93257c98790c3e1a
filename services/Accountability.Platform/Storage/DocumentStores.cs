using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using Accountability.Platform.Operations;
using Accountability.Platform.Storage.Mongo;
using Accountability.Platform.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MongoDB.Driver;

namespace Accountability.Platform.Storage;

/// <summary>Registers one document store per service, on the engine configuration picks.</summary>
public static class DocumentStores
{
    /// <summary>
    /// Adds the store of one service as a keyed <see cref="IDocumentStore"/> (key: the service
    /// name), with its outbox relay.
    /// </summary>
    public static IServiceCollection AddServiceStore(this IServiceCollection services, string service)
    {
        services.AddSingleton(new ServiceStoreName(service));
        services.TryAddMongoClient();
        services.AddKeyedSingleton<IDocumentStore>(service, (provider, _) =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            var chain = provider.GetRequiredService<AuditChain>();
            IDocumentStore store = options.Provider switch
            {
                StorageProvider.Mongo => new MongoDocumentStore(
                    service,
                    provider.GetRequiredService<IMongoClient>(),
                    options.MongoDatabasePrefix + service,
                    chain),
                _ => new SqliteDocumentStore(service, Path.Combine(options.DataDirectory, service + ".db"), chain),
            };
            return new SignallingDocumentStore(store, provider.GetRequiredKeyedService<OutboxSignal>(service));
        });
        services.AddKeyedSingleton<OutboxSignal>(service);
        services.AddStoreHealthCheck(service);
        services.AddSingleton<Microsoft.Extensions.Hosting.IHostedService>(provider => ActivatorUtilities.CreateInstance<OutboxRelay>(
            provider, provider.GetRequiredKeyedService<IDocumentStore>(service), provider.GetRequiredKeyedService<OutboxSignal>(service)));
        return services;
    }

    private static void TryAddMongoClient(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IMongoClient)))
        {
            return;
        }

        services.AddSingleton<IMongoClient>(provider =>
        {
            var options = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
            if (string.IsNullOrWhiteSpace(options.MongoConnectionString))
            {
                throw new InvalidOperationException("Storage:MongoConnectionString is required when Storage:Provider is Mongo.");
            }

            return new MongoClient(options.MongoConnectionString);
        });
    }
}

/// <summary>The name of a service whose store this process holds (one per module).</summary>
public sealed record ServiceStoreName(string Name);
