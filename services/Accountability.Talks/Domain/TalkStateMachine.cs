namespace Accountability.Talks.Domain;

/// <summary>What a step needs to know of the talk where the next status depends on it.</summary>
public readonly record struct TalkMove(
    TalkAction Action,
    TalkKind Kind = TalkKind.Unspecified,
    bool OwesFollowUps = false,
    int OutstandingFollowUps = 0,
    bool ExplanationCountersigned = false,
    bool FilingsComplete = false,
    bool AllAbsent = false);

/// <summary>
/// shared/domain.md §5: REQUESTED → SCHEDULED → HELD → FOLLOW_UP → CLOSED, with reschedule (back
/// to SCHEDULED), missed (with a reason, or recorded held with every participant absent) and
/// cancelled. A 诫勉 files and closes only once every present cadre's explanation is countersigned. Anything not in the table is refused
/// (FAILED_PRECONDITION naming the state).
/// </summary>
public static class TalkStateMachine
{
    /// <summary>Kinds that carry the pre-appointment integrity test (任前廉政测试).</summary>
    public static readonly IReadOnlySet<TalkKind> TestedKinds = new HashSet<TalkKind> { TalkKind.PreAppointment, TalkKind.CollectiveIntegrity };

    public static TalkStatus? Next(TalkStatus current, TalkMove move) =>
        (current, move.Action) switch
        {
            (TalkStatus.Requested, TalkAction.Schedule) => TalkStatus.Scheduled,
            (TalkStatus.Scheduled or TalkStatus.Missed, TalkAction.Reschedule) => TalkStatus.Scheduled,
            (TalkStatus.Scheduled, TalkAction.RecordMissed) => TalkStatus.Missed,
            (TalkStatus.Requested or TalkStatus.Scheduled or TalkStatus.Missed, TalkAction.Cancel) => TalkStatus.Cancelled,
            (TalkStatus.Scheduled, TalkAction.RecordHeld) when move.AllAbsent => TalkStatus.Missed,
            (TalkStatus.Scheduled, TalkAction.RecordHeld) => move.OwesFollowUps ? TalkStatus.FollowUp : TalkStatus.Held,
            (TalkStatus.FollowUp, TalkAction.RecordFollowUp) => TalkStatus.FollowUp,
            (TalkStatus.FollowUp, TalkAction.RecordFiling) when move.Kind == TalkKind.Admonishment && move.ExplanationCountersigned => TalkStatus.FollowUp,
            (TalkStatus.Held or TalkStatus.FollowUp, TalkAction.RecordTestScores) when TestedKinds.Contains(move.Kind) => current,
            (TalkStatus.Held, TalkAction.Close) => TalkStatus.Closed,
            (TalkStatus.FollowUp, TalkAction.Close) when move.OutstandingFollowUps == 0 && (move.Kind != TalkKind.Admonishment || (move.ExplanationCountersigned && move.FilingsComplete)) => TalkStatus.Closed,
            _ => null,
        };

    /// <summary>How a refused move is described: the state with what made the difference.</summary>
    public static string Describe(TalkStatus current, TalkMove move)
    {
        var state = Names.State(current);
        return (current, move.Action) switch
        {
            (TalkStatus.FollowUp, TalkAction.Close) when move.OutstandingFollowUps > 0 => $"{state} ({move.OutstandingFollowUps} follow-ups outstanding)",
            (TalkStatus.FollowUp, TalkAction.Close) when move.FilingsComplete => state + " (the written explanation of a cadre present is not countersigned yet)",
            (TalkStatus.FollowUp, TalkAction.Close) => state + " (the 诫勉 is not filed with both the upper discipline commission and the organisation department)",
            (TalkStatus.FollowUp, TalkAction.RecordFiling) when move.Kind == TalkKind.Admonishment => state + " (the written explanation of a cadre present is not countersigned yet)",
            (_, TalkAction.RecordFiling) => $"{state} ({Names.State(move.Kind)} talk, not a 诫勉)",
            (TalkStatus.Held or TalkStatus.FollowUp, TalkAction.RecordTestScores) => $"{state} ({Names.State(move.Kind)} talk, no integrity test)",
            _ => state,
        };
    }
}
