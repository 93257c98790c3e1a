namespace Accountability.Clues.Domain;

/// <summary>
/// What a step chooses where the next status depends on it (a disposal method, a report's
/// proposal, a hold review's decision) and what the clue already holds.
/// </summary>
public readonly record struct ClueMove(
    ClueAction Action,
    DisposalMethod Disposal = DisposalMethod.Unspecified,
    InquiryProposal Proposal = InquiryProposal.Unspecified,
    VerificationOutcome Verification = VerificationOutcome.Unspecified,
    bool Reopen = false,
    bool VerificationPlanned = false,
    bool HasOutcomes = false,
    bool FindingsReached = false);

/// <summary>
/// shared/domain.md §3.6: registration and collective disposal, then talk or letter inquiry
/// (§3.3), preliminary verification (§3.4), hold, case (§3.5). Anything not in the table is
/// refused (FAILED_PRECONDITION naming the state).
/// </summary>
public static class ClueStateMachine
{
    public static readonly IReadOnlyDictionary<DisposalMethod, ClueStatus> DisposalTargets = new Dictionary<DisposalMethod, ClueStatus>
    {
        [DisposalMethod.TalkInquiry] = ClueStatus.Inquiry,
        [DisposalMethod.PreliminaryVerification] = ClueStatus.Verifying,
        [DisposalMethod.Hold] = ClueStatus.Held,
        [DisposalMethod.Close] = ClueStatus.Concluded,
        [DisposalMethod.TransferInvestigation] = ClueStatus.CaseFiled,
    };

    public static readonly IReadOnlyDictionary<InquiryProposal, ClueStatus> InquiryTargets = new Dictionary<InquiryProposal, ClueStatus>
    {
        [InquiryProposal.AcceptAndClose] = ClueStatus.Concluded,
        [InquiryProposal.FirstForm] = ClueStatus.Concluded,
        [InquiryProposal.InquireAgain] = ClueStatus.Inquiry,
        [InquiryProposal.Escalate] = ClueStatus.Verifying,
    };

    public static readonly IReadOnlyDictionary<VerificationOutcome, ClueStatus> VerificationTargets = new Dictionary<VerificationOutcome, ClueStatus>
    {
        [VerificationOutcome.FileCase] = ClueStatus.CaseFiled,
        [VerificationOutcome.Close] = ClueStatus.Concluded,
        [VerificationOutcome.TalkReminder] = ClueStatus.Concluded,
        [VerificationOutcome.Hold] = ClueStatus.Held,
        [VerificationOutcome.Transfer] = ClueStatus.Concluded,
    };

    /// <summary>
    /// What a report may propose when the letter was never answered or the talk never held: with
    /// no reply there is nothing to accept, so only another inquiry or verification (§3.3(c)).
    /// </summary>
    public static readonly IReadOnlySet<InquiryProposal> UnansweredProposals = new HashSet<InquiryProposal>
    {
        InquiryProposal.InquireAgain,
        InquiryProposal.Escalate,
    };

    /// <summary>The inquiry is waiting for the subject: the letter's reply or the talk.</summary>
    public static bool AwaitsReply(ClueStatus status) => status is ClueStatus.LetterSent or ClueStatus.TalkRequested;

    /// <summary>The result code a conclusion carries (ClueConcluded.Result).</summary>
    public static string? ConclusionOf(ClueMove move) => move.Action switch
    {
        ClueAction.DecideDisposal when move.Disposal == DisposalMethod.Close => "closed",
        ClueAction.ReportInquiry when move.Proposal == InquiryProposal.AcceptAndClose => "accepted_and_closed",
        ClueAction.ReportInquiry when move.Proposal == InquiryProposal.FirstForm => "first_form",
        ClueAction.ReportVerification when move.Verification == VerificationOutcome.Close => "closed",
        ClueAction.ReportVerification when move.Verification == VerificationOutcome.TalkReminder => "first_form",
        ClueAction.ReportVerification when move.Verification == VerificationOutcome.Transfer => "transferred",
        ClueAction.ConcludeCase => "case_concluded",
        ClueAction.RecordFalseAccusation => "false_accusation",
        _ => null,
    };

