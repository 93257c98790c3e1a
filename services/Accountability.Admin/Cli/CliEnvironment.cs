using Spectre.Console;

namespace Accountability.Admin.Cli;

/// <summary>
/// Everything acct takes from the world, so that tests run the real command tree in-process: the
/// output streams, the configuration folder, environment variables, the HTTP handler under the
/// gRPC channel (a test server's), and the clock that dates and relative times are read from.
/// </summary>
public sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Where config.json (profiles: address and token) lives.</summary>
    public required string ConfigDirectory { get; init; }

    public string CurrentDirectory { get; init; } = Environment.CurrentDirectory;

    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The handler under every gRPC channel; null for a real network connection.</summary>
    public HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>"Now" for default periods and relative times (+10m); waits and tokens use real time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>A terminal: colours and animated progress. Otherwise plain text.</summary>
    public bool Interactive { get; init; }

    /// <summary>Console width for tables when not a terminal.</summary>
    public int Width { get; init; } = 160;

    public static CliEnvironment FromProcess()
    {
        Console.OutputEncoding = System.Text.Encoding.UTF8;
        var configured = Environment.GetEnvironmentVariable("ACCT_CONFIG_DIR");
        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return new CliEnvironment
        {
            Out = Console.Out,
            Error = Console.Error,
            In = Console.In,
            ConfigDirectory = configured is { Length: > 0 } ? configured : Path.Combine(xdg is { Length: > 0 } ? xdg : Path.Combine(home, ".config"), "acct"),
            Interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected,
            Width = Console.IsOutputRedirected ? 160 : Math.Max(Console.WindowWidth, 60),
        };
    }

    public IAnsiConsole CreateConsole(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!Interactive)
        {
            console.Profile.Width = Width;
        }

        return console;
    }
}
