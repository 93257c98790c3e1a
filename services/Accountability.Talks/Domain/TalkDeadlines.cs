namespace Accountability.Talks.Domain;

/// <summary>The deadline kinds of a talk; durations in <see cref="TalksOptions"/>.</summary>
public static class TalkDeadlines
{
    /// <summary>A talk requested by the Clues service is scheduled within Talks:ScheduleWithinWorkingDays WD.</summary>
    public const string ScheduleBy = "schedule_by";

    /// <summary>
    /// The reminder before a scheduled talk. Stored due on the calendar day before the reminder
    /// day, so the monitor's "breached" alert (raised the day after a due date) fires on the
    /// reminder day itself and becomes TalkReminderDue; its "approaching" alert raises nothing.
    /// It never counts as overdue work (<see cref="Talk.NextObligationDate"/> leaves it out).
    /// </summary>
    public const string Reminder = "reminder";

    /// <summary>One follow-up document owed by one cadre: "follow_up:" + the follow-up id.</summary>
    public const string FollowUpPrefix = "follow_up:";
}
