using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Accountability.Platform.Hosting;

public static class ServerRunner
{
    /// <summary>Runs the app, printing where it listens; a taken port ends it at once with a clear message.</summary>
    public static async Task<int> RunAsync(WebApplication app, string description)
    {
        try
        {
            await app.StartAsync();
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.GetType().Name == "AddressInUseException" || e.InnerException?.GetType().Name == "AddressInUseException")
        {
            await Console.Error.WriteLineAsync($"Cannot start {description}: {e.Message} Another process holds the port; stop it or choose another address with --Urls http://127.0.0.1:<port>.");
            return 2;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        Console.WriteLine($"{description} listening on {string.Join(", ", addresses)} (gRPC, HTTP/2 without TLS)");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
