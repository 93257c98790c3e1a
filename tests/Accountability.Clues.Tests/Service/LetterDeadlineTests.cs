using ClueDeadlines = Accountability.Clues.Domain.ClueDeadlines;
using Accountability.Platform.Deadlines;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Clues.Tests.Service;

public sealed class LetterDeadlineTests
{
    /// <summary>Wednesday 2026-09-16, 10:00 Beijing time.</summary>
    private static readonly DateTimeOffset Wednesday = new(2026, 9, 16, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_unanswered_letter_is_overdue_and_breached_on_the_day_after_fifteen_working_days_across_the_holidays()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Wednesday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Clues.Domain.Clue>>();
        var clue = await suite.DisposedAsync(DisposalMethod.TalkInquiry, ClueRpc.Registration());

        var sent = await suite.Clues().SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕15号" }, suite.Handler());

        // From Wed 16 Sep: Thu 17 (1), Fri 18 (2), Sun 20 adjusted working day (3), Mon 21 (4), Tue 22 (5),
        // Wed 23 (6), Thu 24 (7), 25–27 Mid-Autumn, Mon 28 (8), Tue 29 (9), Wed 30 (10), 1–7 Oct National Day,
        // Thu 8 (11), Fri 9 (12), Sat 10 adjusted working day (13), Mon 12 (14), Tue 13 Oct (15).
        Assert.Equal("2026-10-13", Assert.Single(sent.Deadlines, d => d.Kind == ClueDeadlines.LetterReply).DueDate);

        // Tuesday 2026-10-13 23:59 Beijing: the due day itself is not overdue. The disposal deadline was met.
        suite.Clock.Advance(new DateTimeOffset(2026, 10, 13, 15, 59, 0, TimeSpan.Zero) - suite.Clock.GetUtcNow());
        Assert.Empty((await ListOverdueAsync(suite)).Clues);
        await monitor.ScanAsync(ct);
        Assert.Empty(await BreachesAsync(suite));

        // Wednesday 2026-10-14 00:01 Beijing.
        suite.Clock.Advance(TimeSpan.FromMinutes(2));
        var overdue = await ListOverdueAsync(suite);
        Assert.Equal(1, await monitor.ScanAsync(ct));
        Assert.Equal(0, await monitor.ScanAsync(ct));

        var listed = Assert.Single(overdue.Clues);
        Assert.Equal(clue.ClueId, listed.ClueId);
        Assert.True(listed.Overdue);
        var breach = Assert.Single(await BreachesAsync(suite));
        Assert.Contains("2026-10-13", breach.Payload, StringComparison.Ordinal);
        Assert.Contains("letter_reply", breach.Payload, StringComparison.Ordinal);
        Assert.Contains(ClueRpc.Department, breach.Payload, StringComparison.Ordinal);
        var approaching = (await suite.EventsAsync("clue-deadline-alerted:v1")).Where(m => m.Payload.Contains("\"approaching\"", StringComparison.Ordinal)).ToList();
        Assert.Contains("2026-10-13", Assert.Single(approaching).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_letter_never_answered_is_reported_without_a_reply_and_escalated_to_verification()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Wednesday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Clues.Domain.Clue>>();
        var clues = suite.Clues();
        var clue = await suite.DisposedAsync(DisposalMethod.TalkInquiry, ClueRpc.Registration());
        await clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕17号" }, suite.Handler());

        // No reply by Tuesday 13 October; the breach is raised on Wednesday 14 October.
        suite.Clock.Advance(new DateTimeOffset(2026, 10, 14, 2, 0, 0, TimeSpan.Zero) - suite.Clock.GetUtcNow());
        await monitor.ScanAsync(ct);
        Assert.Single(await BreachesAsync(suite));

        // With no reply there is nothing to accept.
        var accept = Report(clue.ClueId, InquiryProposal.AcceptAndClose);
        accept.ClearanceLetterReference = "澄清函〔2026〕5号";
        var refused = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => clues.ReportInquiryAsync(accept, suite.Handler()).ResponseAsync);
        Assert.Equal(["proposal"], ClueRpc.BadFields(refused));

        var escalated = await clues.ReportInquiryAsync(Report(clue.ClueId, InquiryProposal.Escalate), suite.Handler());

        Assert.Equal(ClueStatus.Verifying, escalated.Status);
        Assert.True(escalated.ReplyUntruthful); // no reply: 对抗组织审查
        var step = escalated.Steps[^1];
        Assert.Equal((ClueStatus.LetterSent, ClueStatus.Verifying, "report_inquiry"), (step.From, step.To, step.Action));
        Assert.Contains("no reply", step.Note, StringComparison.Ordinal);
        var reply = Assert.Single(escalated.Deadlines, d => d.Kind == ClueDeadlines.LetterReply);
        Assert.Equal((true, false, true), (reply.MetAt is not null, reply.Overdue, reply.BreachNotified));
        Assert.Equal("2026-12-14", Assert.Single(escalated.Deadlines, d => d.Kind == ClueDeadlines.Verification && d.MetAt is null).DueDate);
        Assert.Empty((await ListOverdueAsync(suite)).Clues);
        Assert.Equal(0, await monitor.ScanAsync(ct));
    }

