using Accountability.Platform.Deadlines;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// The deadline kinds of the service; durations in <see cref="ToleranceOptions"/>. Every deadline but
/// the impact period alerts on working days: its breach on the first working day after the due day
/// (a reminder nobody reads over a holiday is no reminder), see <see cref="OnWorkingDays"/>.
/// </summary>
public static class ToleranceDeadlines
{
    /// <summary>An application is accepted or rejected within Tolerance:AcceptWithinWorkingDays WD of filing.</summary>
    public const string Acceptance = "acceptance";

    /// <summary>An accepted application is verified within Tolerance:VerifyWithinWorkingDays WD.</summary>
    public const string Verification = "verification";

    /// <summary>The written result reaches the applicant within Tolerance:FeedbackWithinWorkingDays WD of the decision.</summary>
    public const string Feedback = "feedback";

    /// <summary>Organisational handling (组织处理) is carried out within Tolerance:OrganisationalHandlingMonths.</summary>
    public const string OrganisationalHandling = "organisational_handling";

    /// <summary>An appeal is decided within Tolerance:AppealDecisionDays days of its filing.</summary>
    public const string AppealDecision = "appeal_decision";

    /// <summary>A rectification task's due date.</summary>
    public const string Rectification = "rectification";

    /// <summary>
    /// The end of an impact period. Stored due on its last day, so the monitor's "breached" alert
    /// (raised the day after a due date) fires on the first day after the period: the review is
    /// due (ContinuedUseReviewDue). Its "approaching" alert raises nothing.
    /// </summary>
    public const string ImpactPeriod = "impact_period";

    /// <summary>The deadline with its breach alert on the first working day after the due day, and its own approaching count when given.</summary>
    public static TrackedDeadline OnWorkingDays(TrackedDeadline deadline, int? approachingWorkingDays = null) => new()
    {
        Kind = deadline.Kind,
        DueDate = deadline.DueDate,
        BreachAlertOnWorkingDay = true,
        ApproachingWorkingDays = approachingWorkingDays,
    };
}
