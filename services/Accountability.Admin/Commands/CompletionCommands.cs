using System.Text;
using Accountability.Admin.Cli;
using Spectre.Console.Cli;

namespace Accountability.Admin.Commands;

/// <summary>Shell completion scripts generated from the command tree (Spectre.Console.Cli has none).</summary>
internal sealed class CompletionCommands : ICommandGroup
{
    public int Order => 90;

    public void Configure(CommandBuilder commands)
    {
        var tree = commands.Tree;
        commands.Add<ShellSettings>("completion", "Print a shell completion script: source <(acct completion bash)", "completion bash", (session, s, ct) =>
        {
            session.Env.Out.Write(s.Shell switch
            {
                "bash" => Bash(tree),
                "zsh" => "autoload -U +X bashcompinit && bashcompinit\n" + Bash(tree),
                _ => throw CliException.Usage("<SHELL>", Texts.T("'{0}' is not one of: {1}", s.Shell, "bash, zsh")),
            });
            return Task.FromResult(ExitCodes.Ok);
        });
    }

    /// <summary>A bash function: first word a command or group, second a group's command, then that command's options.</summary>
    public static string Bash(CommandTree tree)
    {
        var text = new StringBuilder();
        text.Append("# acct completion for bash (and zsh through bashcompinit), generated from the command tree.\n");
        text.Append("_acct() {\n  local cur=\"${COMP_WORDS[COMP_CWORD]}\" words=\"\"\n  case \"${COMP_WORDS[1]}\" in\n");
        foreach (var branch in tree.Branches.Keys)
        {
            var commands = tree.Commands.Where(c => c.Path.Count == 2 && c.Path[0] == branch).ToList();
            text.Append($"    {branch})\n      if [ \"$COMP_CWORD\" -eq 2 ]; then words=\"{string.Join(' ', commands.Select(c => c.Path[1]))}\"; else case \"${{COMP_WORDS[2]}}\" in\n");
            foreach (var command in commands)
            {
                text.Append($"        {command.Path[1]}) words=\"{string.Join(' ', command.Options.Distinct())}\" ;;\n");
            }

            text.Append("      esac; fi ;;\n");
        }

        foreach (var command in tree.Commands.Where(c => c.Path.Count == 1))
        {
            text.Append($"    {command.Path[0]}) words=\"{string.Join(' ', command.Options.Distinct())}\" ;;\n");
        }

        var first = tree.Branches.Keys.Concat(tree.Commands.Where(c => c.Path.Count == 1).Select(c => c.Path[0])).Distinct();
        text.Append($"    *) words=\"{string.Join(' ', first)}\" ;;\n  esac\n");
        text.Append("  COMPREPLY=( $(compgen -W \"$words\" -- \"$cur\") )\n}\ncomplete -F _acct acct\n");
        return text.ToString();
    }

    internal sealed class ShellSettings : GlobalSettings
    {
        [CommandArgument(0, "<SHELL>")]
        [Text("bash or zsh")]
        public string Shell { get; set; } = "";
    }
}