    [Fact]
    public async Task A_reply_meets_its_deadline_and_starts_the_report_month_on_the_day_it_was_received()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2026-03-02, 09:00 Beijing
        var clues = suite.Clues();
        var clue = await suite.DisposedAsync(DisposalMethod.TalkInquiry, ClueRpc.Registration());
        await clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕18号" }, suite.Handler());
        suite.Clock.Advance(TimeSpan.FromDays(18)); // recorded on Friday 20 March
        RecordInquiryReplyRequest Reply(DateTimeOffset receivedAt) => new()
        {
            ClueId = clue.ClueId,
            ReplyReference = "复函",
            CountersignedBy = "张书记",
            ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(receivedAt),
        };

        var beforeLetter = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => clues.RecordInquiryReplyAsync(Reply(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.FromHours(8))), suite.Handler()).ResponseAsync);
        var future = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => clues.RecordInquiryReplyAsync(Reply(suite.Clock.GetUtcNow().AddDays(1)), suite.Handler()).ResponseAsync);
        Assert.Equal(["received_at"], ClueRpc.BadFields(beforeLetter));
        Assert.Equal(["received_at"], ClueRpc.BadFields(future));

        var received = new DateTimeOffset(2026, 3, 10, 15, 0, 0, TimeSpan.FromHours(8));
        var answered = await clues.RecordInquiryReplyAsync(Reply(received), suite.Handler());

        Assert.Equal(received, Assert.Single(answered.Deadlines, d => d.Kind == ClueDeadlines.LetterReply).MetAt.ToDateTimeOffset());
        Assert.Equal("2026-04-10", Assert.Single(answered.Deadlines, d => d.Kind == ClueDeadlines.InquiryReport).DueDate);
    }

    [Fact]
    public async Task Due_within_lists_clues_whose_next_deadline_falls_within_that_many_working_days()
    {
        await using var suite = await SuiteHost.StartAsync(Wednesday);
        var clue = await suite.DisposedAsync(DisposalMethod.TalkInquiry, ClueRpc.Registration());
        await suite.Clues().SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = clue.ClueId, LetterReference = "函询〔2026〕16号" }, suite.Handler());

        // Due on the 15th working day: 14 working days ahead is too early, 15 includes it.
        var within14 = await suite.Clues().ListCluesAsync(new ListCluesRequest { DueWithinWorkingDays = 14 }, suite.Supervisor());
        var within15 = await suite.Clues().ListCluesAsync(new ListCluesRequest { DueWithinWorkingDays = 15 }, suite.Supervisor());

        Assert.Empty(within14.Clues);
        Assert.Equal(clue.ClueId, Assert.Single(within15.Clues).ClueId);
    }

    private static ReportInquiryRequest Report(string clueId, InquiryProposal proposal) =>
        new() { ClueId = clueId, Proposal = proposal, Findings = "逾期未复函。", Approver = "王书记" };

    private static async Task<ListCluesResponse> ListOverdueAsync(SuiteHost suite) =>
        await suite.Clues().ListCluesAsync(new ListCluesRequest { OverdueOnly = true }, suite.Supervisor());

    private static async Task<List<Accountability.Platform.Messaging.OutboxMessage>> BreachesAsync(SuiteHost suite) =>
        (await suite.EventsAsync("clue-deadline-alerted:v1")).Where(m => m.Payload.Contains("\"breached\"", StringComparison.Ordinal)).ToList();
}
