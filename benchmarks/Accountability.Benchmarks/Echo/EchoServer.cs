using Accountability.Benchmarks.Echo.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Accountability.Benchmarks.Echo;

/// <summary>
/// The baseline: Kestrel and ASP.NET Core gRPC on HTTP/2 without TLS, as the services run, with no
/// authentication, no store and no logging per call. It answers with the payload it was sent.
/// </summary>
public static class EchoServer
{
    public static async Task<int> RunAsync(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(e => e.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        var app = builder.Build();
        app.MapGrpcService<EchoService>();
        await app.RunAsync();
        return 0;
    }

    private sealed class EchoService : V1.Echo.EchoBase
    {
        public override Task<EchoReply> Echo(EchoRequest request, ServerCallContext context) =>
            Task.FromResult(new EchoReply { Payload = request.Payload });
    }
}
