using Accountability.Host;
using Accountability.Platform.Hosting;
using Accountability.Platform.Operations;
using Accountability.Platform.Security;

// Every service in one process on 127.0.0.1, SQLite under the data folder, the in-memory bus.
// `token --role <role>` mints a development token for that role instead of starting.
if (args.Length > 0 && args[0] == "token")
{
    return DevTokenCommand.Run(args[1..]);
}

// `probe` checks a running host's health (exit 0 when SERVING); `backup`/`restore` copy its SQLite stores.
if (await ServiceCommands.TryRunAsync(args) is int exit)
{
    return exit;
}

var builder = WebApplication.CreateBuilder(args);
var dataDirectory = builder.Configuration["Storage:DataDirectory"] ?? "data";
builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
{
    InitialData = DevelopmentKeys.LoadOrCreate(dataDirectory),
});
builder.AddSuite();

var app = builder.Build();
app.MapSuite();
return await ServerRunner.RunAsync(app, "Accountability (all services, embedded)");

/// <summary>Mints a development token signed with the host's development key.</summary>
internal static class DevTokenCommand
{
    public static int Run(string[] args)
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var role = Option("--role");
        if (role is null || !Roles.All.Contains(role))
        {
            Console.Error.WriteLine($"usage: token --role <{string.Join("|", Roles.All)}> [--subject <name>] [--hours <n>] [--data <folder>]");
            return 64;
        }

        var keys = DevelopmentKeys.LoadOrCreate(Option("--data") ?? "data");
        var options = new AuthOptions { SigningKey = keys["Auth:SigningKey"]! };
        var hours = int.TryParse(Option("--hours"), out var h) ? h : 8;
        Console.WriteLine(TokenIssuer.Mint(options, Option("--subject") ?? "dev-" + role, role, TimeSpan.FromHours(hours), organ: "org-city"));
        return 0;
    }
}
