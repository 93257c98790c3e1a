using System.Text.Json;
using Accountability.Platform.Deadlines;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Stored = Accountability.Tolerance.Domain;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>
/// The deadlines of applications (accept 5 WD, verify, feedback 5 WD) and decisions (organisational
/// handling 1 month, appeal decision 30 days) are watched: each raises ToleranceDeadlineAlerted when
/// approaching and, on the first working day after its due day, when breached; overdue decisions list.
/// </summary>
public sealed class ToleranceDeadlineTests
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    [Fact]
    public async Task An_application_not_accepted_in_five_working_days_is_announced_ahead_and_raised_as_breached_on_the_next_working_day()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Stored.ToleranceApplication>>();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-deadline", "限", "县发改局"));

        // Filed Friday 6 March: acceptance due Friday 13 March, approaching Wednesday 11.
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 6, 10, 0, 0, Beijing));
        var filed = await tolerance.FileApplicationAsync(ToleranceRpc.Application(suite, matter, "t1", [ToleranceGround.ForceMajeure]), suite.Handler());
        Assert.Equal("2026-03-13", Assert.Single(filed.Deadlines).DueDate);
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 10, 18, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Empty(await AlertsAsync(suite, filed.ApplicationId));
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 11, 8, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var approaching = Assert.Single(await AlertsAsync(suite, filed.ApplicationId));
        Assert.Equal(("acceptance", "approaching", "2026-03-13", matter.MatterId), Fields(approaching));

        // Saturday 14 March: overdue and listed, but the breach waits for Monday 16 March.
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 14, 9, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Contains((await tolerance.ListApplicationsAsync(new ListApplicationsRequest { OverdueOnly = true }, suite.Handler())).Applications, a => a.ApplicationId == filed.ApplicationId);
        Assert.Single(await AlertsAsync(suite, filed.ApplicationId));
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 16, 8, 30, 0, Beijing));
        await monitor.ScanAsync(ct);
        await monitor.ScanAsync(ct);
        var alerts = await AlertsAsync(suite, filed.ApplicationId);
        Assert.Equal(("acceptance", "breached", "2026-03-13", matter.MatterId), Fields(alerts[^1]));
        Assert.Equal(2, alerts.Count);
        Assert.Equal(new DateTimeOffset(2026, 3, 16, 8, 30, 0, Beijing), alerts[^1].GetProperty("detectedAt").GetDateTimeOffset());

        // Accepted late: the verification deadline takes over (20 WD over 清明, Tuesday 14 April), announced Friday 10 April.
        var accepted = await tolerance.AcceptApplicationAsync(new AcceptApplicationRequest { ApplicationId = filed.ApplicationId }, suite.Supervisor());
        Assert.Equal("2026-04-14", accepted.Deadlines.Single(d => d.Kind == "verification").DueDate);
        suite.AdvanceTo(new DateTimeOffset(2026, 4, 9, 18, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Equal(2, (await AlertsAsync(suite, filed.ApplicationId)).Count);
        suite.AdvanceTo(new DateTimeOffset(2026, 4, 10, 9, 0, 0, Beijing));
        await monitor.ScanAsync(ct);
        Assert.Equal(("verification", "approaching", "2026-04-14", matter.MatterId), Fields((await AlertsAsync(suite, filed.ApplicationId))[^1]));
    }

    [Fact]
    public async Task Organisational_handling_and_an_appeal_decision_raise_their_alerts_and_overdue_decisions_are_listed()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var monitor = suite.Services.GetRequiredService<DeadlineMonitor<Stored.AccountabilityDecision>>();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-handled", "办", "县发改局"), ToleranceRpc.Cadre("cadre-appealing", "诉", "县发改局"));

        // Tuesday 3 March: 免职 due to be carried out by Friday 3 April; an appeal against 通报 due to be decided by Thursday 2 April.
        suite.AdvanceTo(new DateTimeOffset(2026, 3, 3, 10, 0, 0, Beijing));
        var removal = await Decide(suite, matter.MatterId, "t1", "org_removal");
        var criticism = await Decide(suite, matter.MatterId, "t2", "circulated_criticism");
        var appealed = await tolerance.FileAppealAsync(new FileAppealRequest { DecisionId = criticism.DecisionId, Appellant = "诉", Grounds = "通报范围过大" }, suite.Handler());
        Assert.Equal(("2026-04-03", "2026-04-02"), (removal.Deadlines.Single().DueDate, appealed.Deadlines.Single().DueDate));

        async Task<List<(string?, string?, string?, string?)>> At(int month, int day)
        {
            suite.AdvanceTo(new DateTimeOffset(2026, month, day, 9, 0, 0, Beijing));
            await monitor.ScanAsync(ct);
            await monitor.ScanAsync(ct);
            return [.. (await AlertsAsync(suite, removal.DecisionId)).Concat(await AlertsAsync(suite, criticism.DecisionId)).Select(Fields)];
        }

        async Task<List<string>> Overdue() =>
            [.. (await tolerance.ListAccountabilityDecisionsAsync(new ListAccountabilityDecisionsRequest { MatterId = matter.MatterId, OverdueOnly = true }, suite.Handler())).Decisions.Select(d => d.DecisionId)];

        Assert.Empty(await At(3, 30));
        Assert.Equal([("appeal_decision", "approaching", "2026-04-02", matter.MatterId)], await At(3, 31));
        Assert.Equal(("organisational_handling", "approaching", "2026-04-03", matter.MatterId), (await At(4, 1))[0]);
        Assert.Empty(await Overdue());

        // Friday 3 April: the appeal is overdue and raised; the handling is due that day.
        Assert.Equal(("appeal_decision", "breached", "2026-04-02", matter.MatterId), (await At(4, 3))[^1]);
        Assert.Equal([criticism.DecisionId], await Overdue());

        // 清明 (4–6 April): both overdue, but the handling's breach waits for Tuesday 7 April.
        Assert.Equal(3, (await At(4, 4)).Count);
        Assert.Equal(new[] { criticism.DecisionId, removal.DecisionId }.Order(StringComparer.Ordinal), (await Overdue()).Order(StringComparer.Ordinal));
        Assert.Equal(("organisational_handling", "breached", "2026-04-03", matter.MatterId), (await At(4, 7))[1]);
        Assert.Equal(4, (await At(4, 8)).Count);

        // Carried out and decided: nothing is overdue any more.
        await tolerance.RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = removal.DecisionId, Note = "已免职" }, suite.Handler());
        await tolerance.DecideAppealAsync(new DecideAppealRequest { DecisionId = criticism.DecisionId, Result = AppealResult.Upheld, Reason = "维持" }, suite.Supervisor());
        Assert.Empty(await Overdue());
    }

    private static Task<AccountabilityDecision> Decide(SuiteHost suite, string matterId, string targetId, string form) =>
        suite.Tolerance().DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matterId, TargetId = targetId, Forms = { form }, Basis = "问责条例第八条" }, suite.Supervisor()).ResponseAsync;

    private static Task<List<JsonElement>> AlertsAsync(SuiteHost suite, string about) => suite.PayloadsAsync("tolerance-deadline-alerted:v1", about);

    private static (string?, string?, string?, string?) Fields(JsonElement alert) =>
        (alert.GetProperty("kind").GetString(), alert.GetProperty("alert").GetString(), alert.GetProperty("dueDate").GetString(), alert.GetProperty("matterId").GetString());
}
