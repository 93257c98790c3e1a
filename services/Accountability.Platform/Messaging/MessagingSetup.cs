using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Platform.Messaging;

public static class MessagingSetup
{
    /// <summary>
    /// Adds MassTransit on the configured transport with the given consumers. Queue names carry
    /// the consumer's namespace, so two services never share a queue by accident.
    /// </summary>
    public static IServiceCollection AddAccountabilityMessaging(this IServiceCollection services, IConfiguration configuration, Action<IBusRegistrationConfigurator> consumers)
    {
        var options = configuration.GetSection(MessagingOptions.Section).Get<MessagingOptions>() ?? new MessagingOptions();
        Operations.Health.AddBusHealthCheck(services);
        services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(includeNamespace: true));
            consumers(bus);
            if (options.Transport == MessagingTransport.RabbitMq && options.QuorumQueues)
            {
                bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
                {
                    if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                    {
                        rabbit.SetQuorumQueue();
                    }
                });
            }

            if (options.Transport == MessagingTransport.RabbitMq)
            {
                var uri = new Uri(options.RabbitMqUri);
                bus.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(uri);
                    cfg.UseMessageRetry(r => r.Intervals(100, 500, 2000, 5000));
                    cfg.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, cfg) =>
                {
                    cfg.UseMessageRetry(r => r.Intervals(100, 500, 2000));
                    cfg.ConfigureEndpoints(context);
                });
            }
        });
        return services;
    }
}
