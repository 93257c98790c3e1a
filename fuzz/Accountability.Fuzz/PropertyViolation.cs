namespace Accountability.Fuzz;

/// <summary>A promise of the code under test that an input broke; thrown so that afl records a crash.</summary>
public sealed class PropertyViolation(string message) : Exception(message)
{
    public static void Check(bool holds, string promise, params object[] values)
    {
        if (!holds)
        {
            throw new PropertyViolation(promise + ": " + string.Join(" | ", values.Select(Describe)));
        }
    }

    // Escaped so that a crash report shows control characters and combining marks for what they are.
    private static string Describe(object value) => value switch
    {
        string text => "\"" + string.Concat(text.EnumerateRunes().Select(r => r.Value is >= 0x20 and < 0x7F ? r.ToString() : $"\\u{{{r.Value:X}}}")) + "\"",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "null",
    };
}
