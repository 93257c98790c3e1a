using System.Reflection;
using Spectre.Console.Cli;

namespace Accountability.Admin.Cli;

/// <summary>One command as registered: its words, its settings type, its description and example.</summary>
public sealed record CommandInfo(IReadOnlyList<string> Path, Type Settings, string Description, IReadOnlyList<string> Example)
{
    /// <summary>The long option names the command takes (its own and the global ones).</summary>
    public IEnumerable<string> Options =>
        Settings.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .SelectMany(o => o.LongNames.Select(n => "--" + n).Concat(o.ShortNames.Select(n => "-" + n)))
            .Append("--help");
}

/// <summary>Every command acct has, recorded as the groups register them: for shell completion and for the tests.</summary>
public sealed class CommandTree
{
    private readonly List<CommandInfo> _commands = [];

    private readonly Dictionary<string, string> _branches = new(StringComparer.Ordinal);

    public IReadOnlyList<CommandInfo> Commands => _commands;

    /// <summary>Branch name → its description.</summary>
    public IReadOnlyDictionary<string, string> Branches => _branches;

    internal void Add(CommandInfo command) => _commands.Add(command);

    internal void AddBranch(string name, string description) => _branches[name] = description;
}
