using System.Globalization;
using System.Reflection;
using Accountability.Admin.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Accountability.Admin;

/// <summary>
/// acct's entry point: builds the command tree from every <see cref="ICommandGroup"/> and runs it
/// against the environment it is given (the real process, or a test's in-process host and console).
/// </summary>
public sealed class AcctApp
{
    private readonly CliEnvironment _env;
    private readonly IAnsiConsole _console;
    private readonly IAnsiConsole _errorConsole;
    private readonly bool _json;

    private AcctApp(CliEnvironment env, bool json)
    {
        _env = env;
        _json = json;
        _console = env.CreateConsole(env.Out);
        _errorConsole = env.CreateConsole(env.Error);
    }

    /// <summary>The command groups, in help order: one per service or concern.</summary>
    public static IReadOnlyList<ICommandGroup> Groups { get; } = typeof(AcctApp).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ICommandGroup).IsAssignableFrom(t))
        .Select(t => (ICommandGroup)Activator.CreateInstance(t, nonPublic: true)!)
        .OrderBy(g => g.Order)
        .ToList();

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken ct = default)
    {
        var lang = LanguageOf(args, env);
        if (lang is null)
        {
            await env.Error.WriteLineAsync("--lang: use zh or en");
            return ExitCodes.Usage;
        }

        Texts.Current = lang.Value;
        var acct = new AcctApp(env, args.Contains("--json"));
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("acct");
            config.SetApplicationVersion(typeof(AcctApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0");
            config.ConfigureConsole(acct._console);
            config.UseStrictParsing();
            config.SetExceptionHandler((e, _) => ErrorReport.Write(e, env, acct._errorConsole, acct._json));
            var builder = new CommandBuilder(config, new CommandTree(), acct);
            foreach (var group in Groups)
            {
                group.Configure(builder);
            }
        });
        return await app.RunAsync(args, ct);
    }

    /// <summary>Builds the command tree without running anything.</summary>
    public static CommandTree BuildTree()
    {
        var app = new CommandApp();
        var tree = new CommandTree();
        var acct = new AcctApp(new CliEnvironment { Out = TextWriter.Null, Error = TextWriter.Null, ConfigDirectory = Path.GetTempPath() }, false);
        app.Configure(config =>
        {
            var builder = new CommandBuilder(config, tree, acct);
            foreach (var group in Groups)
            {
                group.Configure(builder);
            }
        });
        return tree;
    }

    internal async Task<int> RunCommandAsync<TSettings>(TSettings settings, CommandHandler<TSettings> handler, CancellationToken ct)
        where TSettings : GlobalSettings
    {
        Session? session = null;
        try
        {
            session = new Session(_env, settings, _console, _errorConsole);
            return await handler(session, settings, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return ErrorReport.Write(e, _env, _errorConsole, settings.Json, session?.Address, session?.LoginHint());
        }
        finally
        {
            session?.Dispose();
        }
    }

    private static Lang? LanguageOf(string[] args, CliEnvironment env)
    {
        string? value = null;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--lang" && i + 1 < args.Length)
            {
                value = args[i + 1];
            }
            else if (args[i].StartsWith("--lang=", StringComparison.Ordinal))
            {
                value = args[i]["--lang=".Length..];
            }
        }

        value ??= env.Variable("ACCT_LANG");
        return value?.Trim().ToLowerInvariant() switch
        {
            null or "" or "zh" or "zh-cn" or "zh-hans" => Lang.Zh,
            "en" or "en-us" or "en-gb" => Lang.En,
            _ => null,
        };
    }
}
