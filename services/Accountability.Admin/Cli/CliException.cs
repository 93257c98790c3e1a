namespace Accountability.Admin.Cli;

/// <summary>A failure acct found itself (a bad option value, a missing token), with its exit code and an optional hint.</summary>
public sealed class CliException(int exitCode, string message, string? hint = null, string? field = null) : Exception(message)
{
    public int ExitCode { get; } = exitCode;

    public string? Hint { get; } = hint;

    /// <summary>The option or field at fault, when there is one.</summary>
    public string? Field { get; } = field;

    public static CliException Usage(string option, string message) => new(ExitCodes.Usage, $"{option}: {message}", field: option);
}
