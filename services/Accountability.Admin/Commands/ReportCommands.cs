using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Accountability.Admin.Cli;
using Spectre.Console;
using Spectre.Console.Cli;
using CluesApi = Accountability.Protos.Clues.V1;
using PetitionsApi = Accountability.Protos.Petitions.V1;
using TalksApi = Accountability.Protos.Talks.V1;

namespace Accountability.Admin.Commands;

/// <summary>
/// Period figures gathered from the services' statistics, as a table, CSV, or the paragraph of a
/// report (shared/domain.md §13). The figures the CaseFiles service will own (personal-matters
/// compliance, cadres by rank sanctioned, relatives' businesses) join when it lands.
/// </summary>
internal sealed class ReportCommands : ICommandGroup
{
    public int Order => 40;

    public void Configure(CommandBuilder commands) => commands.Branch("report", "Reports", report =>
        report.Add<PeriodReportSettings>("period", "Period figures of petitions, clues (four forms) and talks: table, csv or text (the report paragraph)", "report period --year 2026 --format text", RunAsync));

    private static async Task<int> RunAsync(Session session, PeriodReportSettings s, CancellationToken ct)
    {
        var format = (s.Format ?? "table").Trim().ToLowerInvariant();
        if (format is not ("table" or "csv" or "text"))
        {
            throw CliException.Usage("--format", Texts.T("'{0}' is not one of: {1}", s.Format, "table, csv, text"));
        }

        var (from, to) = TimeArg.Period(s.From, s.To, s.Year, session.Clock);
        var petitions = await session.Client<PetitionsApi.Petitions.PetitionsClient>().GetStatisticsAsync(new PetitionsApi.GetStatisticsRequest { From = from, To = to }, session.Call(ct));
        var clues = await session.Client<CluesApi.Clues.CluesClient>().GetClueStatisticsAsync(new CluesApi.GetClueStatisticsRequest { From = from, To = to }, session.Call(ct));
        var talks = await session.Client<TalksApi.Talks.TalksClient>().GetTalkStatisticsAsync(new TalksApi.GetTalkStatisticsRequest { From = from, To = to }, session.Call(ct));
        var figures = new List<(string Key, string Label, double Value)>
        {
            ("petitions_received", "Petitions and reports received", petitions.Received),
            ("petitions_accepted", "Accepted", petitions.Accepted),
            ("petitions_repeats", "Repeats", petitions.Repeats),
            ("clues_proposed", "Problem clues extracted from them", petitions.CluesProposed),
            ("county_and_township", "Of which on county and township units", petitions.CountyAndTownship),
            ("county_and_township_share_percent", "Their share (%)", petitions.CountyAndTownshipSharePercent),
            ("clues_registered", "Clues registered", clues.Registered),
            ("four_forms_person_times", "Four forms: person-times", clues.Form1 + clues.Form2 + clues.Form3 + clues.Form4),
            ("form1", "First form", clues.Form1),
            ("form2_and_3", "Second and third forms", clues.Form2And3),
            ("form2", "Second form", clues.Form2),
            ("form3", "Third form", clues.Form3),
            ("form4", "Fourth form", clues.Form4),
            ("drunk_driving", "Drunk driving (醉驾)", clues.ByCaseCategory.FirstOrDefault(c => c.Name == "drunk_driving")?.Count ?? 0),
            ("clues_concluded", "Clues concluded", clues.Concluded),
            ("talks_held", "Talks held", talks.TalksHeld),
            ("talk_person_times", "Talks: person-times", talks.PersonTimes),
        };

        var first = DateOnly.FromDateTime(from.ToDateTimeOffset().ToOffset(TimeArg.ChinaOffset).DateTime);
        var last = DateOnly.FromDateTime(to.ToDateTimeOffset().ToOffset(TimeArg.ChinaOffset).DateTime).AddDays(-1);
        var paragraph = Paragraph(first, last, figures.ToDictionary(f => f.Key, f => f.Value));
        if (s.Json)
        {
            var values = new JsonObject();
            foreach (var (key, _, value) in figures)
            {
                values[key] = value;
            }

            session.Output.ShowJson(new JsonObject
            {
                ["from"] = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["to"] = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["figures"] = values,
                ["paragraph"] = paragraph,
            });
            return ExitCodes.Ok;
        }

        switch (format)
        {
            case "csv":
                var csv = new StringBuilder("key,label,value\n");
                foreach (var (key, label, value) in figures)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{key},\"{Texts.T(label).Replace("\"", "\"\"", StringComparison.Ordinal)}\",{Number(value)}\n");
                }

                session.Env.Out.Write(csv.ToString());
                break;
            case "text":
                session.Env.Out.WriteLine(paragraph);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title(Texts.T("{0} to {1}", first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                    .AddColumn(Texts.T("figure")).AddColumn(new TableColumn(Texts.T("value")).RightAligned());
                foreach (var (_, label, value) in figures)
                {
                    table.AddRow(new Text(Texts.T(label)), new Text(Number(value)));
                }

                session.Output.Write(table);
                break;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The figures as the report quotes them (shared/domain.md §13).</summary>
    private static string Paragraph(DateOnly first, DateOnly last, IReadOnlyDictionary<string, double> f)
    {
        var wholeYear = first.Month == 1 && first.Day == 1 && last.Month == 12 && last.Day == 31 && first.Year == last.Year;
        if (Texts.Current == Lang.Zh)
        {
            var period = wholeYear ? $"{first.Year}年" : $"{first.Year}年{first.Month}月{first.Day}日至{last.Year}年{last.Month}月{last.Day}日";
            return $"{period}，共收到信访举报{Number(f["petitions_received"])}件，从中梳理问题线索{Number(f["clues_proposed"])}件，其中反映县乡两级的{Number(f["county_and_township"])}件，占{Number(f["county_and_township_share_percent"])}%。"
                + $"运用监督执纪“四种形态”批评教育帮助和处理{Number(f["four_forms_person_times"])}人次，其中第一种形态{Number(f["form1"])}人次，第二、三种形态{Number(f["form2_and_3"])}人次；查处醉驾{Number(f["drunk_driving"])}人次。"
                + $"了结问题线索{Number(f["clues_concluded"])}件，开展各类谈话{Number(f["talks_held"])}次、{Number(f["talk_person_times"])}人次。";
        }

        var span = wholeYear ? $"In {first.Year}" : $"From {first:yyyy-MM-dd} to {last:yyyy-MM-dd}";
        return $"{span}, {Number(f["petitions_received"])} petitions and reports were received and {Number(f["clues_proposed"])} problem clues extracted from them, {Number(f["county_and_township"])} of them ({Number(f["county_and_township_share_percent"])}%) on county and township units. "
            + $"Under the four forms, {Number(f["four_forms_person_times"])} person-times were handled: {Number(f["form1"])} in the first form and {Number(f["form2_and_3"])} in the second and third; {Number(f["drunk_driving"])} for drunk driving. "
            + $"{Number(f["clues_concluded"])} clues were concluded, and {Number(f["talks_held"])} talks held with {Number(f["talk_person_times"])} person-times.";
    }

    private static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    internal sealed class PeriodReportSettings : PeriodSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Text("table (default), csv, or text: the paragraph of a report")]
        public string? Format { get; set; }
    }
}
