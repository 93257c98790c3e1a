namespace Accountability.Clues.Domain;

/// <summary>The snake_case names events, steps and configuration use for enum values.</summary>
public static class ClueNames
{
    public static string Snake(Enum value) => Snake(value.ToString());

    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>How a status appears in an error: CASE_FILED.</summary>
    public static string State(ClueStatus status) => Snake(status).ToUpperInvariant();
}
