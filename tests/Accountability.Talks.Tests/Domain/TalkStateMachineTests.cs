using Accountability.Talks.Domain;
using Xunit;

namespace Accountability.Talks.Tests.Domain;

public sealed class TalkStateMachineTests
{
    public static TheoryData<TalkStatus, TalkMove, TalkStatus> Allowed => new()
    {
        { TalkStatus.Requested, new TalkMove(TalkAction.Schedule), TalkStatus.Scheduled },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.Reschedule), TalkStatus.Scheduled },
        { TalkStatus.Missed, new TalkMove(TalkAction.Reschedule), TalkStatus.Scheduled },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.RecordMissed), TalkStatus.Missed },
        { TalkStatus.Requested, new TalkMove(TalkAction.Cancel), TalkStatus.Cancelled },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.Cancel), TalkStatus.Cancelled },
        { TalkStatus.Missed, new TalkMove(TalkAction.Cancel), TalkStatus.Cancelled },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.RecordHeld), TalkStatus.Held },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.RecordHeld, OwesFollowUps: true), TalkStatus.FollowUp },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.RecordFollowUp), TalkStatus.FollowUp },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.RecordFiling, TalkKind.Admonishment, ExplanationCountersigned: true), TalkStatus.FollowUp },
        { TalkStatus.Held, new TalkMove(TalkAction.RecordTestScores, TalkKind.PreAppointment), TalkStatus.Held },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.RecordTestScores, TalkKind.CollectiveIntegrity), TalkStatus.FollowUp },
        { TalkStatus.Held, new TalkMove(TalkAction.Close), TalkStatus.Closed },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.Close, TalkKind.Reminder), TalkStatus.Closed },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.Close, TalkKind.Admonishment, ExplanationCountersigned: true, FilingsComplete: true), TalkStatus.Closed },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.RecordHeld, OwesFollowUps: true, AllAbsent: true), TalkStatus.Missed },
    };

    public static TheoryData<TalkStatus, TalkMove, string> Refused => new()
    {
        { TalkStatus.Scheduled, new TalkMove(TalkAction.Schedule), "SCHEDULED" },
        { TalkStatus.Requested, new TalkMove(TalkAction.RecordHeld), "REQUESTED" },
        { TalkStatus.Requested, new TalkMove(TalkAction.Reschedule), "REQUESTED" },
        { TalkStatus.Held, new TalkMove(TalkAction.Cancel), "HELD" },
        { TalkStatus.Closed, new TalkMove(TalkAction.Cancel), "CLOSED" },
        { TalkStatus.Cancelled, new TalkMove(TalkAction.Schedule), "CANCELLED" },
        { TalkStatus.Missed, new TalkMove(TalkAction.RecordHeld), "MISSED" },
        { TalkStatus.Held, new TalkMove(TalkAction.RecordFollowUp), "HELD" },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.Close, TalkKind.Reminder, OutstandingFollowUps: 3), "FOLLOW_UP (3 follow-ups outstanding)" },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.Close, TalkKind.Admonishment), "FOLLOW_UP (the 诫勉 is not filed with both the upper discipline commission and the organisation department)" },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.RecordFiling, TalkKind.Admonishment), "FOLLOW_UP (the written explanation of a cadre present is not countersigned yet)" },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.Close, TalkKind.Admonishment, FilingsComplete: true), "FOLLOW_UP (the written explanation of a cadre present is not countersigned yet)" },
        { TalkStatus.FollowUp, new TalkMove(TalkAction.RecordFiling, TalkKind.Reminder, ExplanationCountersigned: true), "FOLLOW_UP (REMINDER talk, not a 诫勉)" },
        { TalkStatus.Held, new TalkMove(TalkAction.RecordTestScores, TalkKind.HeartToHeart), "HELD (HEART_TO_HEART talk, no integrity test)" },
        { TalkStatus.Scheduled, new TalkMove(TalkAction.RecordTestScores, TalkKind.PreAppointment), "SCHEDULED" },
        { TalkStatus.Closed, new TalkMove(TalkAction.Close), "CLOSED" },
    };

    [Theory]
    [MemberData(nameof(Allowed))]
    public void Allowed_moves_lead_to_their_status(TalkStatus from, TalkMove move, TalkStatus to) =>
        Assert.Equal(to, TalkStateMachine.Next(from, move));

    [Theory]
    [MemberData(nameof(Refused))]
    public void Refused_moves_name_the_state_and_what_is_missing(TalkStatus from, TalkMove move, string described)
    {
        Assert.Null(TalkStateMachine.Next(from, move));
        Assert.Equal(described, TalkStateMachine.Describe(from, move));
    }

    [Fact]
    public void Closed_and_cancelled_talks_accept_no_move()
    {
        foreach (var status in new[] { TalkStatus.Closed, TalkStatus.Cancelled })
        {
            foreach (var action in Enum.GetValues<TalkAction>())
            {
                Assert.Null(TalkStateMachine.Next(status, new TalkMove(action, TalkKind.PreAppointment, FilingsComplete: true, ExplanationCountersigned: true)));
            }
        }
    }
}
