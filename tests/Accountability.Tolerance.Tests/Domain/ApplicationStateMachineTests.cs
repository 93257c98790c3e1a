using Accountability.Tolerance.Domain;
using Xunit;

namespace Accountability.Tolerance.Tests.Domain;

public sealed class ApplicationStateMachineTests
{
    /// <summary>Every allowed step, written out from shared/domain.md §6.3; everything else is refused.</summary>
    private static readonly Dictionary<(ApplicationStatus, ApplicationAction), ApplicationStatus> Allowed = new()
    {
        [(ApplicationStatus.Submitted, ApplicationAction.Accept)] = ApplicationStatus.Accepted,
        [(ApplicationStatus.Submitted, ApplicationAction.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.Accepted, ApplicationAction.Verify)] = ApplicationStatus.Verified,
        [(ApplicationStatus.Verified, ApplicationAction.ConveneCommittee)] = ApplicationStatus.Verified,
        [(ApplicationStatus.Verified, ApplicationAction.RecordVote)] = ApplicationStatus.Verified,
        [(ApplicationStatus.Verified, ApplicationAction.Decide)] = ApplicationStatus.Decided,
        [(ApplicationStatus.Decided, ApplicationAction.RecordFeedback)] = ApplicationStatus.FeedbackGiven,
        [(ApplicationStatus.FeedbackGiven, ApplicationAction.File)] = ApplicationStatus.Filed,
        [(ApplicationStatus.Filed, ApplicationAction.File)] = ApplicationStatus.Filed,
        [(ApplicationStatus.Filed, ApplicationAction.Publish)] = ApplicationStatus.Filed,
    };

    [Fact]
    public void Every_status_and_action_combination_matches_the_table()
    {
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var action in Enum.GetValues<ApplicationAction>())
            {
                ApplicationStatus? expected = Allowed.TryGetValue((status, action), out var to) ? to : null;
                Assert.True(expected == ApplicationStateMachine.Next(status, action), $"{status} + {action}: expected {expected?.ToString() ?? "refused"}");
            }
        }
    }

    [Fact]
    public void A_rejected_application_takes_no_further_step()
    {
        Assert.All(Enum.GetValues<ApplicationAction>(), action => Assert.Null(ApplicationStateMachine.Next(ApplicationStatus.Rejected, action)));
    }
}
