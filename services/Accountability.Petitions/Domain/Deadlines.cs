using System.Globalization;
using Accountability.Platform.Calendar;

namespace Accountability.Petitions.Domain;

/// <summary>Computes and tracks a petition's deadlines on the working-day calendar.</summary>
public sealed class Deadlines(WorkingCalendar calendar, PetitionsOptions options)
{
    public DateOnly LocalDate(DateTimeOffset instant) =>
        DateOnly.FromDateTime(instant.ToOffset(TimeSpan.FromHours(options.UtcOffsetHours)).DateTime);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public DeadlineEntry Open(DeadlineKind kind, DateTimeOffset from)
    {
        var days = kind switch
        {
            DeadlineKind.Screening => options.ScreeningWorkingDays,
            DeadlineKind.AcceptanceNotice => options.AcceptanceNoticeWorkingDays,
            DeadlineKind.Feedback => options.FeedbackWorkingDays,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        return new DeadlineEntry { Kind = kind, DueDate = Format(calendar.AddWorkingDays(LocalDate(from), days)) };
    }

    public static void Meet(Petition petition, DeadlineKind kind, DateTimeOffset at)
    {
        foreach (var deadline in petition.Deadlines.Where(d => d.Kind == kind && d.MetAt is null))
        {
            deadline.MetAt = at;
        }

        Refresh(petition);
    }

    /// <summary>Recomputes the indexed summary fields after deadlines changed.</summary>
    public static void Refresh(Petition petition)
    {
        var open = petition.Deadlines.Where(d => d.MetAt is null).ToList();
        petition.NextDueDate = open.Select(d => d.DueDate).Order(StringComparer.Ordinal).FirstOrDefault();
        petition.NextUnnotifiedDueDate = open.Where(d => !d.BreachNotified).Select(d => d.DueDate).Order(StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>Overdue when the due working day has passed (the due day itself still counts).</summary>
    public bool IsOverdue(DeadlineEntry deadline, DateTimeOffset now) =>
        deadline.MetAt is null && string.CompareOrdinal(deadline.DueDate, Format(LocalDate(now))) < 0;
}
