using Accountability.Clues.Domain;
using Xunit;

namespace Accountability.Clues.Tests.Domain;

public sealed class ClueStateMachineTests
{
    private static readonly ClueStatus[] Statuses = Enum.GetValues<ClueStatus>();

    /// <summary>Every allowed move, written out from shared/domain.md §3.6 and the issue; everything else is refused.</summary>
    private static readonly (ClueStatus From, Func<ClueMove, bool> When, string Move, Func<ClueMove, ClueStatus> To)[] Allowed =
    [
        (ClueStatus.Registered, m => m.Action == ClueAction.Assign, "assign", _ => ClueStatus.Assigned),
        (ClueStatus.Assigned, m => m.Action == ClueAction.Assign, "reassign", _ => ClueStatus.Assigned),
        (ClueStatus.Assigned, m => m.Action == ClueAction.DecideDisposal && m.Disposal == DisposalMethod.TalkInquiry, "talk inquiry", _ => ClueStatus.Inquiry),
        (ClueStatus.Assigned, m => m.Action == ClueAction.DecideDisposal && m.Disposal == DisposalMethod.PreliminaryVerification, "verify", _ => ClueStatus.Verifying),
        (ClueStatus.Assigned, m => m.Action == ClueAction.DecideDisposal && m.Disposal == DisposalMethod.Hold, "hold", _ => ClueStatus.Held),
        (ClueStatus.Assigned, m => m.Action == ClueAction.DecideDisposal && m.Disposal == DisposalMethod.Close, "close", _ => ClueStatus.Concluded),
        (ClueStatus.Assigned, m => m.Action == ClueAction.DecideDisposal && m.Disposal == DisposalMethod.TransferInvestigation, "file", _ => ClueStatus.CaseFiled),
        (ClueStatus.Inquiry, m => m.Action == ClueAction.SendInquiryLetter, "letter", _ => ClueStatus.LetterSent),
        (ClueStatus.Inquiry, m => m.Action == ClueAction.RequestInquiryTalk, "talk", _ => ClueStatus.TalkRequested),
        (ClueStatus.LetterSent, m => m.Action == ClueAction.RecordInquiryReply, "reply", _ => ClueStatus.InquiryAnswered),
        (ClueStatus.TalkRequested, m => m.Action == ClueAction.RecordInquiryTalkHeld, "talk held", _ => ClueStatus.InquiryAnswered),
        (ClueStatus.InquiryAnswered, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.AcceptAndClose, "accept", _ => ClueStatus.Concluded),
        (ClueStatus.InquiryAnswered, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.FirstForm, "first form", _ => ClueStatus.Concluded),
        (ClueStatus.InquiryAnswered, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.InquireAgain, "again", _ => ClueStatus.Inquiry),
        (ClueStatus.InquiryAnswered, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.Escalate, "escalate", _ => ClueStatus.Verifying),
        (ClueStatus.LetterSent, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.InquireAgain, "no reply: again", _ => ClueStatus.Inquiry),
        (ClueStatus.LetterSent, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.Escalate, "no reply: escalate", _ => ClueStatus.Verifying),
        (ClueStatus.TalkRequested, m => m.Action == ClueAction.RecordInquiryTalkNotHeld, "talk not held: still waiting", _ => ClueStatus.TalkRequested),
        (ClueStatus.TalkRequested, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.InquireAgain, "no talk: again", _ => ClueStatus.Inquiry),
        (ClueStatus.TalkRequested, m => m.Action == ClueAction.ReportInquiry && m.Proposal == InquiryProposal.Escalate, "no talk: escalate", _ => ClueStatus.Verifying),
        (ClueStatus.Verifying, m => m.Action == ClueAction.PlanVerification && !m.VerificationPlanned, "plan", _ => ClueStatus.Verifying),
        (ClueStatus.Verifying, m => m.Action is ClueAction.RecordVerificationMeasure or ClueAction.ExtendVerification && m.VerificationPlanned, "measure/extend", _ => ClueStatus.Verifying),
        (ClueStatus.Verifying, m => m.Action == ClueAction.ReportVerification && m.VerificationPlanned && m.Verification == VerificationOutcome.FileCase, "file", _ => ClueStatus.CaseFiled),
        (ClueStatus.Verifying, m => m.Action == ClueAction.ReportVerification && m.VerificationPlanned && m.Verification is VerificationOutcome.Close or VerificationOutcome.TalkReminder or VerificationOutcome.Transfer, "conclude", _ => ClueStatus.Concluded),
        (ClueStatus.Verifying, m => m.Action == ClueAction.ReportVerification && m.VerificationPlanned && m.Verification == VerificationOutcome.Hold, "hold", _ => ClueStatus.Held),
        (ClueStatus.CaseFiled, m => m.Action == ClueAction.RecordOutcome, "outcome", _ => ClueStatus.CaseFiled),
        (ClueStatus.CaseFiled, m => m.Action == ClueAction.ConcludeCase && m.HasOutcomes, "conclude case", _ => ClueStatus.Concluded),
        (ClueStatus.Held, m => m.Action == ClueAction.ReviewHold, "review", m => m.Reopen ? ClueStatus.Assigned : ClueStatus.Held),
        (ClueStatus.InquiryAnswered, m => m.Action == ClueAction.RecordFalseAccusation && !m.HasOutcomes, "false accusation", _ => ClueStatus.Concluded),
        (ClueStatus.Verifying, m => m.Action == ClueAction.RecordFalseAccusation && !m.HasOutcomes, "false accusation", _ => ClueStatus.Concluded),
        (ClueStatus.CaseFiled, m => m.Action == ClueAction.RecordFalseAccusation && !m.HasOutcomes, "false accusation", _ => ClueStatus.Concluded),
        (ClueStatus.CaseFiled, m => m.Action == ClueAction.ProposeAccountability && m.FindingsReached, "propose accountability", _ => ClueStatus.CaseFiled),
        (ClueStatus.Concluded, m => m.Action == ClueAction.ProposeAccountability && m.FindingsReached, "propose accountability", _ => ClueStatus.Concluded),
    ];

