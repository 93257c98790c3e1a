using System.Security.Cryptography;
using System.Text.Json;

namespace Accountability.Platform.Hosting;

/// <summary>
/// Keys for the embedded default only: generated on first start and kept in the data folder, so
/// tokens minted from the command line match the running host. Production takes its keys from
/// configuration (environment or secrets), never from here.
/// </summary>
public static class DevelopmentKeys
{
    public const string FileName = "dev-keys.json";

    public static IReadOnlyDictionary<string, string?> LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            var created = new Dictionary<string, string?>
            {
                ["Auth:SigningKey"] = NewKey(),
                ["Protection:ActiveKeyId"] = "dev-1",
                ["Protection:Keys:dev-1"] = NewKey(),
                ["Protection:HashKey"] = NewKey(),
            };
            File.WriteAllText(path, JsonSerializer.Serialize(created));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        return JsonSerializer.Deserialize<Dictionary<string, string?>>(File.ReadAllText(path))
            ?? throw new InvalidOperationException($"{path} is empty; delete it to generate new development keys.");
    }

    private static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
}
