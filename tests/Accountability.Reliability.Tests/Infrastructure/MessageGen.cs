using System.Collections;
using System.Globalization;
using CsCheck;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Accountability.Reliability.Tests.Infrastructure;

/// <summary>
/// Random request messages built from a message descriptor alone, so every request type of every
/// RPC is covered without a hand-written generator. Strings carry control characters, mixed
/// scripts (CJK, Arabic and Hebrew, emoji with joiners and flags, combining marks, bidi overrides),
/// injection-looking text, huge and empty values; numbers their extremes; enums unknown numbers;
/// ids are malformed or well-formed but absent (or, from <see cref="KnownIds"/>, real); repeated
/// fields are sometimes large. Everything protobuf can carry: strings are valid UTF-16 (no lone
/// surrogates, which protobuf cannot encode).
/// </summary>
public sealed class MessageGen(MessageDescriptor descriptor, IReadOnlyList<string> knownIds) : Gen<IMessage>
{
    private const int MaxDepth = 4;

    private static readonly string[] Odd =
    [
        "", " ", "   ", "\t", "\n", "\r\n", "\0", "a\0b", "\u0001\u0002\u0003", "\u007f", "\u0085", "\u2028\u2029",
        "\u200b", "\u200d", "\ufeff", "\u202e反转\u202c", "\u3000", "\u00a0", "１２３", "ｆｕｌｌ",
        "李四", "河西镇人民政府", "某镇副镇长在道路工程招标中收受回扣。", "𠀀𠀁𪚥", "مرحبا بالعالم", "שלום", "Ελληνικά", "Ѐдинство",
        "😀", "👨‍👩‍👧‍👦", "🇨🇳", "🏳️‍🌈", "e\u0301\u0301\u0301", "\u0301\u0302\u0303", "Z̴̡̧̛͖̬̭̻͑̎̃̀ą̷̛̤l̵g̸o̶",
        "' OR 1=1 --", "\"; DROP TABLE petitions; --", "../../../etc/passwd", "%s%n%x", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>",
        "{\"$gt\":\"\"}", "\\", "\"", "null", "NaN", "-1", "0", "9223372036854775808", "1e309",
        "2026-03-02", "2026-02-30", "0000-00-00", "9999-12-31", "2026-3-2", "2026-03-02T08:00:00Z", "20260302",
        "0000000000000000", "1234567890123456", "123456789012345", "12345678901234567", "abcdefghijklmnop",
        "pet_000000000001", "clue_000000000001", "talk-1", "c-qingshui-hexi-03", "org-city", "dept-1", "petitions", "clues", "talks", "tolerance", "casefiles",
    ];

    private static readonly Gen<char> SafeChar = Gen.Frequency(
        (4, (IGen<char>)Gen.Char['\u0020', '\u007e']),
        (2, Gen.Char['\u4e00', '\u9fff']),
        (1, Gen.Char['\u0000', '\u001f']),
        (1, Gen.Char['\u0590', '\u06ff']),
        (1, Gen.Char['\u0300', '\u036f']),
        (1, Gen.Char['\u0080', '\ud7ff']),
        (1, Gen.Char['\ue000', '\uffff']));

    private static readonly Gen<string> RandomText = SafeChar.Array[0, 40].Select(a => new string(a));

    private readonly IReadOnlyList<string> _knownIds = knownIds;

    /// <summary>Inside a large repeated field: elements stay small, so a message stays within memory and the 1 MB limit.</summary>
    private int _bulk;

    /// <summary>Tame messages: most fields well-formed, a few wild, so the wild ones are judged by the deeper checks.</summary>
    private bool _tame;

    public override IMessage Generate(PCG pcg, Size? min, out Size size)
    {
        size = new Size(0);
        _tame = pcg.Next(2) == 0;
        return Message(pcg, descriptor, 0);
    }

    private static readonly string[] Plain = ["李四", "河西镇人民政府", "副镇长", "党委安排", "反映其在道路工程招标中收受承包商回扣。", "王书记", "经研究同意", "核查员甲"];

