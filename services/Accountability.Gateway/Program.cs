using Accountability.Gateway;
using Accountability.Platform.Hosting;

// One address for every service: gRPC (h2c) and JSON over HTTP/1.1 on the same port, forwarded
// over h2c to the service that owns the path (Gateway:Services:<Name>).
var builder = WebApplication.CreateBuilder(args);
builder.AddAccountabilityGateway();

var app = builder.Build();
app.MapAccountabilityGateway();
return await ServerRunner.RunAsync(app, "Accountability gateway");
