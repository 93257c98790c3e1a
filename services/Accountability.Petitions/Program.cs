using Accountability.Petitions;
using Accountability.Platform.Hosting;
using Accountability.Platform.Messaging;

// The Petitions service as its own process: RabbitMQ (or in-memory) and SQLite or MongoDB,
// chosen by configuration (appsettings.json, environment, command line).
var builder = WebApplication.CreateBuilder(args);
builder.AddAccountabilityPlatform();
builder.Services.AddPetitions(builder.Configuration);
builder.Services.AddAccountabilityMessaging(builder.Configuration, bus => bus.AddPetitionsConsumers());

var app = builder.Build();
app.MapAccountabilityPlatform();
app.MapPetitions();
return await ServerRunner.RunAsync(app, "Accountability Petitions service");
