using System.Globalization;
using Accountability.Platform.Calendar;
using Microsoft.Extensions.Options;

namespace Accountability.Platform.Deadlines;

/// <summary>
/// Opens, meets and watches deadlines on the working-day calendar (shared/domain.md conventions:
/// WD on the PRC calendar, "month" = calendar month). A deadline is due on its due day and
/// overdue from the next day on.
/// </summary>
public sealed class DeadlineClock(WorkingCalendar calendar, IOptions<DeadlineOptions> options, TimeProvider clock)
{
    private readonly DeadlineOptions _options = options.Value;

    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(_options.UtcOffsetHours)).DateTime);

    public DateOnly Today() => LocalDate(clock.GetUtcNow());

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateOnly Parse(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    public TrackedDeadline InWorkingDays(string kind, DateTimeOffset from, int workingDays) =>
        new() { Kind = kind, DueDate = Format(calendar.AddWorkingDays(LocalDate(from), workingDays)) };

    public TrackedDeadline InMonths(string kind, DateTimeOffset from, int months) =>
        new() { Kind = kind, DueDate = Format(calendar.AddCalendarMonths(LocalDate(from), months)) };

    public void Open(IHasDeadlines document, TrackedDeadline deadline)
    {
        document.Deadlines.Add(deadline);
        Refresh(document);
    }

    /// <summary>Marks every open deadline of the kind met.</summary>
    public void Meet(IHasDeadlines document, string kind, DateTimeOffset at)
    {
        foreach (var deadline in document.Deadlines.Where(d => d.Kind == kind && d.MetAt is null))
        {
            deadline.MetAt = at;
        }

        Refresh(document);
    }

    public bool IsOverdue(TrackedDeadline deadline, DateTimeOffset now) =>
        deadline.MetAt is null && string.CompareOrdinal(deadline.DueDate, Format(LocalDate(now))) < 0;

    /// <summary>The working day on which the approaching alert fires (the deadline's own count of working days, else the configured one).</summary>
    public DateOnly ApproachDate(TrackedDeadline deadline)
    {
        var day = Parse(deadline.DueDate);
        var before = deadline.ApproachingWorkingDays ?? _options.ApproachingWorkingDays;
        for (var counted = 0; counted < before;)
        {
            day = day.AddDays(-1);
            if (calendar.IsWorkingDay(day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// The day on which the breached alert fires: the day after the due day, or for a deadline that
    /// opted in (<see cref="TrackedDeadline.BreachAlertOnWorkingDay"/>) the first working day after it.
    /// </summary>
    public DateOnly BreachAlertDate(TrackedDeadline deadline)
    {
        var day = Parse(deadline.DueDate).AddDays(1);
        while (deadline.BreachAlertOnWorkingDay && !calendar.IsWorkingDay(day))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>The alerts due by now, each marked as sent; the caller turns them into events in the same batch.</summary>
    public IReadOnlyList<(TrackedDeadline Deadline, DeadlineAlert Alert)> TakeAlerts(IHasDeadlines document, DateTimeOffset now)
    {
        var today = LocalDate(now);
        var alerts = new List<(TrackedDeadline, DeadlineAlert)>();
        foreach (var deadline in document.Deadlines.Where(d => d.MetAt is null))
        {
            if (!deadline.BreachNotified && IsOverdue(deadline, now) && BreachAlertDate(deadline) <= today)
            {
                deadline.BreachNotified = true;
                deadline.ApproachNotified = true;
                alerts.Add((deadline, DeadlineAlert.Breached));
            }
            else if (!deadline.ApproachNotified && !deadline.BreachNotified && ApproachDate(deadline) <= today)
            {
                deadline.ApproachNotified = true;
                alerts.Add((deadline, DeadlineAlert.Approaching));
            }
        }

        Refresh(document);
        return alerts;
    }

    /// <summary>Recomputes the indexed summaries after deadlines changed.</summary>
    public void Refresh(IHasDeadlines document)
    {
        var open = document.Deadlines.Where(d => d.MetAt is null).ToList();
        document.NextDueDate = open.Select(d => d.DueDate).Order(StringComparer.Ordinal).FirstOrDefault();
        document.NextAlertDate = open
            .Select(d => !d.ApproachNotified ? Format(ApproachDate(d))
                : !d.BreachNotified ? Format(BreachAlertDate(d))
                : null)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
