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
        [(ApplicationStatus.Verified, ApplicationAction.StartVotingRound)] = ApplicationStatus.Verified,
        [(ApplicationStatus.Verified, ApplicationAction.Decide)] = ApplicationStatus.Decided,
        [(ApplicationStatus.Submitted, ApplicationAction.Withdraw)] = ApplicationStatus.Withdrawn,
        [(ApplicationStatus.Accepted, ApplicationAction.Withdraw)] = ApplicationStatus.Withdrawn,
        [(ApplicationStatus.Verified, ApplicationAction.Withdraw)] = ApplicationStatus.Withdrawn,
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

    [Theory]
    [InlineData(ApplicationStatus.Rejected)]
    [InlineData(ApplicationStatus.Withdrawn)]
    public void A_rejected_or_withdrawn_application_takes_no_further_step(ApplicationStatus status)
    {
        Assert.All(Enum.GetValues<ApplicationAction>(), action => Assert.Null(ApplicationStateMachine.Next(status, action)));
    }

    [Theory]
    [InlineData(ApplicationStatus.Decided)]
    [InlineData(ApplicationStatus.FeedbackGiven)]
    [InlineData(ApplicationStatus.Filed)]
    public void A_decided_application_is_never_withdrawn(ApplicationStatus status)
    {
        Assert.Null(ApplicationStateMachine.Next(status, ApplicationAction.Withdraw));
    }
}
