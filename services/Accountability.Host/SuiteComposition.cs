using Accountability.CaseFiles;
using Accountability.Clues;
using Accountability.Petitions;
using Accountability.Platform.Hosting;
using Accountability.Platform.Messaging;
using Accountability.Talks;
using Accountability.Tolerance;

namespace Accountability.Host;

/// <summary>Every service's module in one process: used by this host and by the in-process tests.</summary>
public static class SuiteComposition
{
    public static WebApplicationBuilder AddSuite(this WebApplicationBuilder builder)
    {
        builder.AddAccountabilityPlatform();
        builder.Services.AddPetitions(builder.Configuration);
        builder.Services.AddClues(builder.Configuration);
        builder.Services.AddTalks(builder.Configuration);
        builder.Services.AddTolerance(builder.Configuration);
        builder.Services.AddCaseFiles(builder.Configuration);
        builder.Services.AddAccountabilityMessaging(builder.Configuration, bus => bus.AddPetitionsConsumers().AddCluesConsumers().AddTalksConsumers().AddToleranceConsumers().AddCaseFilesConsumers());
        return builder;
    }

    public static WebApplication MapSuite(this WebApplication app)
    {
        app.MapAccountabilityPlatform();
        app.MapPetitions();
        app.MapClues();
        app.MapTalks();
        app.MapTolerance();
        app.MapCaseFiles();
        return app;
    }
}
