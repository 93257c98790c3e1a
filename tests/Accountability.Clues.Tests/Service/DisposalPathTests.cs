using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Clues.Tests.Service;

/// <summary>Each disposal path (shared/domain.md §3.2–3.5) reaches each of its outcomes; nothing else moves a clue.</summary>
public sealed class DisposalPathTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    private Protos.Clues.V1.Clues.CluesClient Clues => Suite.Clues();

    [Fact]
    public async Task Disposal_without_a_collective_decision_is_refused_and_nothing_is_stored()
    {
        var clue = await Suite.AssignedAsync();

        var missing = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.DecideDisposalAsync(
            new DecideDisposalRequest { ClueId = clue.ClueId, Method = DisposalMethod.Close, Reason = "无实质内容" }, Suite.Supervisor()).ResponseAsync);
        var incomplete = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.DecideDisposalAsync(
            new DecideDisposalRequest { ClueId = clue.ClueId, Method = DisposalMethod.Close, Reason = "无实质内容", CollectiveDecision = new CollectiveDecision { MeetingDate = "2026-02-30" } }, Suite.Supervisor()).ResponseAsync);

        Assert.Equal(["collective_decision"], ClueRpc.BadFields(missing));
        Assert.Equal(["collective_decision.meeting_date", "collective_decision.attendees", "collective_decision.approver"], ClueRpc.BadFields(incomplete));
        var after = await Clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.Supervisor());
        Assert.Equal(clue.Version, after.Version);
        Assert.Equal(ClueStatus.Assigned, after.Status);
        Assert.Null(Assert.Single(after.Deadlines, d => d.Kind == "disposal").MetAt);
    }

    [Fact]
    public async Task Disposal_records_the_collective_decision_and_meets_the_disposal_deadline()
    {
        var clue = await Suite.DisposedAsync(DisposalMethod.Hold);

        Assert.Equal(ClueStatus.Held, clue.Status);
        Assert.Equal("2026-03-02", clue.CollectiveDecision.MeetingDate);
        Assert.Equal(["王书记", "赵主任", "钱委员"], clue.CollectiveDecision.Attendees);
        Assert.NotNull(Assert.Single(clue.Deadlines, d => d.Kind == "disposal").MetAt);
        var review = Assert.Single(clue.Deadlines, d => d.Kind == "hold_review");
        Assert.Equal("2026-06-02", review.DueDate); // 3 months (UNCONFIRMED default)
    }

    [Fact]
    public async Task Close_concludes_at_once()
    {
        var clue = await Suite.DisposedAsync(DisposalMethod.Close);
        await AssertConcludedAsync(clue, "closed");
    }

    [Fact]
    public async Task Letter_inquiry_accepted_and_closed_needs_a_clearance_letter()
    {
        var clue = await Suite.AnsweredAsync();
        Assert.Equal(ClueStatus.InquiryAnswered, clue.Status);
        var ex = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ReportInquiryAsync(Report(clue, InquiryProposal.AcceptAndClose), Suite.Handler()).ResponseAsync);
        Assert.Equal(["clearance_letter_reference"], ClueRpc.BadFields(ex));

        var request = Report(clue, InquiryProposal.AcceptAndClose);
        request.ClearanceLetterReference = "澄清函〔2026〕2号";
        var closed = await Clues.ReportInquiryAsync(request, Suite.Handler());

        await AssertConcludedAsync(closed, "accepted_and_closed");
    }

    [Fact]
    public async Task Talk_inquiry_ending_in_first_form_measures_records_outcomes_and_requests_talks()
    {
        var clue = await Suite.DisposedAsync(DisposalMethod.TalkInquiry);
        var requested = await Clues.RequestInquiryTalkAsync(new RequestInquiryTalkRequest { ClueId = clue.ClueId, Talkers = { "王书记" } }, Suite.Handler());
        Assert.Equal(ClueStatus.TalkRequested, requested.Status);
        Assert.Contains(await Suite.EventsAsync("request-inquiry-talk:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
        var held = await Clues.RecordInquiryTalkHeldAsync(new RecordInquiryTalkHeldRequest { ClueId = clue.ClueId, TranscriptReference = "谈话笔录-01" }, Suite.Handler());
        Assert.Equal("2026-04-02", Assert.Single(held.Deadlines, d => d.Kind == "inquiry_report").DueDate);

        var wrongKind = Report(held, InquiryProposal.FirstForm);
        wrongKind.Measures.Add(new SubjectMeasure { SubjectIndex = 0, Kind = OutcomeKind.PartyWarning });
        var refused = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ReportInquiryAsync(wrongKind, Suite.Handler()).ResponseAsync);
        Assert.Equal(["measures[0].kind"], ClueRpc.BadFields(refused));

        var request = Report(held, InquiryProposal.FirstForm);
        request.Measures.Add(new SubjectMeasure { SubjectIndex = 0, Kind = OutcomeKind.Admonishment });
        request.Measures.Add(new SubjectMeasure { SubjectIndex = 0, Kind = OutcomeKind.OrderedSelfExamination });
        var concluded = await Clues.ReportInquiryAsync(request, Suite.Handler());

        await AssertConcludedAsync(concluded, "first_form");
        Assert.Equal([OutcomeKind.Admonishment, OutcomeKind.OrderedSelfExamination], concluded.Outcomes.Select(o => o.Kind));
        Assert.All(concluded.Outcomes, o => Assert.Equal(1, o.Form));
        Assert.Equal(2, (await Suite.EventsAsync("outcome-decided:v1")).Count(m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal)));
        var talk = Assert.Single(await Suite.EventsAsync("request-first-form-talk:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
        Assert.Contains("admonishment", talk.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inquiring_again_counts_a_round_and_returns_to_inquiry()
    {
        var clue = await Suite.AnsweredAsync();
        var again = await Clues.ReportInquiryAsync(Report(clue, InquiryProposal.InquireAgain), Suite.Handler());

        Assert.Equal(ClueStatus.Inquiry, again.Status);
        Assert.Equal(1, again.InquiryRounds);
        var letter = await Clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕9号" }, Suite.Handler());
        Assert.Equal(ClueStatus.LetterSent, letter.Status);
    }

    [Fact]
    public async Task A_talk_never_held_can_only_be_inquired_again_or_escalated_and_counts_as_no_reply()
    {
        var clue = await Suite.DisposedAsync(DisposalMethod.TalkInquiry);
        await Clues.RequestInquiryTalkAsync(new RequestInquiryTalkRequest { ClueId = clue.ClueId, Talkers = { "王书记" } }, Suite.Handler());

        var accept = Report(clue, InquiryProposal.AcceptAndClose);
        accept.ClearanceLetterReference = "澄清函〔2026〕3号";
        var accepted = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ReportInquiryAsync(accept, Suite.Handler()).ResponseAsync);
        var firstForm = Report(clue, InquiryProposal.FirstForm);
        firstForm.Measures.Add(new SubjectMeasure { SubjectIndex = 0, Kind = OutcomeKind.TalkReminder });
        var measured = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ReportInquiryAsync(firstForm, Suite.Handler()).ResponseAsync);
        Assert.Equal(["proposal"], ClueRpc.BadFields(accepted));
        Assert.Equal(["proposal"], ClueRpc.BadFields(measured));

        var again = await Clues.ReportInquiryAsync(Report(clue, InquiryProposal.InquireAgain), Suite.Handler());

        Assert.Equal(ClueStatus.Inquiry, again.Status);
        Assert.Equal(1, again.InquiryRounds);
        Assert.True(again.ReplyUntruthful);
        Assert.Contains("no reply", again.Steps[^1].Note, StringComparison.Ordinal);
        Assert.Empty(again.Outcomes);
    }

    [Fact]
    public async Task A_collective_decision_needs_two_different_attendees()
    {
        var clue = await Suite.AssignedAsync();
        var alone = new CollectiveDecision { MeetingDate = Suite.Today(), Attendees = { "王书记" }, Approver = "王书记" };
        var twice = new CollectiveDecision { MeetingDate = Suite.Today(), Attendees = { "王书记", " 王书记 " }, Approver = "王书记" };

        foreach (var decision in new[] { alone, twice })
        {
            var ex = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.DecideDisposalAsync(
                new DecideDisposalRequest { ClueId = clue.ClueId, Method = DisposalMethod.Close, CollectiveDecision = decision, Reason = "无实质内容" }, Suite.Supervisor()).ResponseAsync);
            Assert.Equal(["collective_decision.attendees"], ClueRpc.BadFields(ex));
        }

        var pair = new CollectiveDecision { MeetingDate = Suite.Today(), Attendees = { "王书记", "赵主任" }, Approver = "王书记" };
        var closed = await Clues.DecideDisposalAsync(new DecideDisposalRequest { ClueId = clue.ClueId, Method = DisposalMethod.Close, CollectiveDecision = pair, Reason = "无实质内容" }, Suite.Supervisor());
        Assert.Equal(ClueStatus.Concluded, closed.Status);
    }

    [Fact]
    public async Task A_reply_needs_the_party_secretarys_countersignature()
    {
        var clue = await Suite.DisposedAsync(DisposalMethod.TalkInquiry);
        await Clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕1号" }, Suite.Handler());

        var ex = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.RecordInquiryReplyAsync(new RecordInquiryReplyRequest { ClueId = clue.ClueId, ReplyReference = "复函" }, Suite.Handler()).ResponseAsync);

        Assert.Equal(["countersigned_by"], ClueRpc.BadFields(ex));
    }

    [Theory]
    [InlineData(VerificationOutcome.Close, "closed")]
    [InlineData(VerificationOutcome.Transfer, "transferred")]
    [InlineData(VerificationOutcome.TalkReminder, "first_form")]
    public async Task Verification_reports_that_conclude(VerificationOutcome outcome, string result)
    {
        var clue = await Suite.PlannedAsync();
        var concluded = await Clues.ReportVerificationAsync(Verification(clue, outcome), Suite.Handler());

        await AssertConcludedAsync(concluded, result);
        if (outcome == VerificationOutcome.TalkReminder)
        {
            var reminder = Assert.Single(concluded.Outcomes);
            Assert.Equal((OutcomeKind.TalkReminder, 1, OutcomeTrack.Education), (reminder.Kind, reminder.Form, reminder.Track));
            Assert.Single(await Suite.EventsAsync("request-first-form-talk:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Verification_that_holds_then_reopens_needs_a_new_disposal()
    {
        var clue = await Suite.PlannedAsync();
        var held = await Clues.ReportVerificationAsync(Verification(clue, VerificationOutcome.Hold), Suite.Handler());
        Assert.Equal(ClueStatus.Held, held.Status);

        var kept = await Clues.ReviewHoldAsync(new ReviewHoldRequest { ClueId = clue.ClueId, Note = "暂无新情况" }, Suite.Supervisor());
        Assert.Equal(ClueStatus.Held, kept.Status);
        Assert.Equal(2, kept.Deadlines.Count(d => d.Kind == "hold_review"));
        Assert.Single(kept.Deadlines, d => d.Kind == "hold_review" && d.MetAt is null);

        var reopened = await Clues.ReviewHoldAsync(new ReviewHoldRequest { ClueId = clue.ClueId, Reopen = true, Note = "收到新的举报材料" }, Suite.Supervisor());
        Assert.Equal(ClueStatus.Assigned, reopened.Status);
        Assert.Equal("2026-04-02", Assert.Single(reopened.Deadlines, d => d.Kind == "disposal" && d.MetAt is null).DueDate);

        var verifyingAgain = await Clues.DecideDisposalAsync(new DecideDisposalRequest { ClueId = clue.ClueId, Method = DisposalMethod.PreliminaryVerification, CollectiveDecision = ClueRpc.Decision(), Reason = "再次初核" }, Suite.Supervisor());
        Assert.Empty(verifyingAgain.VerificationTeam);
    }

    [Fact]
    public async Task Verification_needs_a_team_of_two_a_report_signed_by_all_and_extends_once()
    {
        var clue = await Suite.DisposedAsync(DisposalMethod.PreliminaryVerification);
        Assert.Equal("2026-05-02", Assert.Single(clue.Deadlines, d => d.Kind == "verification").DueDate); // 2 months from the disposal
        var solo = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.PlanVerificationAsync(
            new PlanVerificationRequest { ClueId = clue.ClueId, Team = { "核查员甲", "核查员甲" }, PlanReference = "方案", Approver = "王书记" }, Suite.Handler()).ResponseAsync);
        Assert.Equal(["team"], ClueRpc.BadFields(solo));
        await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.ReportVerificationAsync(Verification(clue, VerificationOutcome.Close), Suite.Handler()).ResponseAsync);

        var planned = await Clues.PlanVerificationAsync(new PlanVerificationRequest { ClueId = clue.ClueId, Team = { "核查员甲", "核查员乙" }, PlanReference = "方案", Approver = "王书记" }, Suite.Handler());
        Assert.Equal("2026-05-02", Assert.Single(planned.Deadlines, d => d.Kind == "verification").DueDate);
        await Clues.RecordVerificationMeasureAsync(new RecordVerificationMeasureRequest { ClueId = clue.ClueId, Measure = "调取银行流水", Approver = "王书记" }, Suite.Handler());
        var extended = await Clues.ExtendVerificationAsync(new ExtendVerificationRequest { ClueId = clue.ClueId, Reason = "需进一步调取账目", Approver = "王书记" }, Suite.Handler());

        // The old deadline stays, met by the extension; the new one runs a month on from the old due date.
        Assert.Equal(
            [("2026-05-02", true), ("2026-06-02", false)],
            extended.Deadlines.Where(d => d.Kind == "verification").Select(d => (d.DueDate, d.MetAt is not null)));
        Assert.Contains("extended to 2026-06-02", extended.Steps[^1].Note, StringComparison.Ordinal);
        var twice = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.ExtendVerificationAsync(new ExtendVerificationRequest { ClueId = clue.ClueId, Reason = "再延", Approver = "王书记" }, Suite.Handler()).ResponseAsync);
        Assert.Contains("already extended", twice.Status.Detail, StringComparison.Ordinal);

        var unsigned = Verification(clue, VerificationOutcome.Close);
        unsigned.SignedBy.Clear();
        unsigned.SignedBy.Add("核查员甲");
        var missing = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ReportVerificationAsync(unsigned, Suite.Handler()).ResponseAsync);
        Assert.Equal(["signed_by"], ClueRpc.BadFields(missing));
        Assert.Contains("核查员乙", missing.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filed_case_concludes_only_with_an_outcome()
    {
        var clue = await Suite.CaseFiledAsync();
        Assert.Equal(ClueStatus.CaseFiled, clue.Status);
        var empty = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.ConcludeCaseAsync(new ConcludeCaseRequest { ClueId = clue.ClueId, Summary = "审结" }, Suite.Supervisor()).ResponseAsync);
        Assert.Contains("CASE_FILED", empty.Status.Detail, StringComparison.Ordinal);

        var badDates = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.PartyWarning, DecidedOn = "2026-03-01", ApprovedOn = "2026-02-28" }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["approved_on"], ClueRpc.BadFields(badDates));
        var noTerm = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.PartyProbation, DecidedOn = "2026-03-01", ApprovedOn = "2026-03-01" }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["term_months"], ClueRpc.BadFields(noTerm));
        var oddTerm = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.PartyProbation, DecidedOn = "2026-03-01", ApprovedOn = "2026-03-01", TermMonths = 18 }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["term_months"], ClueRpc.BadFields(oddTerm));
        var termOnWarning = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.PartyWarning, DecidedOn = "2026-03-01", ApprovedOn = "2026-03-01", TermMonths = 12 }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["term_months"], ClueRpc.BadFields(termOnWarning));
        var probation = await Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.PartyProbation, DecidedOn = "2026-03-01", ApprovedOn = "2026-03-01", TermMonths = 24 }, Suite.Supervisor());
        Assert.Equal(24, Assert.Single(probation.Outcomes).TermMonths);
        var decided = Assert.Single(await Suite.EventsAsync("outcome-decided:v1"), m => m.Payload.Contains(probation.Outcomes[0].OutcomeId, StringComparison.Ordinal));
        Assert.Equal(24, System.Text.Json.JsonDocument.Parse(decided.Payload).RootElement.GetProperty("termMonths").GetInt32());
        var outcome = await Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.ProsecutionReferral, DecidedOn = "2026-03-01", ApprovedOn = "2026-03-02", CaseCategory = "受贿" }, Suite.Supervisor());
        var referral = Assert.Single(outcome.Outcomes, o => o.Kind == OutcomeKind.ProsecutionReferral);
        Assert.Equal((4, OutcomeTrack.Criminal, 0), (referral.Form, referral.Track, referral.TermMonths));

        var concluded = await Clues.ConcludeCaseAsync(new ConcludeCaseRequest { ClueId = clue.ClueId, Summary = "审结" }, Suite.Supervisor());
        await AssertConcludedAsync(concluded, "case_concluded");
    }

    [Fact]
    public async Task A_false_accusation_needs_prefecture_level_approval_and_is_announced()
    {
        var clue = await Suite.PlannedAsync();
        var county = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.RecordFalseAccusationAsync(
            new RecordFalseAccusationRequest { ClueId = clue.ClueId, Findings = "伪造收据", ApprovingOrganId = "org-county-qingshui", Approver = "县纪委书记" }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["approving_organ_id"], ClueRpc.BadFields(county));

        var found = await Clues.RecordFalseAccusationAsync(
            new RecordFalseAccusationRequest { ClueId = clue.ClueId, Findings = "伪造收据", ApprovingOrganId = "org-city", Approver = "市纪委书记" }, Suite.Supervisor());

        await AssertConcludedAsync(found, "false_accusation");
        Assert.True(found.FalseAccusation);
        Assert.Single(await Suite.EventsAsync("false-accusation-found:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_false_accusation_is_refused_once_outcomes_were_recorded()
    {
        var clue = await Suite.CaseFiledAsync();
        var sanctioned = await Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = OutcomeKind.PartyWarning, DecidedOn = Suite.Today(), ApprovedOn = Suite.Today() }, Suite.Supervisor());

        var ex = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.RecordFalseAccusationAsync(
            new RecordFalseAccusationRequest { ClueId = clue.ClueId, Findings = "伪造收据", ApprovingOrganId = "org-city", Approver = "市纪委书记" }, Suite.Supervisor()).ResponseAsync);

        Assert.Contains("CASE_FILED (outcomes already recorded)", ex.Status.Detail, StringComparison.Ordinal);
        var after = await Clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.Supervisor());
        Assert.Equal((sanctioned.Version, ClueStatus.CaseFiled, false), (after.Version, after.Status, after.FalseAccusation));
        Assert.DoesNotContain(await Suite.EventsAsync("false-accusation-found:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Illegal_transitions_are_failed_precondition_naming_the_state()
    {
        var registered = await Clues.RegisterClueAsync(ClueRpc.Registration(), Suite.Supervisor());
        var early = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.DecideDisposalAsync(
            new DecideDisposalRequest { ClueId = registered.ClueId, Method = DisposalMethod.Close, CollectiveDecision = ClueRpc.Decision(), Reason = "x" }, Suite.Supervisor()).ResponseAsync);
        Assert.Contains("REGISTERED", early.Status.Detail, StringComparison.Ordinal);

        var inquiry = await Suite.DisposedAsync(DisposalMethod.TalkInquiry);
        var reply = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.RecordInquiryReplyAsync(
            new RecordInquiryReplyRequest { ClueId = inquiry.ClueId, ReplyReference = "复函", CountersignedBy = "张书记" }, Suite.Handler()).ResponseAsync);
        Assert.Contains("INQUIRY", reply.Status.Detail, StringComparison.Ordinal);
        await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.RecordOutcomeAsync(
            new RecordOutcomeRequest { ClueId = inquiry.ClueId, Kind = OutcomeKind.PartyWarning, DecidedOn = "2026-03-01", ApprovedOn = "2026-03-01" }, Suite.Supervisor()).ResponseAsync);

        var closed = await Suite.DisposedAsync(DisposalMethod.Close);
        var concluded = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.FlagForUpperReportAsync(
            new FlagForUpperReportRequest { ClueId = closed.ClueId, KeyOfficial = KeyOfficial.SubordinatePrincipal }, Suite.Supervisor()).ResponseAsync);
        Assert.Contains("CONCLUDED", concluded.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(closed.Version, (await Clues.GetClueAsync(new GetClueRequest { ClueId = closed.ClueId }, Suite.Supervisor())).Version);
    }

    [Fact]
    public async Task A_stale_expected_version_is_aborted()
    {
        var clue = await Suite.AssignedAsync();
        await ClueRpc.FailsWith(StatusCode.Aborted, () => Clues.AssignClueAsync(
            new AssignClueRequest { ClueId = clue.ClueId, Department = "dept-2", Handler = "h", ExpectedVersion = clue.Version - 1 }, Suite.Supervisor()).ResponseAsync);
    }

    [Fact]
    public async Task Flagging_a_key_official_marks_the_clue_for_the_upper_organ()
    {
        var clue = await Suite.AssignedAsync();
        Assert.False(clue.ReportToUpper);

        var flagged = await Clues.FlagForUpperReportAsync(new FlagForUpperReportRequest { ClueId = clue.ClueId, SubjectIndex = 0, KeyOfficial = KeyOfficial.SubordinatePrincipal }, Suite.Supervisor());

        Assert.True(flagged.ReportToUpper);
        Assert.Equal(KeyOfficial.SubordinatePrincipal, flagged.Subjects[0].KeyOfficial);
        var outOfRange = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.FlagForUpperReportAsync(
            new FlagForUpperReportRequest { ClueId = clue.ClueId, SubjectIndex = 3, KeyOfficial = KeyOfficial.None }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["subject_index"], ClueRpc.BadFields(outOfRange));
    }

    private async Task AssertConcludedAsync(Clue clue, string result)
    {
        Assert.Equal(ClueStatus.Concluded, clue.Status);
        Assert.Equal(result, clue.Conclusion);
        Assert.All(clue.Deadlines, d => Assert.NotNull(d.MetAt));
        var concluded = Assert.Single(await Suite.EventsAsync("clue-concluded:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
        Assert.Contains($"\"{result}\"", concluded.Payload, StringComparison.Ordinal);
    }

    private static ReportInquiryRequest Report(Clue clue, InquiryProposal proposal) =>
        new() { ClueId = clue.ClueId, Proposal = proposal, Findings = "经函询，本人说明了情况。", Approver = "王书记" };

    private static ReportVerificationRequest Verification(Clue clue, VerificationOutcome outcome) =>
        new() { ClueId = clue.ClueId, Outcome = outcome, ReportReference = "初核报告", SignedBy = { "核查员甲", "核查员乙" }, Approver = "王书记" };
}
