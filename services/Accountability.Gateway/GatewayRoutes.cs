using System.Net;
using Google.Api;
using Google.Protobuf.Reflection;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Accountability.Gateway;

/// <summary>
/// The routing table, derived from the protos so it cannot drift from the API:
/// <list type="bullet">
/// <item>gRPC: <c>/accountability.&lt;area&gt;.v1.&lt;Service&gt;/*</c> → the service whose package is that area;</item>
/// <item>JSON: each <c>google.api.http</c> path's literal prefix (<c>/v1/petitions</c>, <c>/v1/receipts</c>, …) → the service declaring it;</item>
/// <item>OpenAPI: <c>/openapi/&lt;area&gt;.json</c> → that service's <c>/openapi/v1.json</c>;</item>
/// <item>the services every process has (audit, event export, reflection, health) → the service named by the
/// <see cref="ServiceHeader"/> request header; without it, health is the gateway's own and the rest are not found.</item>
/// </list>
/// Every cluster speaks HTTP/2 without TLS (h2c, exact version) to the services, whatever the caller spoke.
/// </summary>
public static class GatewayRoutes
{
    /// <summary>Selects the service for the platform services that every service has.</summary>
    public const string ServiceHeader = "x-accountability-service";

    /// <summary>The API of each service, by its name in <c>Gateway:Services</c>.</summary>
    public static readonly IReadOnlyDictionary<string, FileDescriptor> Apis = new Dictionary<string, FileDescriptor>(StringComparer.OrdinalIgnoreCase)
    {
        ["Petitions"] = Protos.Petitions.V1.PetitionsReflection.Descriptor,
        ["Clues"] = Protos.Clues.V1.CluesReflection.Descriptor,
        ["Talks"] = Protos.Talks.V1.TalksReflection.Descriptor,
        ["Tolerance"] = Protos.Tolerance.V1.ToleranceReflection.Descriptor,
        ["CaseFiles"] = Protos.CaseFiles.V1.CasefilesReflection.Descriptor,
    };

    /// <summary>gRPC services every service process serves (PlatformHosting.MapAccountabilityPlatform).</summary>
    public static readonly IReadOnlyList<string> PlatformServices =
    [
        Protos.Audit.V1.Audit.Descriptor.FullName,
        Protos.Events.V1.EventExport.Descriptor.FullName,
        "grpc.health.v1.Health",
        "grpc.reflection.v1alpha.ServerReflection",
        "grpc.reflection.v1.ServerReflection",
    ];

    /// <summary>The literal start of every JSON path of a service: <c>/v1/petitions/{petition_id}</c> → <c>/v1/petitions</c>.</summary>
    public static IEnumerable<string> JsonPrefixes(FileDescriptor api) =>
        api.Services.SelectMany(s => s.Methods)
            .Select(m => m.GetOptions()?.GetExtension(AnnotationsExtensions.Http))
            .Where(rule => rule is not null)
            .SelectMany(rule => rule!.AdditionalBindings.Prepend(rule))
            .Select(PathOf)
            .Select(LiteralPrefix)
            .Distinct(StringComparer.Ordinal);

    /// <summary>The area name a service's paths use (its proto package's second part): petitions, clues, casefiles, …</summary>
    public static string Area(FileDescriptor api) => api.Package.Split('.')[1];

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(GatewayOptions options)
    {
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        var jsonOwners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, api) in Apis)
        {
            if (!options.Services.TryGetValue(name, out var address) || address.Length == 0)
            {
                continue;
            }

            clusters.Add(new ClusterConfig
            {
                ClusterId = name,
                Destinations = new Dictionary<string, DestinationConfig> { [name] = new() { Address = address } },
                // The services listen HTTP/2 only without TLS: prior-knowledge h2c, never a downgrade.
                HttpRequest = new ForwarderRequestConfig { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact },
            });
            foreach (var service in api.Services)
            {
                routes.Add(Route($"grpc:{service.FullName}", name, $"/{service.FullName}/{{**method}}"));
            }

            foreach (var prefix in JsonPrefixes(api))
            {
                if (jsonOwners.TryGetValue(prefix, out var owner) && owner != name)
                {
                    throw new InvalidOperationException($"The JSON path {prefix} is declared by both {owner} and {name}; give each service its own prefix.");
                }

                jsonOwners[prefix] = name;
                routes.Add(Route($"json:{prefix}", name, $"{prefix}/{{**rest}}"));
            }

            var area = Area(api);
            routes.Add(Route($"openapi:{area}", name, $"/openapi/{area}.json") with
            {
                Transforms = [new Dictionary<string, string> { ["PathSet"] = Platform.Hosting.HttpApi.OpenApiPath }],
            });
            foreach (var platform in PlatformServices)
            {
                routes.Add(Route($"platform:{platform}:{area}", name, $"/{platform}/{{**method}}") with
                {
                    Match = new RouteMatch
                    {
                        Path = $"/{platform}/{{**method}}",
                        Headers = [new RouteHeader { Name = ServiceHeader, Values = [area, name], Mode = HeaderMatchMode.ExactHeader }],
                    },
                    // Ahead of the gateway's own health service, which answers when no service is named.
                    Order = -1,
                });
            }
        }

        return (routes, clusters);
    }

    private static RouteConfig Route(string id, string cluster, string path) => new()
    {
        RouteId = id,
        ClusterId = cluster,
        Match = new RouteMatch { Path = path },
    };

    private static string PathOf(HttpRule rule) => rule.PatternCase switch
    {
        HttpRule.PatternOneofCase.Get => rule.Get,
        HttpRule.PatternOneofCase.Post => rule.Post,
        HttpRule.PatternOneofCase.Put => rule.Put,
        HttpRule.PatternOneofCase.Delete => rule.Delete,
        HttpRule.PatternOneofCase.Patch => rule.Patch,
        HttpRule.PatternOneofCase.Custom => rule.Custom.Path,
        _ => throw new InvalidOperationException($"An HTTP rule without a path: {rule}"),
    };

    private static string LiteralPrefix(string path)
    {
        var end = path.IndexOfAny(['{', ':', '*']);
        var literal = (end < 0 ? path : path[..end]).TrimEnd('/');
        if (literal.Count(c => c == '/') < 2)
        {
            throw new InvalidOperationException($"The JSON path {path} needs a literal prefix of at least two segments (/v1/<resource>) to be routed.");
        }

        return literal;
    }
}
