using System.Globalization;
using System.Text.Json;
using Accountability.Platform.Calendar;
using Xunit;

namespace Accountability.Platform.Tests.Calendar;

public sealed class WorkingCalendarTests
{
    private static readonly Lazy<string> SeedDirectory = new(FindSeedDirectory);

    // Tests read the shipped seeds, not a copy, so a wrong date in a seed fails here.
    private static readonly Lazy<WorkingCalendar> Seeded = new(() => WorkingCalendar.LoadFromDirectory(SeedDirectory.Value));

    [Theory]
    // 2026 Spring Festival: Sat 02-14 works, 02-15..23 off.
    [InlineData("2026-02-12", 5, "2026-02-26")]
    [InlineData("2026-02-13", 1, "2026-02-14")]
    [InlineData("2026-02-13", 2, "2026-02-24")]
    // 2025 Spring Festival: Sun 01-26 and Sat 02-08 work, 01-28..02-04 off.
    [InlineData("2025-01-24", 15, "2025-02-20")]
    [InlineData("2025-01-24", 1, "2025-01-26")]
    [InlineData("2025-01-27", 1, "2025-02-05")]
    // 2025 National Day + Mid-Autumn: Sun 09-28 and Sat 10-11 work, 10-01..08 off.
    [InlineData("2025-09-26", 1, "2025-09-28")]
    [InlineData("2025-09-26", 3, "2025-09-30")]
    [InlineData("2025-09-26", 4, "2025-10-09")]
    [InlineData("2025-09-26", 6, "2025-10-11")]
    [InlineData("2025-09-26", 7, "2025-10-13")]
    // 2026 Labour Day: 05-01..05 off, Sat 05-09 works.
    [InlineData("2026-04-30", 5, "2026-05-11")]
    // 2026 元旦 adjusted workday is reached from the previous year's file.
    [InlineData("2025-12-31", 1, "2026-01-04")]
    // Mid-Autumn 2026 (09-25..27) and its National Day workday (Sun 09-20).
    [InlineData("2026-09-18", 1, "2026-09-20")]
    [InlineData("2026-09-24", 1, "2026-09-28")]
    // Provisional 2027: statutory 春节 02-05..08 only.
    [InlineData("2027-02-04", 1, "2027-02-09")]
    // Start on a holiday: counting begins the next working day.
    [InlineData("2026-02-16", 1, "2026-02-24")]
    public void AddWorkingDays_counts_adjusted_workdays_and_skips_holidays(string start, int workingDays, string expected)
    {
        Assert.Equal(Day(expected), Seeded.Value.AddWorkingDays(Day(start), workingDays));
    }

    [Theory]
    [InlineData("2026-02-16")] // a holiday
    [InlineData("2026-02-15")] // a Sunday
    [InlineData("2026-02-12")] // an ordinary Thursday
    public void AddWorkingDays_zero_returns_start(string start)
    {
        Assert.Equal(Day(start), Seeded.Value.AddWorkingDays(Day(start), 0));
    }

