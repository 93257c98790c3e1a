using System.Globalization;
using Accountability.Platform.Errors;

namespace Accountability.Clues.Domain;

/// <summary>Checks shared by the API and the workflow.</summary>
public static class ClueRules
{
    public const int MinimumAttendees = 2;

    /// <summary>A collective decision names its meeting day, who attended and who approved (§3.1).</summary>
    public static void CollectiveDecision(RequestValidator v, CollectiveDecision? decision, DateOnly today)
    {
        if (decision is null)
        {
            v.Add("collective_decision", "is required: a clue is disposed of only after collective study (集体研究)");
            return;
        }

        if (Date(v, "collective_decision.meeting_date", decision.MeetingDate) is { } day && day > today)
        {
            v.Add("collective_decision.meeting_date", "is in the future");
        }

        // Collective study is more than one person's decision (检举控告规则 Art.17).
        if (decision.Attendees.Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a.Trim()).Distinct(StringComparer.Ordinal).Count() < MinimumAttendees)
        {
            v.Add("collective_decision.attendees", $"needs at least {MinimumAttendees} different attendees: a collective decision is not one person's");
        }

        v.Required("collective_decision.approver", decision.Approver);
    }

    /// <summary>A YYYY-MM-DD date that exists, or a violation.</summary>
    public static DateOnly? Date(RequestValidator v, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            v.Add(field, "is required");
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            v.Add(field, "must be a date YYYY-MM-DD");
            return null;
        }

        return day;
    }
}
