using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>The opening every cross-service scenario shares: a clue registered, assigned to dept-1 and disposed by a collective decision today.</summary>
internal static class ClueSteps
{
    public static async Task<Clue> RegisterAssignAndDisposeAsync(
        ServiceUnderTest clues,
        ClueSource source,
        string sourceReference,
        ClueSubject subject,
        string summary,
        Discipline discipline,
        DisposalMethod method,
        string reason)
    {
        var clue = await clues.Clues.RegisterClueAsync(new RegisterClueRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = source,
            SourceReference = sourceReference,
            Subjects = { subject },
            Summary = summary,
            Disciplines = { discipline },
        }, clues.As(Roles.Supervisor));
        await clues.Clues.AssignClueAsync(new AssignClueRequest { ClueId = clue.ClueId, Department = "dept-1", Handler = "e2e-handler" }, clues.As(Roles.Supervisor));
        return await clues.Clues.DecideDisposalAsync(new DecideDisposalRequest
        {
            ClueId = clue.ClueId,
            Method = method,
            CollectiveDecision = new CollectiveDecision { MeetingDate = Today(), Attendees = { "王书记", "赵主任" }, Approver = "王书记" },
            Reason = reason,
        }, clues.As(Roles.Supervisor));
    }

    /// <summary>Today in China Standard Time, as the services' calendars count it.</summary>
    public static string Today() =>
        DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
