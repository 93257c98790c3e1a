using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accountability.Platform.Calendar;

/// <summary>
/// The PRC working-day calendar behind every WD deadline (shared/domain.md conventions (WD)):
/// Monday to Friday, less the public holidays, plus the weekend days a State Council notice
/// turns into working days (调休上班日).
/// </summary>
public sealed class WorkingCalendar
{
    // Strict on purpose: a misspelt or missing field in a seed would otherwise load as an
    // empty list and quietly shift every deadline in that year.
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    private readonly Dictionary<int, CalendarYear> _years = [];
    private readonly HashSet<DateOnly> _holidays = [];
    private readonly HashSet<DateOnly> _workdays = [];

    /// <summary>Builds the calendar from parsed notices, rejecting data that cannot be a real notice.</summary>
    /// <exception cref="ArgumentException">A year is given twice, or a date is duplicated, outside its year
    /// (and the December before it), both a holiday and a workday, or an adjusted workday that is not a
    /// Saturday or Sunday.</exception>
    public WorkingCalendar(IEnumerable<CalendarYear> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        foreach (var year in years)
        {
            Add(year);
        }
    }

    /// <summary>The notices loaded, one per year.</summary>
    public IReadOnlyCollection<CalendarYear> Years => _years.Values;

    /// <summary>
    /// Reads every <c>&lt;year&gt;.json</c> in <paramref name="directory"/> (other files are ignored).
    /// </summary>
    /// <exception cref="InvalidDataException">A file is malformed, its year differs from its name,
    /// or the folder holds no year file at all.</exception>
    public static WorkingCalendar LoadFromDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);

        var years = new List<CalendarYear>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            // A schema or notes file may sit beside the notices; only a year-named file is one.
            if (int.TryParse(Path.GetFileNameWithoutExtension(path), NumberStyles.None, CultureInfo.InvariantCulture, out var fileYear))
            {
                years.Add(ReadYear(path, fileYear));
            }
        }

        // An empty folder is almost always a wrong path, and silently counting Monday to Friday
        // for every year would misdate each holiday-season deadline.
        if (years.Count == 0)
        {
            throw new InvalidDataException($"No <year>.json calendar file found in '{directory}'.");
        }

        try
        {
            return new WorkingCalendar(years);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"Calendar files in '{directory}' are inconsistent: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Whether a notice for <paramref name="year"/> is loaded. When it is not, the calendar counts
    /// Monday to Friday only, which callers should log: the notice usually appears each November.
    /// </summary>
    public bool Covers(int year) => _years.ContainsKey(year);

    /// <summary>Whether <paramref name="year"/> is loaded but marked provisional (statutory holidays only).</summary>
    public bool IsProvisional(int year) => _years.TryGetValue(year, out var notice) && notice.Provisional;

    /// <summary>
    /// An adjusted workday is a working day, a holiday is not, and any other day is one when it
    /// falls Monday to Friday.
    /// </summary>
    public bool IsWorkingDay(DateOnly day)
    {
        if (_workdays.Contains(day))
        {
            return true;
        }

        return !_holidays.Contains(day) && !IsWeekend(day);
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>; the start day
    /// itself never counts, and 0 returns <paramref name="start"/> unchanged.
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly start, int workingDays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);

        var day = start;
        var counted = 0;
        while (counted < workingDays)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// <paramref name="start"/> plus whole calendar months, for rules counted in months rather than WD.
    /// </summary>
    /// <remarks>
    /// DateOnly.AddMonths lands on the last day of a shorter month, matching 民法典 Art. 202 for periods
    /// counted in months. Moving an end date off a holiday (Art. 203) is left to the rule that needs it.
    /// </remarks>
    public DateOnly AddCalendarMonths(DateOnly start, int months) => start.AddMonths(months);

    /// <summary>
    /// Working days after <paramref name="from"/> up to and including <paramref name="to"/>;
    /// 0 when <paramref name="to"/> is not after <paramref name="from"/>.
    /// </summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from; day < to;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                count++;
            }
        }

        return count;
    }

    private static CalendarYear ReadYear(string path, int fileYear)
    {
        CalendarYear? notice;
        try
        {
            using var stream = File.OpenRead(path);
            notice = JsonSerializer.Deserialize<CalendarYear>(stream, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Calendar file '{path}' is malformed: {ex.Message}", ex);
        }

        if (notice is null)
        {
            throw new InvalidDataException($"Calendar file '{path}' holds null.");
        }

        if (notice.Year != fileYear)
        {
            throw new InvalidDataException($"Calendar file '{path}' is named for {fileYear} but holds year {notice.Year}.");
        }

        return notice;
    }

    private static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    private void Add(CalendarYear notice)
    {
        if (notice is null)
        {
            throw new ArgumentException("A calendar year is null.");
        }

        if (!_years.TryAdd(notice.Year, notice))
        {
            throw new ArgumentException($"Calendar year {notice.Year} is given twice.");
        }

        foreach (var day in notice.Holidays)
        {
            CheckDay(notice, day, "holiday");
            if (!_holidays.Add(day.Date))
            {
                throw new ArgumentException($"Calendar year {notice.Year} lists holiday {Format(day.Date)} twice.");
            }
        }

        foreach (var day in notice.Workdays)
        {
            CheckDay(notice, day, "adjusted workday");

            // Notices only ever move weekend days to work, so a weekday here is a typo that would change nothing.
            if (!IsWeekend(day.Date))
            {
                throw new ArgumentException(
                    $"Calendar year {notice.Year}: adjusted workday {Format(day.Date)} is a {day.Date.DayOfWeek}, not a weekend day.");
            }

            if (_holidays.Contains(day.Date))
            {
                throw new ArgumentException(
                    $"Calendar year {notice.Year}: {Format(day.Date)} is both a holiday and an adjusted workday.");
            }

            if (!_workdays.Add(day.Date))
            {
                throw new ArgumentException($"Calendar year {notice.Year} lists adjusted workday {Format(day.Date)} twice.");
            }
        }
    }

    private static void CheckDay(CalendarYear notice, CalendarDay? day, string kind)
    {
        if (day is null)
        {
            throw new ArgumentException($"Calendar year {notice.Year} has a null {kind} entry.");
        }

        // A notice may reach back into the previous December when 元旦 spans the new year (the 2019
        // notice did), but any other date outside its year is a typo.
        var inYear = day.Date.Year == notice.Year;
        var previousDecember = day.Date.Year == notice.Year - 1 && day.Date.Month == 12;
        if (!inYear && !previousDecember)
        {
            throw new ArgumentException($"Calendar year {notice.Year} lists {kind} {Format(day.Date)} from another year.");
        }
    }

    private static string Format(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