    private static IEnumerable<ClueMove> AllMoves()
    {
        foreach (var action in Enum.GetValues<ClueAction>())
        {
            foreach (var planned in new[] { false, true })
            {
                foreach (var (outcomes, findings) in new[] { (false, false), (true, false), (false, true), (true, true) })
                {
                    var base_ = new ClueMove(action, VerificationPlanned: planned, HasOutcomes: outcomes, FindingsReached: findings);
                    yield return base_;
                    yield return base_ with { Reopen = true };
                    foreach (var d in Enum.GetValues<DisposalMethod>())
                    {
                        yield return base_ with { Disposal = d };
                    }

                    foreach (var p in Enum.GetValues<InquiryProposal>())
                    {
                        yield return base_ with { Proposal = p };
                    }

                    foreach (var o in Enum.GetValues<VerificationOutcome>())
                    {
                        yield return base_ with { Verification = o };
                    }
                }
            }
        }
    }

    [Fact]
    public void Every_status_and_move_combination_matches_the_table()
    {
        var failures = new List<string>();
        var allowed = 0;
        foreach (var status in Statuses)
        {
            foreach (var move in AllMoves())
            {
                ClueStatus? expected = move.Action == ClueAction.FlagForUpperReport
                    ? (status is ClueStatus.Concluded or ClueStatus.Unspecified ? null : status)
                    : Allowed.Where(a => a.From == status && a.When(move)).Select(a => (ClueStatus?)a.To(move)).FirstOrDefault();
                var actual = ClueStateMachine.Next(status, move);
                if (actual is not null)
                {
                    allowed++;
                }

                if (actual != expected)
                {
                    failures.Add($"{status} + {move}: expected {expected?.ToString() ?? "refused"}, got {actual?.ToString() ?? "refused"}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(allowed > 100, $"only {allowed} allowed combinations");
    }

    [Fact]
    public void A_concluded_clue_accepts_no_move_but_an_accountability_proposal_on_findings()
    {
        Assert.All(AllMoves().Where(m => m.Action != ClueAction.ProposeAccountability || !m.FindingsReached), move => Assert.Null(ClueStateMachine.Next(ClueStatus.Concluded, move)));
    }

    [Theory]
    [InlineData(ClueStatus.CaseFiled, ClueAction.RecordFalseAccusation, true, "CASE_FILED (outcomes already recorded)")]
    [InlineData(ClueStatus.CaseFiled, ClueAction.ConcludeCase, false, "CASE_FILED (no outcome recorded)")]
    [InlineData(ClueStatus.LetterSent, ClueAction.RecordInquiryTalkHeld, false, "LETTER_SENT")]
    [InlineData(ClueStatus.Concluded, ClueAction.ProposeAccountability, false, "CONCLUDED (no verification report or case findings)")]
    public void A_refusal_names_the_state_and_what_made_the_difference(ClueStatus status, ClueAction action, bool hasOutcomes, string described)
    {
        var move = new ClueMove(action, HasOutcomes: hasOutcomes);
        Assert.Null(ClueStateMachine.Next(status, move));
        Assert.Equal(described, ClueStateMachine.Describe(status, move));
    }

    [Theory]
    [InlineData(ClueAction.DecideDisposal, DisposalMethod.Close, InquiryProposal.Unspecified, VerificationOutcome.Unspecified, "closed")]
    [InlineData(ClueAction.ReportInquiry, DisposalMethod.Unspecified, InquiryProposal.AcceptAndClose, VerificationOutcome.Unspecified, "accepted_and_closed")]
    [InlineData(ClueAction.ReportInquiry, DisposalMethod.Unspecified, InquiryProposal.FirstForm, VerificationOutcome.Unspecified, "first_form")]
    [InlineData(ClueAction.ReportVerification, DisposalMethod.Unspecified, InquiryProposal.Unspecified, VerificationOutcome.Close, "closed")]
    [InlineData(ClueAction.ReportVerification, DisposalMethod.Unspecified, InquiryProposal.Unspecified, VerificationOutcome.TalkReminder, "first_form")]
    [InlineData(ClueAction.ReportVerification, DisposalMethod.Unspecified, InquiryProposal.Unspecified, VerificationOutcome.Transfer, "transferred")]
    [InlineData(ClueAction.ConcludeCase, DisposalMethod.Unspecified, InquiryProposal.Unspecified, VerificationOutcome.Unspecified, "case_concluded")]
    [InlineData(ClueAction.RecordFalseAccusation, DisposalMethod.Unspecified, InquiryProposal.Unspecified, VerificationOutcome.Unspecified, "false_accusation")]
    public void Each_conclusion_carries_its_result_code(ClueAction action, DisposalMethod disposal, InquiryProposal proposal, VerificationOutcome outcome, string result)
    {
        Assert.Equal(result, ClueStateMachine.ConclusionOf(new ClueMove(action, disposal, proposal, outcome)));
    }
}
