using Accountability.Petitions.Domain;
using Xunit;

namespace Accountability.Petitions.Tests.Domain;

public sealed class PetitionStateMachineTests
{
    private const bool Named = true;
    private const bool Anonymous = false;

    /// <summary>
    /// Every allowed move (shared/domain.md §2.6), written out by hand. For actions other than
    /// Screen the screening outcome is irrelevant; Screen is listed once per outcome.
    /// </summary>
    private static readonly (PetitionStatus From, PetitionAction Action, bool Named, ScreeningOutcome? Outcome, PetitionStatus To)[] Allowed =
    [
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.Accept, PetitionStatus.Accepted),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.Accept, PetitionStatus.Accepted),
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.RouteUp, PetitionStatus.RoutedUp),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.RouteUp, PetitionStatus.RoutedUp),
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.TransferDown, PetitionStatus.TransferredDown),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.TransferDown, PetitionStatus.TransferredDown),
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.TransferOtherOrgan, PetitionStatus.TransferredOtherOrgan),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.TransferOtherOrgan, PetitionStatus.TransferredOtherOrgan),
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.NotInScope, PetitionStatus.NonScopeReferred),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.NotInScope, PetitionStatus.NonScopeReferred),
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.FileRepeat, PetitionStatus.FiledRepeat),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.FileRepeat, PetitionStatus.FiledRepeat),
        (PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.FileNoSubstance, PetitionStatus.FiledNoSubstance),
        (PetitionStatus.Registered, PetitionAction.Screen, Anonymous, ScreeningOutcome.FileNoSubstance, PetitionStatus.FiledNoSubstance),
        (PetitionStatus.Registered, PetitionAction.LinkAsRepeat, Named, null, PetitionStatus.FiledRepeat),
        (PetitionStatus.Registered, PetitionAction.LinkAsRepeat, Anonymous, null, PetitionStatus.FiledRepeat),
        (PetitionStatus.FiledRepeat, PetitionAction.LinkAsRepeat, Named, null, PetitionStatus.FiledRepeat),
        (PetitionStatus.FiledRepeat, PetitionAction.LinkAsRepeat, Anonymous, null, PetitionStatus.FiledRepeat),
        (PetitionStatus.FiledRepeat, PetitionAction.UnlinkRepeat, Named, null, PetitionStatus.Registered),
        (PetitionStatus.FiledRepeat, PetitionAction.UnlinkRepeat, Anonymous, null, PetitionStatus.Registered),
        (PetitionStatus.Accepted, PetitionAction.NotifyAcceptance, Named, null, PetitionStatus.AcceptanceNotified),
        (PetitionStatus.Accepted, PetitionAction.Triage, Anonymous, null, PetitionStatus.HandedToSupervision),
        (PetitionStatus.AcceptanceNotified, PetitionAction.Triage, Named, null, PetitionStatus.HandedToSupervision),
        (PetitionStatus.AcceptanceNotified, PetitionAction.Triage, Anonymous, null, PetitionStatus.HandedToSupervision),
        (PetitionStatus.Reopened, PetitionAction.Triage, Named, null, PetitionStatus.HandedToSupervision),
        (PetitionStatus.Reopened, PetitionAction.Triage, Anonymous, null, PetitionStatus.HandedToSupervision),
        (PetitionStatus.HandedToSupervision, PetitionAction.LinkClue, Named, null, PetitionStatus.ClueLinked),
        (PetitionStatus.HandedToSupervision, PetitionAction.LinkClue, Anonymous, null, PetitionStatus.ClueLinked),
        (PetitionStatus.ClueLinked, PetitionAction.LinkClue, Named, null, PetitionStatus.ClueLinked),
        (PetitionStatus.ClueLinked, PetitionAction.LinkClue, Anonymous, null, PetitionStatus.ClueLinked),
        (PetitionStatus.HandedToSupervision, PetitionAction.Close, Named, null, PetitionStatus.Closed),
        (PetitionStatus.HandedToSupervision, PetitionAction.Close, Anonymous, null, PetitionStatus.Closed),
        (PetitionStatus.ClueLinked, PetitionAction.Close, Named, null, PetitionStatus.Closed),
        (PetitionStatus.ClueLinked, PetitionAction.Close, Anonymous, null, PetitionStatus.Closed),
        (PetitionStatus.Closed, PetitionAction.GiveFeedback, Named, null, PetitionStatus.FeedbackGiven),
        (PetitionStatus.Closed, PetitionAction.GiveFeedback, Anonymous, null, PetitionStatus.FeedbackGiven),
        (PetitionStatus.FeedbackGiven, PetitionAction.Archive, Named, null, PetitionStatus.Archived),
        (PetitionStatus.FeedbackGiven, PetitionAction.Archive, Anonymous, null, PetitionStatus.Archived),
        (PetitionStatus.FeedbackGiven, PetitionAction.RecordObjection, Named, null, PetitionStatus.ObjectionRecorded),
        (PetitionStatus.FeedbackGiven, PetitionAction.RecordObjection, Anonymous, null, PetitionStatus.ObjectionRecorded),
        (PetitionStatus.ObjectionRecorded, PetitionAction.Reopen, Named, null, PetitionStatus.Reopened),
        (PetitionStatus.ObjectionRecorded, PetitionAction.Reopen, Anonymous, null, PetitionStatus.Reopened),
        (PetitionStatus.ObjectionRecorded, PetitionAction.Archive, Named, null, PetitionStatus.Archived),
        (PetitionStatus.ObjectionRecorded, PetitionAction.Archive, Anonymous, null, PetitionStatus.Archived),
    ];

    [Fact]
    public void Next_allows_exactly_the_transitions_of_the_table_for_every_status_action_and_reporter_kind()
    {
        var mismatches = new List<string>();
        var checkedCount = 0;
        foreach (var status in Enum.GetValues<PetitionStatus>())
        {
            foreach (var action in Enum.GetValues<PetitionAction>())
            {
                foreach (var named in new[] { Named, Anonymous })
                {
                    foreach (var outcome in Enum.GetValues<ScreeningOutcome>())
                    {
                        var expected = Expected(status, action, named, outcome);
                        var actual = PetitionStateMachine.Next(status, action, named, outcome);
                        checkedCount++;
                        if (expected != actual)
                        {
                            mismatches.Add($"{status} --{action}{(action == PetitionAction.Screen ? "(" + outcome + ")" : "")}--> named={named}: expected {Show(expected)}, got {Show(actual)}");
                        }
                    }
                }
            }
        }

        Assert.Equal(17 * 11 * 2 * 8, checkedCount);
        Assert.Empty(mismatches);
    }

    [Fact]
    public void Screening_targets_cover_every_outcome_with_its_own_status()
    {
        var outcomes = Enum.GetValues<ScreeningOutcome>().Where(o => o != ScreeningOutcome.Unspecified).ToList();

        Assert.Equal(outcomes.Order(), PetitionStateMachine.ScreeningTargets.Keys.Order());
        Assert.Equal(outcomes.Count, PetitionStateMachine.ScreeningTargets.Values.Distinct().Count());
        Assert.Null(PetitionStateMachine.Next(PetitionStatus.Registered, PetitionAction.Screen, Named, ScreeningOutcome.Unspecified));
    }

    private static PetitionStatus? Expected(PetitionStatus status, PetitionAction action, bool named, ScreeningOutcome outcome)
    {
        var matches = Allowed
            .Where(t => t.From == status && t.Action == action && t.Named == named && (t.Outcome is null || t.Outcome == outcome))
            .Select(t => t.To)
            .ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new InvalidOperationException($"The expected table lists {status}/{action}/{named}/{outcome} twice."),
        };
    }

    private static string Show(PetitionStatus? status) => status?.ToString() ?? "refused";
}
