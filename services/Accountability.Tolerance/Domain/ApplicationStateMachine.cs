namespace Accountability.Tolerance.Domain;

/// <summary>
/// shared/domain.md §6.3 (昌宁 5 steps, 贵阳): SUBMITTED → ACCEPTED | REJECTED → VERIFIED (committee
/// convened, votes recorded, a new voting round when split) → DECIDED → FEEDBACK_GIVEN → FILED
/// (further filings, one optional publication). Before a decision an application may end as
/// WITHDRAWN. Anything not in the table is refused (FAILED_PRECONDITION naming the state).
/// </summary>
public static class ApplicationStateMachine
{
    public static ApplicationStatus? Next(ApplicationStatus current, ApplicationAction action) =>
        (current, action) switch
        {
            (ApplicationStatus.Submitted, ApplicationAction.Accept) => ApplicationStatus.Accepted,
            (ApplicationStatus.Submitted, ApplicationAction.Reject) => ApplicationStatus.Rejected,
            (ApplicationStatus.Accepted, ApplicationAction.Verify) => ApplicationStatus.Verified,
            (ApplicationStatus.Verified, ApplicationAction.ConveneCommittee or ApplicationAction.RecordVote or ApplicationAction.StartVotingRound) => ApplicationStatus.Verified,
            (ApplicationStatus.Submitted or ApplicationStatus.Accepted or ApplicationStatus.Verified, ApplicationAction.Withdraw) => ApplicationStatus.Withdrawn,
            (ApplicationStatus.Verified, ApplicationAction.Decide) => ApplicationStatus.Decided,
            (ApplicationStatus.Decided, ApplicationAction.RecordFeedback) => ApplicationStatus.FeedbackGiven,
            (ApplicationStatus.FeedbackGiven or ApplicationStatus.Filed, ApplicationAction.File) => ApplicationStatus.Filed,
            (ApplicationStatus.Filed, ApplicationAction.Publish) => ApplicationStatus.Filed,
            _ => null,
        };
}
