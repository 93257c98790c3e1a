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
    public static string Normalise(string text)
    {
        var folded = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        foreach (var rune in folded.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsLetterOrDigit(rune) || category == UnicodeCategory.OtherLetter)
            {
                builder.Append(rune.ToString());
            }
        }

        return builder.ToString();
    }

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
