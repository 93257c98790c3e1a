using System.Globalization;
using System.Text;

namespace Accountability.Petitions.Domain;

/// <summary>
/// Repeat detection (重复举报, shared/domain.md §2.3, an UNCONFIRMED rule kept as data): the same
/// accused person and substantially the same facts. It compares accused match keys and the
/// facts' character bigrams, which suits Chinese text without a word segmenter, and never
/// needs the reporter's identity.
/// </summary>
public static class RepeatMatcher
{
    public static List<string> AccusedKeys(IEnumerable<AccusedPerson> accused)
    {
        var keys = new List<string>();
        foreach (var person in accused)
        {
            if (!string.IsNullOrWhiteSpace(person.CadreId))
            {
                keys.Add("cadre:" + person.CadreId.Trim());
            }

            keys.Add("name:" + Normalise(person.Name) + "|" + Normalise(person.Unit));
        }

        return keys.Distinct().ToList();
    }

    /// <summary>Jaccard similarity of the two texts' character bigram sets, 0 to 1.</summary>
    public static double Similarity(string a, string b)
    {
        var left = Bigrams(Normalise(a));
        var right = Bigrams(Normalise(b));
        if (left.Count == 0 && right.Count == 0)
        {
            return 1;
        }

        var common = left.Count(right.Contains);
        return (double)common / (left.Count + right.Count - common);
    }

    /// <summary>Width-folded, lower-cased letters and digits only: punctuation and spacing never make a text new.</summary>
    /// <remarks>
    /// The width fold is done here rather than by string.Normalize(FormKC): the suite runs with invariant
    /// globalization (Directory.Build.props), where Normalize leaves non-ASCII text as it is, so "２０２３"
    /// and "2023" stayed different (found by fuzz/, regression fuzz/regressions/normaliser/). A fold of our
    /// own also gives the same result on every host, which stored facts compared later depend on.
    /// </remarks>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var folded = Rune.ToLowerInvariant(FoldWidth(rune));
            if (Rune.IsLetterOrDigit(folded) || Rune.GetUnicodeCategory(folded) == UnicodeCategory.OtherLetter)
            {
                builder.Append(folded.ToString());
            }
        }

        return builder.ToString();
    }

    // Full-width ASCII (U+FF01–U+FF5E), as a Chinese input method in full-width mode types letters and digits,
    // to its ASCII form. Spaces and punctuation need no fold: they are dropped either way.
    private static Rune FoldWidth(Rune rune) =>
        rune.Value is >= 0xFF01 and <= 0xFF5E ? new Rune(rune.Value - 0xFEE0) : rune;

    private static HashSet<string> Bigrams(string text)
    {
        var runes = text.EnumerateRunes().Select(r => r.ToString()).ToArray();
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (runes.Length == 1)
        {
            set.Add(runes[0]);
        }

        for (var i = 0; i + 1 < runes.Length; i++)
        {
            set.Add(runes[i] + runes[i + 1]);
        }

        return set;
    }
}
