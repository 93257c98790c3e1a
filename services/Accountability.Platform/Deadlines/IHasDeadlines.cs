using Accountability.Platform.Storage;

namespace Accountability.Platform.Deadlines;

/// <summary>
/// A document that carries deadlines, with two indexed summaries the clock keeps current:
/// the earliest open due date ("overdue" and "due soon" queries) and the earliest day an alert
/// falls due (what the monitor scans).
/// </summary>
public interface IHasDeadlines : IDocument
{
    List<TrackedDeadline> Deadlines { get; }

    string? NextDueDate { get; set; }

    string? NextAlertDate { get; set; }
}
