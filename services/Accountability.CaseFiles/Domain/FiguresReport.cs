using System.Globalization;
using System.Text;

namespace Accountability.CaseFiles.Domain;

/// <summary>The period figures as CSV (figure, value) and as a Chinese paragraph in the style of the annual discipline speech (shared/domain.md §13).</summary>
public static class FiguresReport
{
    private static readonly Dictionary<string, string> TalkNames = new()
    {
        ["reminder"] = "提醒谈话",
        ["admonishment"] = "诫勉谈话",
        ["inquiry"] = "谈话函询",
        ["pre_appointment"] = "任前廉政谈话",
        ["collective_integrity"] = "集体廉政谈话",
        ["heart_to_heart"] = "谈心谈话",
    };

    public static string Csv(PeriodFigures f)
    {
        var rows = new List<(string, string)>
        {
            ("period_from", DossierAnalyzer.Format(f.From)),
            ("period_to", DossierAnalyzer.Format(f.To)),
            ("petitions_received", N(f.PetitionsReceived)),
            ("clues_from_petitions", N(f.CluesFromPetitions)),
            ("clues_county_township", N(f.CluesCountyTownship)),
            ("clues_county_township_percent", P(f.CluesCountyTownshipPercent)),
        };
        rows.AddRange(f.Forms.OrderBy(kv => kv.Key).Select(kv => ($"form_{kv.Key}_person_times", N(kv.Value))));
        rows.Add(("second_third_form_person_times", N(f.SecondThirdForm)));
        rows.AddRange(f.CaseCategories.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ($"case_category:{kv.Key}", N(kv.Value))));
        rows.Add(("case_year", N(f.CaseYear)));
        rows.Add(("cases_concluded", N(f.CasesConcluded)));
        rows.Add(("bureau_level_sanctioned", N(f.BureauLevelSanctioned)));
        rows.Add(("division_level_sanctioned", N(f.DivisionLevelSanctioned)));
        foreach (var (kind, (talks, people)) in f.Talks.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            rows.Add(($"talks:{kind}", N(talks)));
            rows.Add(($"talk_person_times:{kind}", N(people)));
        }

        rows.Add(("accountability_decisions", N(f.AccountabilityDecisions)));
        rows.Add(("accountability_exempted", N(f.AccountabilityExempted)));
        rows.AddRange(f.ToleranceDecisions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => ($"tolerance:{kv.Key}", N(kv.Value))));
        foreach (var y in f.Compliance)
        {
            rows.Add(($"compliance_rate_percent:{y.Year}", P(y.RatePercent)));
            rows.Add(($"checked:{y.Year}", N(y.Checked)));
            rows.Add(($"omissions:{y.Year}", N(y.Omissions)));
            rows.Add(($"concealments:{y.Year}", N(y.Concealments)));
            rows.Add(($"postponed:{y.Year}", N(y.Postponed)));
            rows.Add(($"admonished:{y.Year}", N(y.Admonished)));
            rows.Add(($"party_sanctioned:{y.Year}", N(y.PartySanctioned)));
        }

        rows.Add(("relatives_self_checked", N(f.RelativesSelfChecked)));
        rows.Add(("relatives_with_business", N(f.RelativesWithBusiness)));
        rows.Add(("relatives_risk_points", N(f.RelativesRiskPoints)));
        var csv = new StringBuilder("figure,value\n");
        foreach (var (name, value) in rows)
        {
            csv.Append(Quote(name)).Append(',').Append(value).Append('\n');
        }

        return csv.ToString();
    }

    public static string Paragraph(PeriodFigures f, CaseFilesOptions options)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Date(f.From)}至{Date(f.To)}，全市纪检监察机关共受理信访举报{N(f.PetitionsReceived)}件，从中梳理出问题线索{N(f.CluesFromPetitions)}件，")
            .Append(CultureInfo.InvariantCulture, $"其中来自县乡两级单位的{N(f.CluesCountyTownship)}件，占{P(f.CluesCountyTownshipPercent)}%。");
        var total = f.Forms.Values.Sum();
        text.Append(CultureInfo.InvariantCulture, $"运用监督执纪“四种形态”批评教育帮助和处理{N(total)}人次，其中第一种形态{N(f.FirstForm)}人次，第二、三种形态{N(f.SecondThirdForm)}人次")
            .Append(f.Forms.GetValueOrDefault(4) > 0 ? $"，第四种形态{N(f.Forms[4])}人次" : "")
            .Append(CultureInfo.InvariantCulture, $"；其中{options.PartyDisciplineCategory}的{N(f.PartyDiscipline)}人，因{options.DrunkDrivingCategory}被判刑的{N(f.DrunkDriving)}人。");
        text.Append(CultureInfo.InvariantCulture, $"{f.CaseYear}年，全市共查结违纪案件{N(f.CasesConcluded)}件，其中给予党纪政务处分的局级干部{N(f.BureauLevelSanctioned)}人、处级干部{N(f.DivisionLevelSanctioned)}人。");
        var talks = f.Talks.Where(kv => kv.Value.Talks > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{TalkNames.GetValueOrDefault(kv.Key, kv.Key)}{N(kv.Value.Talks)}次{N(kv.Value.PersonTimes)}人次").ToList();
        if (talks.Count > 0)
        {
            text.Append("开展").Append(string.Join("、", talks)).Append('。');
        }

        if (f.AccountabilityDecisions > 0 || f.ToleranceDecisions.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"作出问责决定{N(f.AccountabilityDecisions)}个，其中免予或不予问责{N(f.AccountabilityExempted)}个");
            var tolerated = f.ToleranceDecisions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{Chinese.Tolerance(kv.Key)}{N(kv.Value)}人").ToList();
            text.Append(tolerated.Count > 0 ? "；容错纠错认定" + string.Join("、", tolerated) : "").Append('。');
        }

        var years = f.Compliance.Where(y => y.Checked > 0).ToList();
        if (years.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{years[0].Year}年至{years[^1].Year}年，领导干部个人有关事项报告抽查核实合格率分别为")
                .Append(string.Join("、", years.Select(y => P(y.RatePercent) + "%"))).Append('，');
            var omissions = years.Sum(y => y.Omissions + y.Concealments);
            text.Append(CultureInfo.InvariantCulture, $"对漏报、瞒报的{N(omissions)}人分别作出暂缓提拔{N(years.Sum(y => y.Postponed))}人、诫勉{N(years.Sum(y => y.Admonished))}人、党纪处分{N(years.Sum(y => y.PartySanctioned))}人的处理");
            var cancelled = years.Sum(y => y.Cancelled);
            text.Append(cancelled > 0 ? $"，取消提拔资格{N(cancelled)}人" : "").Append('。');
        }

        text.Append(CultureInfo.InvariantCulture, $"开展领导干部配偶、子女及其配偶经商办企业专项整治，{N(f.RelativesSelfChecked)}名副处级以上干部进行了自查，")
            .Append(CultureInfo.InvariantCulture, $"其中{N(f.RelativesWithBusiness)}人存在配偶或子女经商办企业情况，{N(f.RelativesRiskPoints)}个企业在其职权影响范围内，已列为廉政风险点进行重点监控。");
        return text.ToString();
    }

    private static string Date(DateOnly date) => string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日");

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string P(double percent) => percent.ToString("0.0", CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
}
