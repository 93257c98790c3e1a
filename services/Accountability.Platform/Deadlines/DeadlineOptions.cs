namespace Accountability.Platform.Deadlines;

/// <summary>Configuration section "Deadlines".</summary>
public sealed class DeadlineOptions
{
    public const string Section = "Deadlines";

    /// <summary>Which calendar day an instant falls on: China Standard Time.</summary>
    public int UtcOffsetHours { get; set; } = 8;

    /// <summary>How many working days before a due date the "approaching" alert fires.</summary>
    public int ApproachingWorkingDays { get; set; } = 2;

    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromMinutes(1);
}
