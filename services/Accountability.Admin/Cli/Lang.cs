namespace Accountability.Admin.Cli;

/// <summary>The language of acct's labels and messages: Chinese by default, English with --lang en.</summary>
public enum Lang
{
    Zh,
    En,
}
