namespace Accountability.Admin.Cli;

public static partial class Texts
{
    /// <summary>English text as written in the code → Chinese.</summary>
    public static readonly IReadOnlyDictionary<string, string> Messages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };
}
