namespace Accountability.Petitions.Domain;

/// <summary>The acts that move a petition.</summary>
public enum PetitionAction
{
    Screen,
    LinkAsRepeat,
    UnlinkRepeat,
    NotifyAcceptance,
    Triage,
    LinkClue,
    Close,
    GiveFeedback,
    RecordObjection,
    Reopen,
    Archive,
}

/// <summary>
/// shared/domain.md §2.6. Registration is atomic with receipt and screening moves straight to its
/// outcome, so RECEIVED and SCREENED are not resting states. A named petition is notified of
/// acceptance (受理告知) before it is handed on. Every closed petition is owed result feedback
/// before it is archived: a named reporter by their contact, an anonymous one through the
/// receipt code (as 12388's query code serves anonymous reporters).
/// </summary>
public static class PetitionStateMachine
{
    public static readonly IReadOnlyDictionary<ScreeningOutcome, PetitionStatus> ScreeningTargets = new Dictionary<ScreeningOutcome, PetitionStatus>
    {
        [ScreeningOutcome.Accept] = PetitionStatus.Accepted,
        [ScreeningOutcome.RouteUp] = PetitionStatus.RoutedUp,
        [ScreeningOutcome.TransferDown] = PetitionStatus.TransferredDown,
        [ScreeningOutcome.TransferOtherOrgan] = PetitionStatus.TransferredOtherOrgan,
        [ScreeningOutcome.NotInScope] = PetitionStatus.NonScopeReferred,
        [ScreeningOutcome.FileRepeat] = PetitionStatus.FiledRepeat,
        [ScreeningOutcome.FileNoSubstance] = PetitionStatus.FiledNoSubstance,
    };

    /// <summary>The status an action leads to from a status, or null when the action is not allowed there.</summary>
    public static PetitionStatus? Next(PetitionStatus current, PetitionAction action, bool named, ScreeningOutcome outcome = ScreeningOutcome.Unspecified) =>
        (current, action) switch
        {
            (PetitionStatus.Registered, PetitionAction.Screen) when ScreeningTargets.TryGetValue(outcome, out var target) => target,
            (PetitionStatus.Registered, PetitionAction.LinkAsRepeat) => PetitionStatus.FiledRepeat,
            (PetitionStatus.FiledRepeat, PetitionAction.LinkAsRepeat) => PetitionStatus.FiledRepeat,
            (PetitionStatus.FiledRepeat, PetitionAction.UnlinkRepeat) => PetitionStatus.Registered,
            (PetitionStatus.Accepted, PetitionAction.NotifyAcceptance) when named => PetitionStatus.AcceptanceNotified,
            (PetitionStatus.Accepted, PetitionAction.Triage) when !named => PetitionStatus.HandedToSupervision,
            (PetitionStatus.AcceptanceNotified, PetitionAction.Triage) => PetitionStatus.HandedToSupervision,
            (PetitionStatus.Reopened, PetitionAction.Triage) => PetitionStatus.HandedToSupervision,
            (PetitionStatus.HandedToSupervision, PetitionAction.LinkClue) => PetitionStatus.ClueLinked,
            (PetitionStatus.ClueLinked, PetitionAction.LinkClue) => PetitionStatus.ClueLinked,
            (PetitionStatus.HandedToSupervision or PetitionStatus.ClueLinked, PetitionAction.Close) => PetitionStatus.Closed,
            (PetitionStatus.Closed, PetitionAction.GiveFeedback) => PetitionStatus.FeedbackGiven,
            (PetitionStatus.FeedbackGiven, PetitionAction.Archive) => PetitionStatus.Archived,
            (PetitionStatus.FeedbackGiven, PetitionAction.RecordObjection) => PetitionStatus.ObjectionRecorded,
            (PetitionStatus.ObjectionRecorded, PetitionAction.Reopen) => PetitionStatus.Reopened,
            // An objection that was explained without new evidence is archived with the file.
            (PetitionStatus.ObjectionRecorded, PetitionAction.Archive) => PetitionStatus.Archived,
            _ => null,
        };

    /// <summary>What a reporter may be told: never who handles it or what was found.</summary>
    public static ReporterStage StageFor(PetitionStatus status) => status switch
    {
        PetitionStatus.Registered => ReporterStage.Received,
        PetitionStatus.RoutedUp or PetitionStatus.TransferredDown or PetitionStatus.TransferredOtherOrgan or PetitionStatus.NonScopeReferred => ReporterStage.Forwarded,
        PetitionStatus.FiledNoSubstance or PetitionStatus.Closed or PetitionStatus.FeedbackGiven or PetitionStatus.Archived => ReporterStage.Concluded,
        _ => ReporterStage.InProgress,
    };
}
