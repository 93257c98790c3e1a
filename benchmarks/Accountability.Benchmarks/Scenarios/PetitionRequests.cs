using System.Globalization;
using System.Text;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;

namespace Accountability.Benchmarks.Scenarios;

/// <summary>
/// The SubmitPetition requests the benchmark sends: an online accusation against one township
/// official, each with its own idempotency key and its own accused (so no petition is filed as a
/// repeat of another), the same size whatever the sequence number.
/// </summary>
public static class PetitionRequests
{
    private const string Digits = "零一二三四五六七八九";

    public static SubmitPetitionRequest For(long sequence, string run) => new()
    {
        IdempotencyKey = run + "-" + sequence.ToString("D9", CultureInfo.InvariantCulture),
        Channel = Channel.Online,
        Kind = PetitionKind.Accusation,
        Facts = "反映某镇副镇长在道路工程招标中收受承包商回扣，并安排亲属承接工程，金额较大，群众反映强烈。",
        Accused = { new AccusedPerson { Name = "李" + Chinese(sequence), Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township } },
        Disciplines = { Discipline.Integrity },
    };

    /// <summary>The sequence number in Chinese digits, always nine of them: names of one length.</summary>
    private static string Chinese(long sequence)
    {
        var text = new StringBuilder(9);
        foreach (var c in sequence.ToString("D9", CultureInfo.InvariantCulture))
        {
            text.Append(Digits[c - '0']);
        }

        return text.ToString();
    }
}
