using Accountability.Petitions.Domain;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Security;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Api = Accountability.Protos.Petitions.V1;

namespace Accountability.Petitions.Tests.Service;

public sealed class DeadlineTests
{
    /// <summary>Thursday 2026-02-12, 10:00 Beijing time.</summary>
    private static readonly DateTimeOffset Thursday = new(2026, 2, 12, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Screening_is_due_five_working_days_after_receipt_across_spring_festival()
    {
        await using var suite = await SuiteHost.StartAsync(Thursday);

        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        // Fri 13 (1), Sat 14 adjusted working day (2), 15-23 Spring Festival, Tue 24 (3), Wed 25 (4), Thu 26 (5).
        var petition = await suite.Petitions().GetPetitionAsync(new Api.GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));
        var deadline = Assert.Single(petition.Deadlines);
        Assert.Equal(Api.DeadlineKind.Screening, deadline.Kind);
        Assert.Equal("2026-02-26", deadline.DueDate);
        Assert.False(deadline.Overdue);
        Assert.Null(deadline.MetAt);
    }

    [Fact]
    public async Task Accepting_a_named_petition_opens_an_acceptance_notice_due_fifteen_working_days_after_receipt()
    {
        await using var suite = await SuiteHost.StartAsync(Thursday);
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Named(PetitionRequests.Reporter()), suite.As(Roles.Intake));

