using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace Accountability.Clues.Tests.Service;

public sealed class StatisticsTests
{
    private static Timestamp Beijing(int year, int month, int day) => Timestamp.FromDateTimeOffset(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.FromHours(8)));

    [Fact]
    public async Task Four_forms_person_times_count_each_subject_once_per_case_and_form_in_the_period()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2026-03-02
        var clues = suite.Clues();
        async Task Outcome(Clue clue, OutcomeKind kind, string decidedOn, string category = "") =>
            await clues.RecordOutcomeAsync(new RecordOutcomeRequest { ClueId = clue.ClueId, Kind = kind, DecidedOn = decidedOn, ApprovedOn = decidedOn, CaseCategory = category, TermMonths = kind == OutcomeKind.PartyProbation ? 12 : 0 }, suite.Supervisor());

        // 甲, case A1 (the case): 严重警告 plus 政务记过, both form 2 -> one form-2 person-time.
        var a1 = await suite.CaseFiledAsync(ClueRpc.Registration("甲", cadreId: "cadre-a"));
        await Outcome(a1, OutcomeKind.PartySeriousWarning, "2026-02-10", "收受回扣");
        await Outcome(a1, OutcomeKind.GovDemerit, "2026-02-10", "收受回扣");

        // 甲 again, in a separate case A2: a second form-2 person-time.
        var a2 = await suite.CaseFiledAsync(ClueRpc.Registration("甲", cadreId: "cadre-a"));
        await Outcome(a2, OutcomeKind.PartyWarning, "2026-02-20", "收受回扣");

        // 甲, case A3: decided in January, outside the period.
        var a3 = await suite.CaseFiledAsync(ClueRpc.Registration("甲", cadreId: "cadre-a"));
        await Outcome(a3, OutcomeKind.PartyExpulsion, "2026-01-15");

        // 乙, case B: 政务记过 (form 2) and 留党察看 (form 3) -> one person-time in each form, one in 2-and-3.
        var b = await suite.CaseFiledAsync(ClueRpc.Registration("乙", cadreId: "cadre-b"));
        await Outcome(b, OutcomeKind.GovDemerit, "2026-02-15", "醉驾");
        await Outcome(b, OutcomeKind.PartyProbation, "2026-02-16", "醉驾");

        // 丙 (no directory id), case C: 免予处分 on the last day of the period (form 1); 免职 the day
        // before the period and 移送起诉 on its end (1 March, excluded) fall outside.
        var c = await suite.CaseFiledAsync(ClueRpc.Registration("丙", unit: "白云县柳塘镇人民政府"));
        await Outcome(c, OutcomeKind.Exemption, "2026-02-28");
        await Outcome(c, OutcomeKind.OrgRemoval, "2026-01-31");
        await Outcome(c, OutcomeKind.ProsecutionReferral, "2026-03-01");

        var february = await clues.GetClueStatisticsAsync(new GetClueStatisticsRequest { From = Beijing(2026, 2, 1), To = Beijing(2026, 3, 1) }, suite.Supervisor());

        // Hand count over (case, subject, form) for outcomes decided 1–28 February:
        //   form 1: (C, 丙)                         = 1
        //   form 2: (A1, 甲), (A2, 甲), (B, 乙)      = 3   (A1's two form-2 outcomes are one person-time)
        //   form 3: (B, 乙)                         = 1
        //   form 4: none (C's referral is 1 March)  = 0
        //   form 2 and 3, per (case, subject): (A1, 甲), (A2, 甲), (B, 乙) = 3, not 3 + 1: B counts once.
        Assert.Equal((1L, 3L, 1L, 0L, 3L), (february.Form1, february.Form2, february.Form3, february.Form4, february.Form2And3));

        // Outcomes themselves: six in February (A1 two, A2 one, B two, C one).
        Assert.Equal(
            [("exemption", 1L), ("gov_demerit", 2L), ("party_probation", 1L), ("party_serious_warning", 1L), ("party_warning", 1L)],
            february.ByOutcome.Select(n => (n.Name, n.Count)).OrderBy(n => n.Name, StringComparer.Ordinal));

        // Case categories in person-times: 收受回扣 (A1, 甲) and (A2, 甲) = 2; 醉驾 (B, 乙) = 1.
        Assert.Equal([("收受回扣", 2L), ("醉驾", 1L)], february.ByCaseCategory.Select(n => (n.Name, n.Count)).OrderByDescending(n => n.Count));
        Assert.Equal(0, february.Registered);

        // January: A3's 开除党籍 (form 3) and C's 免职 (form 2).
        var january = await clues.GetClueStatisticsAsync(new GetClueStatisticsRequest { From = Beijing(2026, 1, 1), To = Beijing(2026, 2, 1) }, suite.Supervisor());
        Assert.Equal((0L, 1L, 1L, 0L, 2L), (january.Form1, january.Form2, january.Form3, january.Form4, january.Form2And3));

        var march = await clues.GetClueStatisticsAsync(new GetClueStatisticsRequest { From = Beijing(2026, 3, 1), To = Beijing(2026, 3, 3) }, suite.Supervisor());
        Assert.Equal(5, march.Registered);
        Assert.Equal(5, march.BySource.Single(s => s.Name == "inspection_tour").Count);
        Assert.Equal(5, march.ByDisposal.Single(s => s.Name == "transfer_investigation").Count);
        Assert.Equal((0L, 0L, 0L, 1L, 0L), (march.Form1, march.Form2, march.Form3, march.Form4, march.Form2And3));
        Assert.Equal(0, march.Concluded);
    }
}
