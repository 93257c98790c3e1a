using System.Globalization;
using System.Text.Json;
using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>The period figures of the demo year against the hand-counted fixture, and the paragraph stating them (acceptance point 4).</summary>
public sealed class PeriodFiguresTests
{
    [Fact]
    public async Task The_demo_year_gives_the_hand_counted_figures_and_the_paragraph_states_them()
    {
        await using var suite = await SuiteHost.StartAsync();
        var scenario = DemoScenario.Load();
        await scenario.PlayAsync(suite);
        var events = await suite.DossierEventsAsync();
        await suite.InboxReachesAsync(events.Count + 2 * scenario.Tolerance.Count);

        var figures = await suite.CaseFiles().GetPeriodFiguresAsync(new GetPeriodFiguresRequest
        {
            From = scenario.Period.From,
            To = scenario.Period.To,
            CaseYear = scenario.Period.CaseYear,
            ComplianceFromYear = scenario.Period.ComplianceFromYear,
            ComplianceToYear = scenario.Period.ComplianceToYear,
        }, suite.Supervisor());

        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "demo-figures.json"))).RootElement;
        int Value(string name) => expected.GetProperty(name).GetProperty("value").GetInt32();
        Assert.Equal(Value("petitionsReceived"), figures.PetitionsReceived);
        Assert.Equal(Value("cluesFromPetitions"), figures.CluesFromPetitions);
        Assert.Equal(Value("cluesCountyTownship"), figures.CluesCountyTownship);
        Assert.Equal(expected.GetProperty("cluesCountyTownshipPercent").GetProperty("value").GetDouble(), figures.CluesCountyTownshipPercent);
        Assert.Equal(
            [Value("form1"), Value("form2"), Value("form3"), Value("form4")],
            figures.Forms.OrderBy(f => f.Form).Select(f => f.PersonTimes));
        Assert.Equal(Value("form1"), figures.FirstFormPersonTimes);
        Assert.Equal(Value("secondThirdForm"), figures.SecondThirdFormPersonTimes);
        Assert.Equal(Value("partyDiscipline"), figures.PartyDisciplinePersonTimes);
        Assert.Equal(Value("drunkDriving"), figures.DrunkDrivingPersonTimes);
        Assert.Equal(Value("casesConcluded"), figures.CasesConcluded);
        Assert.Equal(Value("bureauLevelSanctioned"), figures.BureauLevelSanctioned);
        Assert.Equal(Value("divisionLevelSanctioned"), figures.DivisionLevelSanctioned);
        var talks = expected.GetProperty("talks").GetProperty("value").EnumerateObject()
            .Select(p => (p.Name, p.Value[0].GetInt32(), p.Value[1].GetInt32())).OrderBy(t => t.Name, StringComparer.Ordinal);
        Assert.Equal(talks, figures.Talks.Select(t => (t.Kind, t.Talks, t.PersonTimes)).OrderBy(t => t.Kind, StringComparer.Ordinal));
        Assert.Equal(Value("accountabilityDecisions"), figures.AccountabilityDecisions);
        Assert.Equal(Value("accountabilityExempted"), figures.AccountabilityExempted);
        var tolerance = expected.GetProperty("toleranceDecisions").GetProperty("value").EnumerateObject().Select(p => (p.Name, p.Value.GetInt32())).OrderBy(t => t.Name, StringComparer.Ordinal);
        Assert.Equal(tolerance, figures.ToleranceDecisions.Select(t => (t.Name, t.Count)).OrderBy(t => t.Name, StringComparer.Ordinal));
        var compliance = expected.GetProperty("compliance").GetProperty("value").EnumerateArray().Select(y => (
            y.GetProperty("year").GetInt32(), y.GetProperty("checked").GetInt32(), y.GetProperty("consistent").GetInt32(), y.GetProperty("rate").GetDouble(),
            y.GetProperty("omissions").GetInt32(), y.GetProperty("concealments").GetInt32(), y.GetProperty("postponed").GetInt32(),
            y.GetProperty("admonished").GetInt32(), y.GetProperty("partySanctioned").GetInt32())).ToList();
        Assert.Equal(compliance, figures.Compliance.Select(y => (y.Year, y.Checked, y.Consistent, y.RatePercent, y.Omissions, y.Concealments, y.Postponed, y.Admonished, y.PartySanctioned)));
        Assert.Equal(Value("relativesSelfChecked"), figures.RelativesSelfChecked);
        Assert.Equal(Value("relativesWithBusiness"), figures.RelativesWithBusiness);
        Assert.Equal(Value("relativesRiskPoints"), figures.RelativesRiskPoints);

        // The paragraph, in the speech's words, states every figure.
        string N(string name) => Value(name).ToString(CultureInfo.InvariantCulture);
        var percent = expected.GetProperty("cluesCountyTownshipPercent").GetProperty("value").GetDouble().ToString("0.0", CultureInfo.InvariantCulture);
        var rates = string.Join("、", compliance.Select(y => y.Item4.ToString("0.0", CultureInfo.InvariantCulture) + "%"));
        var findings = compliance.Sum(y => y.Item5 + y.Item6);
        string[] phrases =
        [
            $"共受理信访举报{N("petitionsReceived")}件",
            $"梳理出问题线索{N("cluesFromPetitions")}件",
            $"来自县乡两级单位的{N("cluesCountyTownship")}件，占{percent}%",
            $"第一种形态{N("form1")}人次",
            $"第二、三种形态{N("secondThirdForm")}人次",
            $"违反党纪的{N("partyDiscipline")}人",
            $"因醉驾被判刑的{N("drunkDriving")}人",
            $"{scenario.Period.CaseYear}年，全市共查结违纪案件{N("casesConcluded")}件",
            $"局级干部{N("bureauLevelSanctioned")}人、处级干部{N("divisionLevelSanctioned")}人",
            $"集体廉政谈话1次5人次",
            $"作出问责决定{N("accountabilityDecisions")}个，其中免予或不予问责{N("accountabilityExempted")}个",
            $"{scenario.Period.ComplianceFromYear}年至{scenario.Period.ComplianceToYear}年，领导干部个人有关事项报告抽查核实合格率分别为{rates}",
            $"对漏报、瞒报的{findings}人分别作出暂缓提拔1人、诫勉1人、党纪处分1人的处理",
            $"{N("relativesSelfChecked")}名副处级以上干部进行了自查",
            $"其中{N("relativesWithBusiness")}人存在配偶或子女经商办企业情况，{N("relativesRiskPoints")}个企业在其职权影响范围内，已列为廉政风险点",
        ];
        Assert.All(phrases, phrase => Assert.Contains(phrase, figures.Paragraph, StringComparison.Ordinal));
        Assert.Contains($"petitions_received,{N("petitionsReceived")}\n", figures.Csv, StringComparison.Ordinal);
        Assert.Contains("compliance_rate_percent:2025,91.7\n", figures.Csv, StringComparison.Ordinal);

        var rates2 = await suite.CaseFiles().GetComplianceRatesAsync(new GetComplianceRatesRequest { FromYear = 2023, ToYear = 2025 }, suite.OrgDept());
        Assert.Equal([90.0, 87.5, 91.7], rates2.Years.Select(y => y.RatePercent));
        Assert.Equal(30, rates2.ByLevel.Sum(l => l.Checked));
    }
}