        var accepted = await suite.Petitions().ScreenPetitionAsync(
            new Api.ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = Api.ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));

        // From Thu 2026-02-12: Feb 13 (1), Sat Feb 14 adjusted (2), Feb 15-23 off, Feb 24 (3), 25 (4), 26 (5), 27 (6),
        // Sat Feb 28 adjusted (7), Mar 2 (8), 3 (9), 4 (10), 5 (11), 6 (12), 9 (13), 10 (14), Wed Mar 11 (15).
        var notice = Assert.Single(accepted.Deadlines, d => d.Kind == Api.DeadlineKind.AcceptanceNotice);
        Assert.Equal("2026-03-11", notice.DueDate);
        Assert.Null(notice.MetAt);
        Assert.NotNull(Assert.Single(accepted.Deadlines, d => d.Kind == Api.DeadlineKind.Screening).MetAt);
    }

    [Fact]
    public async Task A_missed_deadline_is_listed_as_overdue_and_reported_exactly_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Thursday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Petition>>();
        var late = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        // Thursday 2026-02-26 23:59 Beijing: the due day itself is not overdue.
        suite.Clock.Advance(new DateTimeOffset(2026, 2, 26, 15, 59, 0, TimeSpan.Zero) - suite.Clock.GetUtcNow());
        Assert.Empty((await ListOverdueAsync(suite)).Petitions);
        await monitor.ScanAsync(ct);
        Assert.Empty(await BreachesAsync(suite));
        var onTime = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该局局长违规收受购物卡，金额约五万元。", accusedName: "王五"), suite.As(Roles.Intake));

        // Friday 2026-02-27 00:01 Beijing.
        suite.Clock.Advance(TimeSpan.FromMinutes(2));
        var overdue = await ListOverdueAsync(suite);
        await monitor.ScanAsync(ct);
        var breaches = await BreachesAsync(suite);
        var second = await monitor.ScanAsync(ct);

        var listed = Assert.Single(overdue.Petitions);
        Assert.Equal(late.PetitionId, listed.PetitionId);
        Assert.True(listed.Overdue);
        Assert.NotEqual(onTime.PetitionId, listed.PetitionId);
        var breach = Assert.Single(breaches);
        Assert.Contains(late.PetitionId, breach.Payload, StringComparison.Ordinal);
        Assert.Contains("2026-02-26", breach.Payload, StringComparison.Ordinal);
        Assert.Equal(0, second);
        Assert.Single(await BreachesAsync(suite));
        var petition = await suite.Petitions().GetPetitionAsync(new Api.GetPetitionRequest { PetitionId = late.PetitionId }, suite.As(Roles.Clerk));
        Assert.True(Assert.Single(petition.Deadlines).Overdue);
    }

    [Fact]
    public async Task An_approaching_deadline_is_announced_once_two_working_days_before()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(Thursday);
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Petition>>();
        await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        // Due Thursday 2026-02-26; two working days before is Tuesday 2026-02-24 (the first day back after the holiday).
        suite.Clock.Advance(new DateTimeOffset(2026, 2, 23, 15, 0, 0, TimeSpan.Zero) - suite.Clock.GetUtcNow()); // Monday 23:00 Beijing, still a holiday
        Assert.Equal(0, await monitor.ScanAsync(ct));
        suite.Clock.Advance(TimeSpan.FromHours(2)); // Tuesday 01:00 Beijing
        Assert.Equal(1, await monitor.ScanAsync(ct));
        Assert.Equal(0, await monitor.ScanAsync(ct));

        var approaching = (await suite.OutboxAsync()).Where(m => m.MessageType.EndsWith("petition-deadline-approaching:v1", StringComparison.Ordinal)).ToList();
        Assert.Contains("2026-02-26", Assert.Single(approaching).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Due_within_working_days_lists_the_petitions_due_by_then_overdue_ones_included_counting_across_spring_festival()
    {
        await using var suite = await SuiteHost.StartAsync(Thursday);
        var early = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake)); // screening due Thu 26 Feb

        // A week later (Thu 19 Feb, in the holiday), a second one, due 5 WD later: Tue 24 .. Sat 28 February (an adjusted working day).
        suite.Clock.Advance(TimeSpan.FromDays(7));
        var later = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该局局长违规收受购物卡，金额约五万元。", accusedName: "王五"), suite.As(Roles.Intake));
        Assert.Equal("2026-02-28", Assert.Single((await suite.Petitions().GetPetitionAsync(new Api.GetPetitionRequest { PetitionId = later.PetitionId }, suite.As(Roles.Clerk))).Deadlines).DueDate);

        // From Thu 19 Feb, 3 WD is Thu 26 Feb (Tue 24, Wed 25, Thu 26): only the early one; 6 WD (Mon 2 March): both.
        var three = await suite.Petitions().ListPetitionsAsync(new Api.ListPetitionsRequest { DueWithinWorkingDays = 3 }, suite.As(Roles.Handler));
        Assert.Equal([early.PetitionId], three.Petitions.Select(p => p.PetitionId));
        Assert.Equal("2026-02-26", three.Petitions[0].NextDueDate);
        var six = await suite.Petitions().ListPetitionsAsync(new Api.ListPetitionsRequest { DueWithinWorkingDays = 6 }, suite.As(Roles.Handler));
        Assert.Equal([later.PetitionId, early.PetitionId], six.Petitions.Select(p => p.PetitionId));

        // Overdue work stays on the list: on Fri 27 Feb, 1 WD (Sat 28) covers the late one and the one due then.
        suite.Clock.Advance(new DateTimeOffset(2026, 2, 27, 2, 0, 0, TimeSpan.Zero) - suite.Clock.GetUtcNow());
        var today = await suite.Petitions().ListPetitionsAsync(new Api.ListPetitionsRequest { DueWithinWorkingDays = 1 }, suite.As(Roles.Handler));
        Assert.Equal([(later.PetitionId, false), (early.PetitionId, true)], today.Petitions.Select(p => (p.PetitionId, p.Overdue)));

        var refused = await Rpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () => suite.Petitions().ListPetitionsAsync(new Api.ListPetitionsRequest { DueWithinWorkingDays = -1 }, suite.As(Roles.Handler)).ResponseAsync);
        Assert.Equal(["due_within_working_days"], Rpc.BadFields(refused));
    }

    private static async Task<Api.ListPetitionsResponse> ListOverdueAsync(SuiteHost suite) =>
        await suite.Petitions().ListPetitionsAsync(new Api.ListPetitionsRequest { OverdueOnly = true }, suite.As(Roles.Clerk));

    private static async Task<List<Accountability.Platform.Messaging.OutboxMessage>> BreachesAsync(SuiteHost suite) =>
        (await suite.OutboxAsync()).Where(m => m.MessageType.Contains("petition-deadline-breached", StringComparison.Ordinal)).ToList();
}
