namespace Accountability.Platform.Deadlines;

/// <summary>One deadline of a document: what is due, on which working day, and whether it was met or alerted.</summary>
public sealed class TrackedDeadline
{
    /// <summary>The rule's name in snake_case, e.g. "screening", "letter_reply".</summary>
    public required string Kind { get; init; }

    /// <summary>YYYY-MM-DD in the organ's local time (China Standard Time by default).</summary>
    public required string DueDate { get; init; }

    public DateTimeOffset? MetAt { get; set; }

    public bool ApproachNotified { get; set; }

    public bool BreachNotified { get; set; }
}

public enum DeadlineAlert
{
    Approaching,
    Breached,
}
