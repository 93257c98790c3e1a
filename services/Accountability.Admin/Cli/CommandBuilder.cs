using Spectre.Console.Cli;

namespace Accountability.Admin.Cli;

/// <summary>The handler of a command: the session it runs in, its parsed settings, cancellation; returns the exit code.</summary>
public delegate Task<int> CommandHandler<in TSettings>(Session session, TSettings settings, CancellationToken ct)
    where TSettings : GlobalSettings;

/// <summary>
/// Registers commands with Spectre.Console.Cli and in the <see cref="CommandTree"/>. Every command
/// gets a description and an example (help shows both), and runs through <see cref="AcctApp.RunCommandAsync{T}"/>:
/// one place that opens the session and turns failures into messages and exit codes.
/// </summary>
public sealed class CommandBuilder
{
    private readonly IConfigurator? _root;
    private readonly IConfigurator<GlobalSettings>? _branch;
    private readonly IReadOnlyList<string> _path;

    internal CommandBuilder(IConfigurator root, CommandTree tree, AcctApp app)
    {
        _root = root;
        Tree = tree;
        App = app;
        _path = [];
    }

    private CommandBuilder(IConfigurator<GlobalSettings> branch, CommandTree tree, AcctApp app, IReadOnlyList<string> path)
    {
        _branch = branch;
        Tree = tree;
        App = app;
        _path = path;
    }

    public CommandTree Tree { get; }

    internal AcctApp App { get; }

    /// <summary>A command group, e.g. "petition", with its commands.</summary>
    public void Branch(string name, string description, Action<CommandBuilder> build)
    {
        if (_root is null)
        {
            throw new InvalidOperationException("Branches are one level deep.");
        }

        Tree.AddBranch(name, description);
        _root.AddBranch<GlobalSettings>(name, branch =>
        {
            branch.SetDescription(Spectre.Console.Markup.Escape(Texts.T(description)));
            build(new CommandBuilder(branch, Tree, App, [name]));
        });
    }

    /// <summary>A command; <paramref name="example"/> is a full command line after "acct".</summary>
    public void Add<TSettings>(string name, string description, string example, CommandHandler<TSettings> handler)
        where TSettings : GlobalSettings
    {
        var words = ShellWords.Split(example);
        if (words.Count < _path.Count + 1 || !words.Take(_path.Count + 1).SequenceEqual([.. _path, name]))
        {
            throw new InvalidOperationException($"The example of {string.Join(' ', [.. _path, name])} must start with its command: {example}");
        }

        Func<CommandContext, TSettings, CancellationToken, Task<int>> run = (_, settings, ct) => App.RunCommandAsync(settings, handler, ct);
        var command = _root is not null ? _root.AddAsyncDelegate(name, run) : _branch!.AddAsyncDelegate(name, run);
        command.WithDescription(Spectre.Console.Markup.Escape(Texts.T(description))).WithExample([.. words]);
        Tree.Add(new CommandInfo([.. _path, name], typeof(TSettings), description, words));
    }
}
