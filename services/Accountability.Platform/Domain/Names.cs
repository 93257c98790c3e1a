namespace Accountability.Platform.Domain;

/// <summary>How domain names appear on the wire and in messages: snake_case codes, UPPER_SNAKE states.</summary>
public static class Names
{
    public static string Snake(Enum value) => Snake(value.ToString());

    public static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>A state as refusals name it, e.g. ACCEPTANCE_NOTIFIED.</summary>
    public static string State(Enum value) => Snake(value).ToUpperInvariant();
}
