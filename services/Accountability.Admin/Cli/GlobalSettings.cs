using Spectre.Console.Cli;

namespace Accountability.Admin.Cli;

/// <summary>The options every command takes.</summary>
public class GlobalSettings : CommandSettings
{
    [CommandOption("--profile <NAME>")]
    [Text("Profile to use (default: the current one, or ACCT_PROFILE)")]
    public string? Profile { get; set; }

    [CommandOption("--address <URL>")]
    [Text("Server address for this call, instead of the profile's (or ACCT_ADDRESS)")]
    public string? Address { get; set; }

    [CommandOption("--json")]
    [Text("Print JSON for scripts (errors too, on standard error)")]
    public bool Json { get; set; }

    [CommandOption("-q|--quiet")]
    [Text("Print only the identifiers of what was shown")]
    public bool Quiet { get; set; }

    [CommandOption("--lang <LANG>")]
    [Text("Language of labels and messages: zh (default) or en (or ACCT_LANG)")]
    public string? Lang { get; set; }
}
