using ClueDeadlines = Accountability.Clues.Domain.ClueDeadlines;
using Accountability.Platform.Deadlines;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
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

    private static async Task<ListCluesResponse> ListOverdueAsync(SuiteHost suite) =>
        await suite.Clues().ListCluesAsync(new ListCluesRequest { OverdueOnly = true }, suite.Supervisor());

    private static async Task<List<Accountability.Platform.Messaging.OutboxMessage>> BreachesAsync(SuiteHost suite) =>
        (await suite.EventsAsync("clue-deadline-alerted:v1")).Where(m => m.Payload.Contains("\"breached\"", StringComparison.Ordinal)).ToList();
}
