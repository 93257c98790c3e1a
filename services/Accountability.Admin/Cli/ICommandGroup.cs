namespace Accountability.Admin.Cli;

/// <summary>
/// One service's (or concern's) commands. acct finds every implementation in its assembly, so a
/// new service's commands are one new file: a class implementing this, with its settings and handlers.
/// </summary>
public interface ICommandGroup
{
    /// <summary>Position in the help listing.</summary>
    int Order { get; }

    void Configure(CommandBuilder commands);
}
