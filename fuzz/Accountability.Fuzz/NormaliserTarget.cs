using System.Globalization;
using System.Text;
using Accountability.Petitions.Domain;

namespace Accountability.Fuzz;

/// <summary>
/// RepeatMatcher.Normalise on one text. Its promise: width-folded, lower-cased letters and digits only, so
/// that punctuation and spacing never make a text new; a normal form must also be its own normal form.
/// </summary>
public static class NormaliserTarget
{
    // Full-width and half-width punctuation and spacing as petitions mix them.
    private const string Prefix = "，。 \t";
    private const string Suffix = "！？、；：\u3000.,\r\n";

    public static void Run(byte[] bytes)
    {
        var text = FuzzInput.Text(bytes);
        var normal = RepeatMatcher.Normalise(text);

        var again = RepeatMatcher.Normalise(normal);
        PropertyViolation.Check(again == normal, "normalise is idempotent", text, normal, again);

        foreach (var rune in normal.EnumerateRunes())
        {
            var lettersAndDigits = Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter;
            PropertyViolation.Check(lettersAndDigits, "normal form has letters and digits only", text, normal, $"U+{rune.Value:X4}");
            PropertyViolation.Check(rune.Value is < 0xFF01 or > 0xFF5E, "normal form is width-folded (no full-width ASCII)", text, normal, $"U+{rune.Value:X4}");
        }

        PropertyViolation.Check(normal.ToLowerInvariant() == normal, "normal form is lower-cased", text, normal);

        var padded = RepeatMatcher.Normalise(Prefix + text + Suffix);
        PropertyViolation.Check(padded == normal, "punctuation and spacing around a text change nothing", text, normal, padded);
    }
}