    /// <summary>A well-formed value for a field, by its type and the API's naming conventions; null: no tame value (use a wild one).</summary>
    private object? Tame(PCG pcg, FieldDescriptor field) => field.FieldType switch
    {
        FieldType.String when field.Name.EndsWith("_id", StringComparison.Ordinal) && _knownIds.Count > 0 => _knownIds[(int)pcg.Next((uint)_knownIds.Count)],
        FieldType.String when field.Name is "from" or "to" or "as_of" || field.Name.EndsWith("_on", StringComparison.Ordinal) || field.Name.EndsWith("date", StringComparison.Ordinal)
            => new DateOnly(2026, 1, 1).AddDays((int)pcg.Next(120)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        FieldType.String when field.Name == "idempotency_key" => Guid.NewGuid().ToString("N"),
        FieldType.String => Plain[pcg.Next((uint)Plain.Length)],
        FieldType.Enum when field.EnumType.Values.Count > 1 => Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values[1 + (int)pcg.Next((uint)field.EnumType.Values.Count - 1)].Number),
        FieldType.Int32 when field.Name.Contains("year", StringComparison.Ordinal) => 2025,
        FieldType.Int32 => (int)pcg.Next(5),
        FieldType.Int64 when field.Name == "seconds" => 1_772_400_000L + pcg.Next(86_400 * 30),
        FieldType.Int64 => 0L,
        FieldType.Bool => pcg.Next(2) == 0,
        _ => null,
    };

    private IMessage Message(PCG pcg, MessageDescriptor type, int depth)
    {
        var message = type.Parser.ParseFrom(ByteString.Empty);
        if (depth >= MaxDepth)
        {
            return message;
        }

        // Mostly most fields set (to get past "required"), sometimes few.
        var fill = _tame ? 95u : pcg.Next(4) == 0 ? 30u : 85u;
        foreach (var field in type.Fields.InDeclarationOrder())
        {
            if (pcg.Next(100) >= fill)
            {
                continue;
            }

            if (field.IsMap)
            {
                var map = (IDictionary)field.Accessor.GetValue(message);
                var entry = field.MessageType;
                var count = Count(pcg);
                for (var i = 0; i < count; i++)
                {
                    map[Value(pcg, entry.FindFieldByNumber(1), depth)!] = Value(pcg, entry.FindFieldByNumber(2), depth);
                }
            }
            else if (field.IsRepeated)
            {
                var list = (IList)field.Accessor.GetValue(message);
                var count = _bulk > 0 || (_tame && pcg.Next(5) != 0) ? 1 + (int)pcg.Next(2) : Count(pcg);
                _bulk += count > 3 ? 1 : 0;
                for (var i = 0; i < count; i++)
                {
                    list.Add((_tame && pcg.Next(10) != 0 ? Tame(pcg, field) : null) ?? Value(pcg, field, depth));
                }

                _bulk -= count > 3 ? 1 : 0;
            }
            else
            {
                field.Accessor.SetValue(message, (_tame && pcg.Next(10) != 0 ? Tame(pcg, field) : null) ?? Value(pcg, field, depth));
            }
        }

        return message;
    }

    /// <summary>0–3 elements mostly; sometimes hundreds or a couple of thousand.</summary>
    private static int Count(PCG pcg) => pcg.Next(20) switch
    {
        0 => (int)pcg.Next(300) + 50,
        1 => 2000,
        _ => (int)pcg.Next(4),
    };

