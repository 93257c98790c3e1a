using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace Accountability.Clues.Tests.Service;

public sealed class StatisticsTests
{
    private static Timestamp Beijing(int year, int month, int day) => Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.FromHours(8)));

    [Fact]
    public async Task Four_forms_person_times_count_each_subject_once_per_form_in_the_period()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2026-03-02
        var clues = suite.Clues();
        async Task Outcome(Clue clue, OutcomeKind kind, string decidedOn, string category = "") =>
            await clues.RecordOutcomeAsync(new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = kind, DecidedOn = decidedOn, ApprovedOn = decidedOn, CaseCategory = category }, suite.Supervisor());

        // A: two form-2 outcomes in two clues (one person, one person-time of form 2).
        var a1 = await suite.CaseFiledAsync(ClueRpc.Registration("甲", cadreId: "cadre-a"));
        var a2 = await suite.CaseFiledAsync(ClueRpc.Registration("甲", cadreId: "cadre-a"));
        await Outcome(a1, OutcomeKind.PartyWarning, "2026-02-10", "违规吃喝");
        await Outcome(a2, OutcomeKind.GovWarning, "2026-02-12", "违规吃喝");

        // B: form 1 and form 3.
        var b = await suite.CaseFiledAsync(ClueRpc.Registration("乙", cadreId: "cadre-b"));
        await Outcome(b, OutcomeKind.Exemption, "2026-02-15");
        await Outcome(b, OutcomeKind.PartyProbation, "2026-02-20", "醉驾");

        // C (no directory id): both outcomes outside [1 Feb, 1 Mar).
        var c = await suite.CaseFiledAsync(ClueRpc.Registration("丙", unit: "白云县柳塘镇人民政府"));
        await Outcome(c, OutcomeKind.OrgRemoval, "2026-01-20");
        await Outcome(c, OutcomeKind.ProsecutionReferral, "2026-03-01");

        // D: form 2 on the last day of the period.
        var d = await suite.CaseFiledAsync(ClueRpc.Registration("丁", cadreId: "cadre-d"));
        await Outcome(d, OutcomeKind.GovDemerit, "2026-02-28", "醉驾");

        var february = await clues.GetClueStatisticsAsync(new GetClueStatisticsRequest { From = Beijing(2026, 2, 1), To = Beijing(2026, 3, 1) }, suite.Supervisor());

        // Hand count: form 1 {乙}, form 2 {甲, 丁}, form 3 {乙}, form 4 {}; 2 and 3 together 3 person-times.
        Assert.Equal((1L, 2L, 1L, 0L, 3L), (february.Form1, february.Form2, february.Form3, february.Form4, february.Form2And3));
        Assert.Equal(
            [("exemption", 1L), ("gov_demerit", 1L), ("gov_warning", 1L), ("party_probation", 1L), ("party_warning", 1L)],
            february.ByOutcome.Select(n => (n.Name, n.Count)).OrderBy(n => n.Name, StringComparer.Ordinal));
        Assert.Equal([("醉驾", 2L), ("违规吃喝", 1L)], february.ByCaseCategory.Select(n => (n.Name, n.Count)).OrderByDescending(n => n.Count));
        Assert.Equal(0, february.Registered);

        var march = await clues.GetClueStatisticsAsync(new GetClueStatisticsRequest { From = Beijing(2026, 3, 1), To = Beijing(2026, 3, 3) }, suite.Supervisor());
        Assert.Equal(5, march.Registered);
        Assert.Equal(5, march.BySource.Single(s => s.Name == "inspection_tour").Count);
        Assert.Equal(5, march.ByDisposal.Single(s => s.Name == "transfer_investigation").Count);
        Assert.Equal((0L, 0L, 0L, 1L), (march.Form1, march.Form2, march.Form3, march.Form4));
        Assert.Equal(0, march.Concluded);
    }
}
