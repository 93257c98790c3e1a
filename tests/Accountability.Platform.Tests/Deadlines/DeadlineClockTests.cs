using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;
using Microsoft.Extensions.Options;
using Xunit;

namespace Accountability.Platform.Tests.Deadlines;

/// <summary>
/// When the alerts of a deadline fire: by default the "approaching" alert Deadlines:ApproachingWorkingDays
/// working days before the due day and the "breached" alert the calendar day after it; a deadline may
/// opt into its own count of working days and a breach alert on the first working day after the due day.
/// </summary>
public sealed class DeadlineClockTests
{
    private static readonly Lazy<WorkingCalendar> Calendar = new(() => WorkingCalendar.LoadFromDirectory(FindSeedDirectory()));

    private static readonly DeadlineClock Clock = new(Calendar.Value, Options.Create(new DeadlineOptions()), TimeProvider.System);

    [Theory]
    // Due Wednesday 30 September 2026; 1–7 October is National Day, Thursday 8 October the first working day back.
    [InlineData("2026-09-30", false, null, "2026-09-28", "2026-10-01")]
    [InlineData("2026-09-30", true, null, "2026-09-28", "2026-10-08")]
    [InlineData("2026-09-30", true, 4, "2026-09-23", "2026-10-08")]
    // Due Saturday 10 October, an adjusted working day: Sunday 11 off, Monday 12 working.
    [InlineData("2026-10-10", false, null, "2026-10-08", "2026-10-11")]
    [InlineData("2026-10-10", true, 1, "2026-10-09", "2026-10-12")]
    [InlineData("2026-10-10", true, 0, "2026-10-10", "2026-10-12")]
    // Due on a Thursday: the next day is a working day either way.
    [InlineData("2026-03-05", true, null, "2026-03-03", "2026-03-06")]
    public void The_alerts_fire_on_the_days_the_deadline_asks_for(string due, bool onWorkingDay, int? approaching, string approachOn, string breachOn)
    {
        var deadline = new TrackedDeadline { Kind = "test", DueDate = due, BreachAlertOnWorkingDay = onWorkingDay, ApproachingWorkingDays = approaching };

        Assert.Equal((approachOn, breachOn), (DeadlineClock.Format(Clock.ApproachDate(deadline)), DeadlineClock.Format(Clock.BreachAlertDate(deadline))));
    }

    [Fact]
    public void A_deadline_overdue_over_a_holiday_raises_its_breach_on_the_first_working_day_and_the_scan_date_follows()
    {
        var document = new Holder();
        Clock.Open(document, new TrackedDeadline { Kind = "test", DueDate = "2026-09-30", BreachAlertOnWorkingDay = true });
        Assert.Equal("2026-09-28", document.NextAlertDate);

        Assert.Equal([DeadlineAlert.Approaching], Clock.TakeAlerts(document, At("2026-09-28")).Select(a => a.Alert));
        Assert.Equal("2026-10-08", document.NextAlertDate);

        // Overdue through the holiday (IsOverdue), but nothing is raised until the working day.
        Assert.True(Clock.IsOverdue(document.Deadlines[0], At("2026-10-01")));
        Assert.Empty(Clock.TakeAlerts(document, At("2026-10-01")));
        Assert.Empty(Clock.TakeAlerts(document, At("2026-10-07")));
        Assert.Equal([DeadlineAlert.Breached], Clock.TakeAlerts(document, At("2026-10-08")).Select(a => a.Alert));
        Assert.Null(document.NextAlertDate);
        Assert.Empty(Clock.TakeAlerts(document, At("2026-10-09")));
    }

    [Fact]
    public void A_deadline_that_does_not_opt_in_raises_its_breach_on_the_holiday_as_before()
    {
        var document = new Holder();
        Clock.Open(document, new TrackedDeadline { Kind = "test", DueDate = "2026-09-30" });
        Clock.TakeAlerts(document, At("2026-09-28"));

        Assert.Equal("2026-10-01", document.NextAlertDate);
        Assert.Equal([DeadlineAlert.Breached], Clock.TakeAlerts(document, At("2026-10-01")).Select(a => a.Alert));
    }

    /// <summary>10:00 Beijing time on the day.</summary>
    private static DateTimeOffset At(string day) => new(DeadlineClock.Parse(day).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(8));

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

    private sealed class Holder : IHasDeadlines
    {
        public string Id { get; init; } = "holder";

        public long Version { get; set; }

        public List<TrackedDeadline> Deadlines { get; } = [];

        public string? NextDueDate { get; set; }

        public string? NextAlertDate { get; set; }
    }
}
