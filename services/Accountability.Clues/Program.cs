using Accountability.Clues;
using Accountability.Platform.Hosting;
using Accountability.Platform.Messaging;

// The Clues service as its own process: RabbitMQ (or in-memory) and SQLite or MongoDB,
// chosen by configuration (appsettings.json, environment, command line).
var builder = WebApplication.CreateBuilder(args);
builder.AddAccountabilityPlatform();
builder.Services.AddClues(builder.Configuration);
builder.Services.AddAccountabilityMessaging(builder.Configuration, bus => bus.AddCluesConsumers());

var app = builder.Build();
app.MapAccountabilityPlatform();
app.MapClues();
return await ServerRunner.RunAsync(app, "Accountability Clues service");
