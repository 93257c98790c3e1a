using System.Reflection;
using System.Runtime.InteropServices;

namespace Accountability.Benchmarks.Running;

/// <summary>Where the services were built (recorded in this assembly at build time), and the dotnet muxer that runs them.</summary>
public static class ServiceBinaries
{
    public const string Petitions = "Accountability.Petitions";
    public const string Clues = "Accountability.Clues";
    public const string CaseFiles = "Accountability.CaseFiles";
    public const string Host = "Accountability.Host";

    public static string DllPath(string service)
    {
        var recorded = typeof(ServiceBinaries).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ServiceDll:" + service)?.Value
            ?? throw new InvalidOperationException($"The harness does not record where {service} was built.");
        return File.Exists(recorded) ? recorded : throw new FileNotFoundException($"{service} was built to {recorded}, but the file is gone; rebuild.", recorded);
    }

    /// <summary>This harness's own dll, to start its echo server as a separate process.</summary>
    public static string Self => typeof(ServiceBinaries).Assembly.Location;

    public static string DotnetHost()
    {
        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk))
        {
            return fromSdk;
        }

        var runtime = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar);
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtime)));
        var candidate = root is null ? null : Path.Combine(root, "dotnet");
        return candidate is not null && File.Exists(candidate) ? candidate : "dotnet";
    }
}
