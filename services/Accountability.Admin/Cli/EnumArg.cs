using System.Reflection;
using Google.Protobuf.Reflection;

namespace Accountability.Admin.Cli;

/// <summary>
/// Proto enums on the command line: the value's name without its prefix, any case, '-' or '_'
/// (CHANNEL_PHONE_12388 is "phone-12388"), or its Chinese label. Shown as the label of the current language.
/// </summary>
public static class EnumArg
{
    public static TEnum Parse<TEnum>(string? value, string option, TEnum fallback = default)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var wanted = Normalise(value);
        foreach (var (member, original) in Members<TEnum>())
        {
            if (original.EndsWith("_UNSPECIFIED", StringComparison.Ordinal))
            {
                continue;
            }

            if (Normalise(ShortName(original, Prefix<TEnum>())) == wanted || Normalise(original) == wanted || Texts.ZhEnum(original) == value.Trim())
            {
                return member;
            }
        }

        throw CliException.Usage(option, Texts.T("'{0}' is not one of: {1}", value, string.Join(", ", Choices<TEnum>())));
    }

    public static List<TEnum> ParseAll<TEnum>(IEnumerable<string>? values, string option)
        where TEnum : struct, Enum => (values ?? []).Select(v => Parse<TEnum>(v, option)).ToList();

    /// <summary>The accepted short names, e.g. letter, visit, phone-12388.</summary>
    public static IEnumerable<string> Choices<TEnum>()
        where TEnum : struct, Enum =>
        Members<TEnum>().Select(m => m.Original).Where(o => !o.EndsWith("_UNSPECIFIED", StringComparison.Ordinal))
            .Select(o => ShortName(o, Prefix<TEnum>()).ToLowerInvariant().Replace('_', '-'));

    /// <summary>The short name of a value as --lang en shows it ("accepted", "phone 12388").</summary>
    public static string English(EnumValueDescriptor value) => ShortName(value.Name, Prefix(value.EnumDescriptor)).ToLowerInvariant().Replace('_', ' ');

    public static string Prefix(EnumDescriptor descriptor) =>
        descriptor.Values.FirstOrDefault(v => v.Number == 0)?.Name is { } zero && zero.EndsWith("UNSPECIFIED", StringComparison.Ordinal)
            ? zero[..^"UNSPECIFIED".Length]
            : "";

    private static string Prefix<TEnum>()
        where TEnum : struct, Enum =>
        Members<TEnum>().FirstOrDefault(m => m.Original.EndsWith("_UNSPECIFIED", StringComparison.Ordinal)).Original is { } zero
            ? zero[..^"UNSPECIFIED".Length]
            : "";

    private static string ShortName(string original, string prefix) => original.StartsWith(prefix, StringComparison.Ordinal) ? original[prefix.Length..] : original;

    private static string Normalise(string value) => value.Trim().Replace('-', '_').Replace(' ', '_').ToUpperInvariant();

    private static IEnumerable<(TEnum Member, string Original)> Members<TEnum>()
        where TEnum : struct, Enum =>
        typeof(TEnum).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((TEnum)f.GetValue(null)!, f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name));
}
