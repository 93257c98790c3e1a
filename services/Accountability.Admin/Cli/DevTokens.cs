using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Accountability.Admin.Cli;

/// <summary>
/// Development tokens for the all-in-one host. The host keeps the keys it generated on first start
/// in data/dev-keys.json (owner-only); whoever can read that file can mint what the host itself
/// mints with its `token` command, and nobody else can. A deployment configured with real keys
/// never trusts that file's signing key, so a token minted from it is refused there
/// (UNAUTHENTICATED); acct also mints only for a loopback address.
/// </summary>
public static class DevTokens
{
    public const string KeysFileName = "dev-keys.json";

    /// <summary>The host's defaults (AuthOptions): the token must carry them to be accepted.</summary>
    public const string Issuer = "accountability";
    public const string Audience = "accountability";

    /// <summary>--keys, then ACCT_DEV_KEYS, then services/Accountability.Host/data/dev-keys.json above the current folder.</summary>
    public static string FindKeysFile(CliEnvironment env, string? given)
    {
        var explicitPath = given is { Length: > 0 } ? given : env.Variable("ACCT_DEV_KEYS");
        if (explicitPath is { Length: > 0 })
        {
            var full = Path.GetFullPath(explicitPath, env.CurrentDirectory);
            return File.Exists(full)
                ? full
                : throw new CliException(ExitCodes.Usage, Texts.T("No development keys at {0}.", full), Texts.T("Start the host once (dotnet run --project services/Accountability.Host): it writes data/dev-keys.json."), "--keys");
        }

        for (var folder = new DirectoryInfo(env.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(folder.FullName, "services", "Accountability.Host", "data", KeysFileName), Path.Combine(folder.FullName, "data", KeysFileName) })
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new CliException(
            ExitCodes.Usage,
            Texts.T("Cannot find the all-in-one host's development keys (services/Accountability.Host/data/dev-keys.json) from {0}.", env.CurrentDirectory),
            Texts.T("Start the host once (dotnet run --project services/Accountability.Host), run acct from the repository, or give --keys <path> (or ACCT_DEV_KEYS)."),
            "--keys");
    }

    /// <summary>True for an address on this machine: development tokens are minted only for those.</summary>
    public static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.DnsSafeHost, out var ip) && IPAddress.IsLoopback(ip));

    public static string Mint(string keysFile, string subject, string role, string? organ, string? department, TimeSpan lifetime, DateTimeOffset now)
    {
        string key;
        try
        {
            var keys = JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(keysFile));
            key = keys?.GetValueOrDefault("Auth:SigningKey") ?? throw new CliException(ExitCodes.Usage, Texts.T("{0} holds no Auth:SigningKey.", keysFile), field: "--keys");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, Texts.T("Cannot read the development keys {0}: {1}", keysFile, e.Message), field: "--keys");
        }

        var payload = new JsonObject
        {
            ["sub"] = subject,
            ["role"] = role,
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + lifetime).ToUnixTimeSeconds(),
        };
        if (organ is { Length: > 0 })
        {
            payload["organ"] = organ;
        }

        if (department is { Length: > 0 })
        {
            payload["dept"] = department;
        }

        var signingInput = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8) + "." + Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
        var signature = HMACSHA256.HashData(Convert.FromBase64String(key), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>The claims of a token, read without checking it (the server checks); null when it is not a JWT.</summary>
    public static JsonObject? Claims(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var padded = parts[1].Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            return JsonNode.Parse(Convert.FromBase64String(padded)) as JsonObject;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
