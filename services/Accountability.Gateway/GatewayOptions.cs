namespace Accountability.Gateway;

/// <summary>Where each service listens (<c>Gateway:Services:Petitions</c> = <c>http://petitions:8080</c>).</summary>
public sealed class GatewayOptions
{
    public const string Section = "Gateway";

    /// <summary>The services the gateway fronts, by the names used in configuration.</summary>
    public static readonly IReadOnlyList<string> ServiceNames = ["Petitions", "Clues", "Talks", "Tolerance", "CaseFiles"];

    /// <summary>Base address per service; an explicit empty value leaves that service out.</summary>
    public Dictionary<string, string> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<string> Validate()
    {
        foreach (var name in ServiceNames)
        {
            if (!Services.TryGetValue(name, out var address))
            {
                yield return $"Gateway:Services:{name} is missing: set the service's base address (e.g. http://127.0.0.1:5081), or \"\" to leave it out.";
            }
            else if (address.Length > 0 && !(Uri.TryCreate(address, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                yield return $"Gateway:Services:{name} = '{address}' is not an http(s) address.";
            }
        }

        foreach (var name in Services.Keys.Where(k => !ServiceNames.Contains(k, StringComparer.OrdinalIgnoreCase)))
        {
            yield return $"Gateway:Services:{name} names no service; known: {string.Join(", ", ServiceNames)}.";
        }
    }
}
