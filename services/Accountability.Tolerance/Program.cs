using Accountability.Platform.Hosting;
using Accountability.Platform.Messaging;
using Accountability.Platform.Operations;
using Accountability.Tolerance;

// The Tolerance service as its own process: RabbitMQ (or in-memory) and SQLite or MongoDB,
// chosen by configuration (appsettings.json, environment, command line).
// `probe` checks a running instance's health (exit 0 when SERVING); `backup`/`restore` copy its SQLite stores.
if (await ServiceCommands.TryRunAsync(args) is int exit)
{
    return exit;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddAccountabilityPlatform();
builder.Services.AddTolerance(builder.Configuration);
builder.Services.AddAccountabilityMessaging(builder.Configuration, bus => bus.AddToleranceConsumers());

var app = builder.Build();
app.MapAccountabilityPlatform();
app.MapTolerance();
return await ServerRunner.RunAsync(app, "Accountability Tolerance service");
