using Accountability.Platform.Deadlines;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using ClueDeadlines = Accountability.Clues.Domain.ClueDeadlines;

namespace Accountability.Clues.Tests.Service;

/// <summary>The verification time limit (shared/domain.md §3.4): 2 months from entering verification, extendable once by 1.</summary>
public sealed class VerificationDeadlineTests
{
    [Fact]
    public async Task The_time_limit_runs_from_entering_verification_not_from_the_plan()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2026-03-02
        var clues = suite.Clues();
        var disposed = await suite.DisposedAsync(DisposalMethod.PreliminaryVerification);
        var answered = await suite.AnsweredAsync();
        Assert.Equal("2026-05-02", Assert.Single(disposed.Deadlines, d => d.Kind == ClueDeadlines.Verification).DueDate);
        Assert.DoesNotContain(answered.Deadlines, d => d.Kind == ClueDeadlines.Verification);

        // Ten days later: one clue is planned, the other escalated by its inquiry report.
        suite.Clock.Advance(TimeSpan.FromDays(10));
        var planned = await clues.PlanVerificationAsync(
            new PlanVerificationRequest { ClueId = disposed.ClueId, Team = { "核查员甲", "核查员乙" }, PlanReference = "初核方案", Approver = "王书记" }, suite.Handler());
        var escalated = await clues.ReportInquiryAsync(
            new ReportInquiryRequest { ClueId = answered.ClueId, Proposal = InquiryProposal.Escalate, Findings = "说明与事实不符", Approver = "王书记" }, suite.Handler());

        Assert.Equal("2026-05-02", Assert.Single(planned.Deadlines, d => d.Kind == ClueDeadlines.Verification).DueDate);
        Assert.Equal("2026-05-12", Assert.Single(escalated.Deadlines, d => d.Kind == ClueDeadlines.Verification).DueDate);
    }

    [Fact]
    public async Task An_overdue_verification_can_be_extended_and_keeps_its_breach_on_record()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(); // Monday 2026-03-02
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Accountability.Clues.Domain.Clue>>();
        var clues = suite.Clues();
        var clue = await suite.PlannedAsync();

        // Due Saturday 2 May; on Wednesday 6 May it is overdue and the breach is raised.
        suite.Clock.Advance(TimeSpan.FromDays(65));
        await monitor.ScanAsync(ct);
        Assert.Single(await suite.EventsAsync("clue-deadline-alerted:v1"), m => m.Payload.Contains("\"breached\"", StringComparison.Ordinal) && m.Payload.Contains("verification", StringComparison.Ordinal));

        var extended = await clues.ExtendVerificationAsync(new ExtendVerificationRequest { ClueId = clue.ClueId, Reason = "需调取外地账目", Approver = "王书记" }, suite.Handler());

        var verification = extended.Deadlines.Where(d => d.Kind == ClueDeadlines.Verification).ToList();
        Assert.Equal(2, verification.Count);
        var old = verification[0];
        Assert.Equal(("2026-05-02", true, suite.Clock.GetUtcNow()), (old.DueDate, old.BreachNotified, old.MetAt.ToDateTimeOffset()));
        var current = verification[1];
        Assert.Null(current.MetAt);
        Assert.Equal(("2026-06-02", false, false), (current.DueDate, current.Overdue, current.BreachNotified));
        var step = extended.Steps[^1];
        Assert.Equal("extend_verification", step.Action);
        Assert.Contains("extended to 2026-06-02", step.Note, StringComparison.Ordinal);
        Assert.Empty((await clues.ListCluesAsync(new ListCluesRequest { OverdueOnly = true }, suite.Supervisor())).Clues);
        Assert.Equal(0, await monitor.ScanAsync(ct));
    }
}