    private object Value(PCG pcg, FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Text(pcg, field.Name),
        FieldType.Int64 when field.Name == "expected_version" && pcg.Next(2) == 0 => 0L,
        FieldType.Bytes => ByteString.CopyFrom(Bytes(pcg)),
        FieldType.Bool => pcg.Next(2) == 0,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => Int32(pcg),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => Int64(pcg),
        FieldType.UInt32 or FieldType.Fixed32 => unchecked((uint)Int32(pcg)),
        FieldType.UInt64 or FieldType.Fixed64 => unchecked((ulong)Int64(pcg)),
        FieldType.Double => Double(pcg),
        FieldType.Float => (float)Double(pcg),
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, EnumNumber(pcg, field.EnumType)),
        FieldType.Message or FieldType.Group => Message(pcg, field.MessageType, depth + 1),
        _ => throw new NotSupportedException(field.FieldType.ToString()),
    };

    /// <summary>
    /// Half the time a field named like an id, a date or a key (by the API's naming convention, not
    /// a list) gets a well-formed value, so the other fields are judged past the first check.
    /// </summary>
    private string Text(PCG pcg, string name)
    {
        if (pcg.Next(2) == 0)
        {
            if (name.EndsWith("_id", StringComparison.Ordinal) && _knownIds.Count > 0)
            {
                return _knownIds[(int)pcg.Next((uint)_knownIds.Count)];
            }

            if (name is "from" or "to" or "as_of" || name.EndsWith("_on", StringComparison.Ordinal) || name.EndsWith("date", StringComparison.Ordinal))
            {
                return new DateOnly(2025, 1, 1).AddDays((int)pcg.Next(800)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }

            if (name == "idempotency_key")
            {
                return Guid.NewGuid().ToString("N");
            }
        }

        switch (pcg.Next(12))
        {
            case 0:
            case 1:
            case 2:
                return Odd[pcg.Next((uint)Odd.Length)];
            case 3:
                return _knownIds.Count > 0 ? _knownIds[(int)pcg.Next((uint)_knownIds.Count)] : "";
            case 4 when _bulk == 0:
                // Huge: one token repeated to 5k–60k characters (kept under the 1 MB message limit).
                var token = Odd[pcg.Next((uint)Odd.Length)] is { Length: > 0 } t ? t : "字";
                var length = 5_000 + (int)pcg.Next(55_000);
                return string.Concat(Enumerable.Repeat(token, Math.Max(1, length / token.Length)));
            case 5:
                return Odd[pcg.Next((uint)Odd.Length)] + RandomText.Generate(pcg, null, out _) + Odd[pcg.Next((uint)Odd.Length)];
            case 6:
                return Guid.NewGuid().ToString(pcg.Next(2) == 0 ? "N" : "D", CultureInfo.InvariantCulture);
            default:
                return RandomText.Generate(pcg, null, out _);
        }
    }

    private byte[] Bytes(PCG pcg)
    {
        var bytes = new byte[pcg.Next(8) == 0 && _bulk == 0 ? 100_000 : pcg.Next(64)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)pcg.Next(256);
        }

        return bytes;
    }

    private static int Int32(PCG pcg) => pcg.Next(8) switch
    {
        0 => int.MinValue,
        1 => int.MaxValue,
        2 => -1,
        3 => 0,
        4 => (int)pcg.Next(),
        _ => (int)pcg.Next(200),
    };

    private static long Int64(PCG pcg) => pcg.Next(9) switch
    {
        0 => long.MinValue,
        1 => long.MaxValue,
        2 => -1,
        3 => 0,
        4 => (long)pcg.Next64(),
        // Around the valid range of a protobuf Timestamp (years 1–9999) and beyond it.
        5 => 253_402_300_800L + pcg.Next(1000),
        6 => -62_135_596_801L - pcg.Next(1000),
        7 => 1_772_400_000L + pcg.Next(86_400 * 400),
        _ => pcg.Next(200),
    };

    private static double Double(PCG pcg) => pcg.Next(8) switch
    {
        0 => double.NaN,
        1 => double.PositiveInfinity,
        2 => double.NegativeInfinity,
        3 => -0.0,
        4 => double.MaxValue,
        5 => double.Epsilon,
        _ => (pcg.Next(20_000) - 10_000) / 100.0,
    };

    private static int EnumNumber(PCG pcg, EnumDescriptor type) => pcg.Next(5) switch
    {
        0 => 900 + (int)pcg.Next(100),
        1 => pcg.Next(2) == 0 ? -1 : int.MaxValue,
        _ => type.Values[(int)pcg.Next((uint)type.Values.Count)].Number,
    };
}