    [Fact]
    public void AddWorkingDays_rejects_negative_counts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Seeded.Value.AddWorkingDays(Day("2026-02-12"), -1));
    }

    [Theory]
    [InlineData("2026-02-14", true)]  // Saturday, 春节调休
    [InlineData("2026-02-28", true)]  // Saturday, 春节调休
    [InlineData("2026-02-21", false)] // Saturday inside 春节
    [InlineData("2026-02-23", false)] // Monday inside 春节
    [InlineData("2026-02-24", true)]  // first Tuesday back
    [InlineData("2026-09-20", true)]  // Sunday, 国庆节调休
    [InlineData("2026-10-10", true)]  // Saturday, 国庆节调休
    [InlineData("2026-10-07", false)] // Wednesday inside 国庆节
    [InlineData("2025-09-28", true)]  // Sunday, 国庆节、中秋节调休
    [InlineData("2025-10-08", false)] // Wednesday inside 国庆节、中秋节
    [InlineData("2025-01-01", false)] // 元旦, Wednesday
    [InlineData("2025-01-04", false)] // ordinary Saturday
    [InlineData("2027-02-05", false)] // 除夕 2027, provisional
    [InlineData("2027-06-09", false)] // 端午 2027, provisional
    [InlineData("2031-01-01", true)]  // Wednesday in a year without a notice
    [InlineData("2031-01-04", false)] // Saturday in a year without a notice
    public void IsWorkingDay_follows_the_notice(string day, bool expected)
    {
        Assert.Equal(expected, Seeded.Value.IsWorkingDay(Day(day)));
    }

    [Theory]
    [InlineData("2026-02-12", "2026-02-26", 5)]
    [InlineData("2025-09-26", "2025-10-13", 7)]
    [InlineData("2025-01-24", "2025-02-20", 15)]
    [InlineData("2026-02-14", "2026-02-23", 0)] // start day itself is never counted
    [InlineData("2026-02-13", "2026-02-14", 1)] // end day is counted
    [InlineData("2026-02-12", "2026-02-12", 0)]
    [InlineData("2026-02-26", "2026-02-12", 0)] // to before from
    [InlineData("2031-01-03", "2031-01-10", 5)]
    public void WorkingDaysBetween_counts_after_from_through_to(string from, string to, int expected)
    {
        Assert.Equal(expected, Seeded.Value.WorkingDaysBetween(Day(from), Day(to)));
    }

    [Theory]
    [InlineData("2025-01-20")]
    [InlineData("2025-09-22")]
    [InlineData("2026-02-09")]
    [InlineData("2026-09-14")]
    [InlineData("2026-12-21")]
    public void WorkingDaysBetween_inverts_AddWorkingDays(string start)
    {
        var from = Day(start);
        for (var n = 0; n <= 40; n++)
        {
            var due = Seeded.Value.AddWorkingDays(from, n);
            Assert.Equal(n, Seeded.Value.WorkingDaysBetween(from, due));
            Assert.True(n == 0 || Seeded.Value.IsWorkingDay(due), $"{n} WD from {start} landed on a day off ({due}).");
        }
    }

    [Fact]
    public void Year_without_a_notice_falls_back_to_monday_to_friday()
    {
        var calendar = Seeded.Value;

        Assert.False(calendar.Covers(2031));
        Assert.Equal(Day("2031-01-10"), calendar.AddWorkingDays(Day("2031-01-03"), 5)); // Friday to Friday
        Assert.Equal(Day("2031-01-01"), calendar.AddWorkingDays(Day("2030-12-31"), 1)); // 元旦 unknown, so it counts
    }

    [Fact]
    public void Seeded_years_are_covered_and_2027_is_marked_provisional()
    {
        var calendar = Seeded.Value;

        Assert.True(calendar.Covers(2025));
        Assert.True(calendar.Covers(2026));
        Assert.True(calendar.Covers(2027));
        Assert.False(calendar.IsProvisional(2025));
        Assert.False(calendar.IsProvisional(2026));
        Assert.True(calendar.IsProvisional(2027));
        Assert.False(calendar.IsProvisional(2031));
    }

    [Theory]
    [InlineData("2026-01-31", 1, "2026-02-28")] // no 31 February: month end
    [InlineData("2024-01-31", 1, "2024-02-29")]
    [InlineData("2026-03-15", 1, "2026-04-15")]
    [InlineData("2026-11-30", 3, "2027-02-28")]
    [InlineData("2026-02-16", 1, "2026-03-16")] // holidays play no part
    public void AddCalendarMonths_adds_whole_months(string start, int months, string expected)
    {
        Assert.Equal(Day(expected), Seeded.Value.AddCalendarMonths(Day(start), months));
    }

    [Theory]
    [InlineData(2025, 28, 5)]
    [InlineData(2026, 33, 6)]
    [InlineData(2027, 13, 0)]
    public void Seed_file_holds_the_notice_of_its_year(int year, int holidayCount, int workdayCount)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedDirectory.Value, $"{year}.json")));
        var root = document.RootElement;
        var holidays = Dates(root.GetProperty("holidays"));
        var workdays = Dates(root.GetProperty("workdays"));

        Assert.Equal(year, root.GetProperty("year").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("source").GetString()));
        Assert.Equal(holidayCount, holidays.Count);
        Assert.Equal(workdayCount, workdays.Count);
        Assert.Equal(holidays.Count, holidays.Distinct().Count());
        Assert.Equal(workdays.Count, workdays.Distinct().Count());
        Assert.All(holidays, d => Assert.Equal(year, d.Year));
        Assert.All(workdays, d => Assert.Equal(year, d.Year));
        Assert.All(workdays, d => Assert.True(
            d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"Adjusted workday {d} is a {d.DayOfWeek}."));
        Assert.Empty(holidays.Intersect(workdays));
    }

    [Fact]
    public void Provisional_2027_seed_says_so_and_invents_no_workdays()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SeedDirectory.Value, "2027.json")));
        var root = document.RootElement;

        Assert.True(root.GetProperty("provisional").GetBoolean());
        Assert.Contains("PROVISIONAL", root.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Empty(Dates(root.GetProperty("workdays")));
    }

    [Fact]
    public void Constructor_rejects_an_adjusted_workday_on_a_weekday()
    {
        var year = new CalendarYear(2026, "test", [], [new CalendarDay(Day("2026-02-13"), "春节调休")]);

        var error = Assert.Throws<ArgumentException>(() => new WorkingCalendar([year]));
        Assert.Contains("2026-02-13", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_rejects_a_duplicate_holiday()
    {
        var day = new CalendarDay(Day("2026-02-16"), "春节");
        var year = new CalendarYear(2026, "test", [day, day], []);

        Assert.Throws<ArgumentException>(() => new WorkingCalendar([year]));
    }

    [Fact]
    public void Constructor_rejects_a_day_both_off_and_working()
    {
        var year = new CalendarYear(
            2026, "test", [new CalendarDay(Day("2026-02-14"), "春节")], [new CalendarDay(Day("2026-02-14"), "春节调休")]);

        Assert.Throws<ArgumentException>(() => new WorkingCalendar([year]));
    }

    [Fact]
    public void Constructor_rejects_a_year_given_twice()
    {
        var year = new CalendarYear(2026, "test", [], []);

        Assert.Throws<ArgumentException>(() => new WorkingCalendar([year, year]));
    }

    [Fact]
    public void Constructor_rejects_a_date_outside_the_notice_year()
    {
        var year = new CalendarYear(2026, "test", [new CalendarDay(Day("2027-01-01"), "元旦")], []);

        Assert.Throws<ArgumentException>(() => new WorkingCalendar([year]));
    }

    [Fact]
    public void Notice_may_reach_into_the_previous_december()
    {
        // The 2019 notice ran 元旦 from 2018-12-30 and made Saturday 2018-12-29 a working day.
        var year = new CalendarYear(
            2019,
            "test",
            [
                new CalendarDay(Day("2018-12-30"), "元旦"),
                new CalendarDay(Day("2018-12-31"), "元旦"),
                new CalendarDay(Day("2019-01-01"), "元旦"),
            ],
            [new CalendarDay(Day("2018-12-29"), "元旦调休")]);

        var calendar = new WorkingCalendar([year]);

        Assert.True(calendar.IsWorkingDay(Day("2018-12-29")));
        Assert.False(calendar.IsWorkingDay(Day("2018-12-31")));
        Assert.Equal(Day("2019-01-02"), calendar.AddWorkingDays(Day("2018-12-28"), 2));
    }

    [Theory]
    [InlineData("2026.json", """{ "year": 2025, "source": "s", "holidays": [], "workdays": [] }""")]
    [InlineData("2026.json", """{ "year": 2026, "source": "s", "holidays": [] }""")]
    [InlineData("2026.json", """{ "year": 2026, "source": "s", "holidays": [], "workday": [] }""")]
    [InlineData("2026.json", """{ "year": 2026, "source": "s", "holidays": [ { "date": "2026/02/16", "name": "春节" } ], "workdays": [] }""")]
    [InlineData("2026.json", """{ "year": 2026, "source": "s", "holidays": [], "workdays": [ { "date": "2026-02-13", "name": "x" } ] }""")]
    [InlineData("notes.json", """{ "anything": true }""")] // no year file at all
    public void LoadFromDirectory_rejects_bad_files(string fileName, string json)
    {
        var directory = Directory.CreateTempSubdirectory("calendar-test-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, fileName), json);

            Assert.Throws<InvalidDataException>(() => WorkingCalendar.LoadFromDirectory(directory.FullName));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void LoadFromDirectory_ignores_files_not_named_for_a_year()
    {
        var directory = Directory.CreateTempSubdirectory("calendar-test-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "2026.json"), """
                { "year": 2026, "source": "s", "holidays": [ { "date": "2026-02-16", "name": "春节" } ], "workdays": [] }
                """);
            File.WriteAllText(Path.Combine(directory.FullName, "schema.json"), """{ "type": "object" }""");

            var calendar = WorkingCalendar.LoadFromDirectory(directory.FullName);

            Assert.Equal(2026, Assert.Single(calendar.Years).Year);
            Assert.False(calendar.IsWorkingDay(Day("2026-02-16")));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static DateOnly Day(string isoDate) => DateOnly.ParseExact(isoDate, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static List<DateOnly> Dates(JsonElement entries) =>
        entries.EnumerateArray().Select(e => Day(e.GetProperty("date").GetString()!)).ToList();

    private static string FindSeedDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "seeds", "calendar");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No seeds/calendar folder above {AppContext.BaseDirectory}.");
    }
}
