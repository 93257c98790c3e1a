using Accountability.Gateway;
using Accountability.Platform.Hosting;
using Accountability.Platform.Operations;

// One address for every service: gRPC (h2c) on Urls and JSON over HTTP/1.1 on Gateway:JsonUrl,
// forwarded over h2c to the service that owns the path (Gateway:Services:<Name>).
// `probe` asks a running gateway's own health (exit 0 when SERVING), as compose's health check does.
if (await ServiceCommands.TryRunAsync(args) is int exit)
{
    return exit;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAccountabilityGateway();

var app = builder.Build();
app.MapAccountabilityGateway();
return await ServerRunner.RunAsync(app, "Accountability gateway");
