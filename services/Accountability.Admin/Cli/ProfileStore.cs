using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accountability.Admin.Cli;

/// <summary>One profile: where the suite is and the token to call it with.</summary>
public sealed class Profile
{
    public string? Address { get; set; }

    public string? Token { get; set; }
}

public sealed class ConfigFile
{
    public string? CurrentProfile { get; set; }

    public SortedDictionary<string, Profile> Profiles { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// config.json in the configuration folder (ACCT_CONFIG_DIR, else $XDG_CONFIG_HOME/acct, else
/// ~/.config/acct). It holds bearer tokens, so it is written owner-only (0600) in an owner-only
/// folder (0700), replaced atomically.
/// </summary>
public sealed class ProfileStore(string directory)
{
    public const string DefaultProfile = "default";
    public const string DefaultAddress = "http://127.0.0.1:5080";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public string FilePath => Path.Combine(directory, "config.json");

    public ConfigFile Load()
    {
        if (!File.Exists(FilePath))
        {
            return new ConfigFile();
        }

        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(FilePath), Options) ?? new ConfigFile();
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, Texts.T("The configuration file {0} is not valid JSON: {1}", FilePath, e.Message));
        }
    }

    public void Save(ConfigFile config)
    {
        Directory.CreateDirectory(directory);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = FilePath + ".tmp";
        using (var stream = OperatingSystem.IsWindows()
            ? new FileStream(temporary, FileMode.Create, FileAccess.Write)
            : new FileStream(temporary, new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            JsonSerializer.Serialize(stream, config, Options);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        File.Move(temporary, FilePath, overwrite: true);
    }
}
