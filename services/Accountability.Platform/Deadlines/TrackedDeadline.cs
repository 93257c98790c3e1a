namespace Accountability.Platform.Deadlines;

/// <summary>One deadline of a document: what is due, on which working day, and whether it was met or alerted.</summary>
public sealed class TrackedDeadline
{
    /// <summary>The rule's name in snake_case, e.g. "screening", "letter_reply".</summary>
    public required string Kind { get; init; }

    /// <summary>YYYY-MM-DD in the organ's local time (China Standard Time by default).</summary>
    public required string DueDate { get; init; }

    /// <summary>
    /// How many working days before the due day the "approaching" alert fires; null: the
    /// service-wide Deadlines:ApproachingWorkingDays.
    /// </summary>
    public int? ApproachingWorkingDays { get; init; }

    /// <summary>
    /// Opt-in: the "breached" alert fires on the first working day after the due day instead of
    /// the calendar day after it (the deadline is overdue from that calendar day either way).
    /// </summary>
    public bool BreachAlertOnWorkingDay { get; init; }

    public DateTimeOffset? MetAt { get; set; }

    public bool ApproachNotified { get; set; }

    public bool BreachNotified { get; set; }
}

public enum DeadlineAlert
{
    Approaching,
    Breached,
}
