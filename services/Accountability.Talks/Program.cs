using Accountability.Platform.Hosting;
using Accountability.Platform.Messaging;
using Accountability.Talks;

// The Talks service as its own process: RabbitMQ (or in-memory) and SQLite or MongoDB,
// chosen by configuration (appsettings.json, environment, command line).
var builder = WebApplication.CreateBuilder(args);
builder.AddAccountabilityPlatform();
builder.Services.AddTalks(builder.Configuration);
builder.Services.AddAccountabilityMessaging(builder.Configuration, bus => bus.AddTalksConsumers());

var app = builder.Build();
app.MapAccountabilityPlatform();
app.MapTalks();
return await ServerRunner.RunAsync(app, "Accountability Talks service");
