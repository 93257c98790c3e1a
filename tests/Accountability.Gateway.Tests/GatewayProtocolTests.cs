using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Accountability.Gateway.Tests;

/// <summary>
/// Why the gateway has two ports: Kestrel's Http1AndHttp2 on a cleartext endpoint does not take
/// prior-knowledge h2c (gRPC clients' HTTP/2 without TLS), only HTTP/1.1; an Http2 endpoint takes h2c.
/// </summary>
public sealed class GatewayProtocolTests
{
    [Fact]
    public async Task Cleartext_http1_and_http2_endpoint_refuses_prior_knowledge_h2c()
    {
        await using var app = await StartAsync(HttpProtocols.Http1AndHttp2);

        Assert.Equal(HttpVersion.Version11, await VersionAsync(app, HttpVersion.Version11));
        await Assert.ThrowsAsync<HttpRequestException>(() => VersionAsync(app, HttpVersion.Version20));
    }

    [Fact]
    public async Task Cleartext_http2_endpoint_takes_prior_knowledge_h2c()
    {
        await using var app = await StartAsync(HttpProtocols.Http2);

        Assert.Equal(HttpVersion.Version20, await VersionAsync(app, HttpVersion.Version20));
    }

    private static async Task<WebApplication> StartAsync(HttpProtocols protocols)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = protocols));
        var app = builder.Build();
        app.MapGet("/", (HttpContext context) => context.Request.Protocol);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static async Task<Version> VersionAsync(WebApplication app, Version version)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, app.Urls.Single()) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var reply = await client.SendAsync(request, TestContext.Current.CancellationToken);
        reply.EnsureSuccessStatusCode();
        return reply.Version;
    }
}
