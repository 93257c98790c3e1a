using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Accountability.Admin.Cli;

/// <summary>
/// Dates and times on the command line. A time without an offset is China Standard Time (UTC+8),
/// the time the suite's deadlines are counted in; "+30m", "+2h" and "+1d" are relative to now.
/// </summary>
public static class TimeArg
{
    public static readonly TimeSpan ChinaOffset = TimeSpan.FromHours(8);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd"];

    public static Timestamp? Parse(string? value, string option, TimeProvider clock)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (text.StartsWith('+') && text.Length > 2 && int.TryParse(text[1..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? offset = text[^1] switch
            {
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (offset is { } span)
            {
                return Timestamp.FromDateTimeOffset(clock.GetUtcNow() + span);
            }
        }

        if (DateTime.TryParseExact(text, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return Timestamp.FromDateTimeOffset(new DateTimeOffset(local, ChinaOffset));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset))
        {
            return Timestamp.FromDateTimeOffset(withOffset);
        }

        throw CliException.Usage(option, Texts.T("'{0}' is not a time: use YYYY-MM-DD HH:mm (China Standard Time), an ISO time with offset, or +30m, +2h, +1d", value));
    }

    /// <summary>A day as the API takes it (YYYY-MM-DD); "today" is the current day in China.</summary>
    public static string Date(string? value, string option, TimeProvider clock, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return required ? throw CliException.Usage(option, Texts.T("is required")) : "";
        }

        if (value.Trim() == "today")
        {
            return Today(clock).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : throw CliException.Usage(option, Texts.T("'{0}' is not a day: use YYYY-MM-DD or today", value));
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(ChinaOffset).DateTime);

    public static string Format(Timestamp? value) =>
        value is null ? "" : value.ToDateTimeOffset().ToOffset(ChinaOffset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The start of a China day as a timestamp.</summary>
    public static Timestamp StartOf(DateOnly day) => Timestamp.FromDateTimeOffset(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaOffset));

    /// <summary>A period [from, to) from --from/--to days (to inclusive), defaulting to this year so far.</summary>
    public static (Timestamp From, Timestamp To) Period(string? from, string? to, string? year, TimeProvider clock)
    {
        var today = Today(clock);
        if (year is { Length: > 0 })
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y is < 2000 or > 2100)
            {
                throw CliException.Usage("--year", Texts.T("'{0}' is not a year", year));
            }

            return (StartOf(new DateOnly(y, 1, 1)), StartOf(new DateOnly(y + 1, 1, 1)));
        }

        var first = from is { Length: > 0 } ? DateOnly.ParseExact(Date(from, "--from", clock), "yyyy-MM-dd", CultureInfo.InvariantCulture) : new DateOnly(today.Year, 1, 1);
        var last = to is { Length: > 0 } ? DateOnly.ParseExact(Date(to, "--to", clock), "yyyy-MM-dd", CultureInfo.InvariantCulture) : today;
        if (last < first)
        {
            throw CliException.Usage("--to", Texts.T("must not be before --from"));
        }

        return (StartOf(first), StartOf(last.AddDays(1)));
    }
}