    /// <summary>
    /// Verification reported or a case filed, and no false-accusation finding: what proposing
    /// accountability (问责) needs (shared/domain.md §6.1: accountability follows established facts).
    /// </summary>
    public static bool FindingsReached(Clue clue) =>
        !clue.FalseAccusation && (clue.CaseFiledAt is not null || clue.Steps.Any(s => s.Action == "report_verification"));

    /// <summary>The status the move leads to from a status, or null when it is not allowed there.</summary>
    public static ClueStatus? Next(ClueStatus current, ClueMove move) =>
        (current, move.Action) switch
        {
            (ClueStatus.Registered or ClueStatus.Assigned, ClueAction.Assign) => ClueStatus.Assigned,
            (not (ClueStatus.Concluded or ClueStatus.Unspecified), ClueAction.FlagForUpperReport) => current,
            (ClueStatus.Assigned, ClueAction.DecideDisposal) when DisposalTargets.TryGetValue(move.Disposal, out var target) => target,
            (ClueStatus.Inquiry, ClueAction.SendInquiryLetter) => ClueStatus.LetterSent,
            (ClueStatus.Inquiry, ClueAction.RequestInquiryTalk) => ClueStatus.TalkRequested,
            (ClueStatus.LetterSent, ClueAction.RecordInquiryReply) => ClueStatus.InquiryAnswered,
            (ClueStatus.TalkRequested, ClueAction.RecordInquiryTalkHeld) => ClueStatus.InquiryAnswered,
            (ClueStatus.TalkRequested, ClueAction.RecordInquiryTalkNotHeld) => ClueStatus.TalkRequested,
            (ClueStatus.InquiryAnswered, ClueAction.ReportInquiry) when InquiryTargets.TryGetValue(move.Proposal, out var target) => target,
            (ClueStatus.LetterSent or ClueStatus.TalkRequested, ClueAction.ReportInquiry) when UnansweredProposals.Contains(move.Proposal) => InquiryTargets[move.Proposal],
            (ClueStatus.Verifying, ClueAction.PlanVerification) when !move.VerificationPlanned => ClueStatus.Verifying,
            (ClueStatus.Verifying, ClueAction.RecordVerificationMeasure or ClueAction.ExtendVerification) when move.VerificationPlanned => ClueStatus.Verifying,
            (ClueStatus.Verifying, ClueAction.ReportVerification) when move.VerificationPlanned && VerificationTargets.TryGetValue(move.Verification, out var target) => target,
            (ClueStatus.CaseFiled, ClueAction.RecordOutcome) => ClueStatus.CaseFiled,
            (ClueStatus.CaseFiled, ClueAction.ConcludeCase) when move.HasOutcomes => ClueStatus.Concluded,
            (ClueStatus.Held, ClueAction.ReviewHold) => move.Reopen ? ClueStatus.Assigned : ClueStatus.Held,
            // Recorded outcomes confirm the allegation: it can no longer be found false (§2.5).
            (ClueStatus.InquiryAnswered or ClueStatus.Verifying or ClueStatus.CaseFiled, ClueAction.RecordFalseAccusation) when !move.HasOutcomes => ClueStatus.Concluded,
            // Accountability for a failure of duty rests on findings: a filed case, or a clue
            // concluded after a verification report or a case (see FindingsReached). Recorded only.
            (ClueStatus.CaseFiled or ClueStatus.Concluded, ClueAction.ProposeAccountability) when move.FindingsReached => current,
            _ => null,
        };

    /// <summary>How a refused move is described: the state with what made the difference.</summary>
    public static string Describe(ClueStatus current, ClueMove move)
    {
        var state = Names.State(current);
        return (current, move.Action) switch
        {
            (_, ClueAction.RecordFalseAccusation) when move.HasOutcomes => state + " (outcomes already recorded)",
            (_, ClueAction.ProposeAccountability) => state + " (no verification report or case findings)",
            (ClueStatus.Verifying, ClueAction.PlanVerification) => state + " (already planned)",
            (ClueStatus.Verifying, _) when !move.VerificationPlanned => state + " (no verification plan yet)",
            (ClueStatus.CaseFiled, ClueAction.ConcludeCase) when !move.HasOutcomes => state + " (no outcome recorded)",
            _ => state,
        };
    }
}
