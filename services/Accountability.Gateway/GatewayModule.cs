using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Accountability.Gateway;

public static class GatewayModule
{
    public static WebApplicationBuilder AddAccountabilityGateway(this WebApplicationBuilder builder)
    {
        // Kestrel cannot serve HTTP/1.1 and prior-knowledge h2c on one cleartext port (an Http1AndHttp2
        // endpoint without TLS speaks HTTP/1.1 only; GatewayProtocolTests shows it). So the gateway listens
        // twice: Urls (5079; 8080 in compose) is HTTP/2 for gRPC clients (and JSON over HTTP/2),
        // Gateway:JsonUrl (5078; 8081 in compose) is HTTP/1.1 for JSON clients.
        var jsonUrl = builder.Configuration["Gateway:JsonUrl"];
        if (!string.IsNullOrEmpty(jsonUrl))
        {
            if (!Uri.TryCreate(jsonUrl.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var json) || json.Scheme != "http")
            {
                throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), [$"Gateway:JsonUrl = '{jsonUrl}' is not an http:// address."]);
            }

            var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
            builder.WebHost.UseUrls([.. (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), jsonUrl]);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
                listen.Protocols = listen.IPEndPoint?.Port == json.Port ? HttpProtocols.Http1 : HttpProtocols.Http2));
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2));
        }

        var options = builder.Configuration.GetSection(GatewayOptions.Section).Get<GatewayOptions>() ?? new GatewayOptions();
        var problems = options.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(GatewayOptions.Section, typeof(GatewayOptions), problems);
        }

        var (routes, clusters) = GatewayRoutes.Build(options);
        builder.Services.AddSingleton(options);
        // Authorization passes through untouched (the services check the bearer token); X-Forwarded-For
        // is set to the caller's address, replacing any the caller sent, so a service that trusts this
        // gateway (Network:TrustedProxies) sees the real client and a caller cannot forge one.
        builder.Services.AddReverseProxy().LoadFromMemory(routes, clusters);
        builder.Services.AddGrpc();
        // The gateway's own health (no service named): serving once its routes are loaded with at least one
        // service. A service's health is asked through the gateway with the x-accountability-service header.
        builder.Services.AddGrpcHealthChecks().AddCheck("routes", () => clusters.Count > 0
            ? HealthCheckResult.Healthy($"{clusters.Count} services routed")
            : HealthCheckResult.Unhealthy("Gateway:Services names no service address."));
        return builder;
    }

    public static WebApplication MapAccountabilityGateway(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapReverseProxy();
        return app;
    }
}
