using Accountability.Petitions.Domain;
using Accountability.Platform.Domain;

namespace Accountability.Fuzz;

/// <summary>
/// RepeatMatcher on two petitions split from one input at its first NUL byte. Each petition's first line
/// is its accused person, "name|unit|cadre id", and the rest its facts (no line break: all facts, no name).
/// Promises checked: the similarity is a Jaccard score in [0, 1], the same both ways; a text matches
/// itself, its own normal form and its full-width form; and so the repeat decision the workflow takes
/// (a shared accused key and facts at least as similar as the threshold) is the same both ways and true
/// of a petition and itself.
/// </summary>
public static class RepeatMatcherTarget
{
    private static readonly double Threshold = new PetitionsOptions().RepeatSimilarityThreshold;

    public static void Run(byte[] bytes)
    {
        var (first, second) = FuzzInput.Pair(bytes);
        var a = Parse(first);
        var b = Parse(second);

        var score = RepeatMatcher.Similarity(a.Facts, b.Facts);
        PropertyViolation.Check(score is >= 0 and <= 1, "similarity is in [0, 1]", a.Facts, b.Facts, score);
        var reverse = RepeatMatcher.Similarity(b.Facts, a.Facts);
        PropertyViolation.Check(reverse == score, "similarity is symmetric", a.Facts, b.Facts, score, reverse);

        foreach (var facts in new[] { a.Facts, b.Facts })
        {
            PropertyViolation.Check(RepeatMatcher.Similarity(facts, facts) == 1, "a text matches itself", facts);
            PropertyViolation.Check(RepeatMatcher.Similarity(facts, RepeatMatcher.Normalise(facts)) == 1, "a text matches its normal form", facts);
            PropertyViolation.Check(RepeatMatcher.Similarity(facts, "【" + facts + "】。") == 1, "punctuation around a text makes it no new text", facts);
            PropertyViolation.Check(RepeatMatcher.Similarity(facts, FullWidth(facts)) == 1, "a text matches its full-width form", facts, FullWidth(facts));
        }

        var keysA = RepeatMatcher.AccusedKeys(a.Accused);
        var keysB = RepeatMatcher.AccusedKeys(b.Accused);
        foreach (var (petition, keys) in new[] { (a, keysA), (b, keysB) })
        {
            PropertyViolation.Check(keys.Count > 0 && keys.Distinct().Count() == keys.Count, "accused keys are present and distinct", string.Join(",", keys));
            var person = petition.Accused[0];
            var normalised = new AccusedPerson { Name = RepeatMatcher.Normalise(person.Name), Unit = RepeatMatcher.Normalise(person.Unit), Level = person.Level, CadreId = person.CadreId };
            var renamed = RepeatMatcher.AccusedKeys([normalised]);
            PropertyViolation.Check(renamed.SequenceEqual(keys), "a name and unit written in normal form give the same keys", person.Name, person.Unit, string.Join(",", keys), string.Join(",", renamed));
            PropertyViolation.Check(IsRepeat(keys, keys, petition.Facts, petition.Facts), "a petition repeats itself", petition.Facts);
        }

        PropertyViolation.Check(
            IsRepeat(keysA, keysB, a.Facts, b.Facts) == IsRepeat(keysB, keysA, b.Facts, a.Facts),
            "the repeat decision is symmetric", first, second);
    }

    // As PetitionWorkflow.FindRepeatAsync decides: a candidate shares an accused key and its facts reach the threshold.
    private static bool IsRepeat(List<string> keys, List<string> candidateKeys, string facts, string candidateFacts) =>
        keys.Intersect(candidateKeys).Any() && RepeatMatcher.Similarity(candidateFacts, facts) >= Threshold;

    // What a Chinese input method in full-width mode types for ASCII: U+FF01–U+FF5E, and U+3000 for a space.
    private static string FullWidth(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                span[i] = c switch
                {
                    ' ' => '\u3000',
                    >= '!' and <= '~' => (char)(c + 0xFEE0),
                    _ => c,
                };
            }
        });

    private static (List<AccusedPerson> Accused, string Facts) Parse(string text)
    {
        var lineBreak = text.IndexOf('\n');
        var header = lineBreak < 0 ? "" : text[..lineBreak];
        var facts = lineBreak < 0 ? text : text[(lineBreak + 1)..];
        var fields = header.Split('|');
        var person = new AccusedPerson
        {
            Name = fields[0],
            Unit = fields.Length > 1 ? fields[1] : "",
            CadreId = fields.Length > 2 ? fields[2] : null,
            Level = Level.County,
        };
        return ([person], facts);
    }
}
