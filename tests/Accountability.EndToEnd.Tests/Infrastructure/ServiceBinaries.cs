using System.Reflection;
using System.Runtime.InteropServices;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Where the launched services were built. The project file records each referenced service's own
/// output (TargetPath) at build time, so this works with bin/Debug and with --artifacts-path alike.
/// Services run from their OWN output folder: the test folder holds a single appsettings.json that
/// belongs to whichever service was copied last.
/// </summary>
internal static class ServiceBinaries
{
    public const string Petitions = "Accountability.Petitions";
    public const string Host = "Accountability.Host";
    public const string Clues = "Accountability.Clues";
    public const string Talks = "Accountability.Talks";
    public const string Tolerance = "Accountability.Tolerance";
    public const string CaseFiles = "Accountability.CaseFiles";
    public const string Gateway = "Accountability.Gateway";

    public static string DllPath(string service)
    {
        var recorded = typeof(ServiceBinaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ServiceDll:" + service)?.Value;
        if (recorded is null)
        {
            throw new InvalidOperationException(
                $"The test assembly does not record where {service} was built (target EmbedServiceDllPaths in the project file).");
        }

        if (!File.Exists(recorded))
        {
            throw new FileNotFoundException($"{service} was built to {recorded}, but the file is gone; rebuild the tests.", recorded);
        }

        return recorded;
    }

    /// <summary>The dotnet muxer that runs this test, so a service runs on the same runtime.</summary>
    public static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        // .../dotnet/shared/Microsoft.NETCore.App/<version>/ -> .../dotnet/dotnet
        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime)));
        var candidate = root is null ? null : Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }
}
