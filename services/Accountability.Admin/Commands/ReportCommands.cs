using System.Globalization;
using Accountability.Admin.Cli;
using Accountability.Protos.CaseFiles.V1;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Accountability.Admin.Commands;

/// <summary>
/// The suite's period report (shared/domain.md §13) as the CaseFiles service computes it from every
/// service's events and its own checks: a table, its CSV, or its Chinese paragraph in the style of
/// the annual discipline speech. Each service's own figures remain under its "stats" command.
/// </summary>
internal sealed class ReportCommands : ICommandGroup
{
    public int Order => 40;

    public void Configure(CommandBuilder commands) => commands.Branch("report", "Reports", report =>
        report.Add<PeriodReportSettings>("period", "Period figures of the suite (petitions, clues, four forms, cases, talks, accountability, personal matters, relatives' businesses): table, csv or the Chinese paragraph", "report period --year 2026 --format text", RunAsync));

    private static async Task<int> RunAsync(Session session, PeriodReportSettings s, CancellationToken ct)
    {
        var format = (s.Format ?? "table").Trim().ToLowerInvariant();
        if (format is not ("table" or "csv" or "text"))
        {
            throw CliException.Usage("--format", Texts.T("'{0}' is not one of: {1}", s.Format, "table, csv, text"));
        }

        var (from, to) = TimeArg.Period(s.From, s.To, s.Year, session.Clock);
        var first = Day(from);
        var last = Day(to).AddDays(-1);
        var figures = await session.Client<CaseFiles.CaseFilesClient>().GetPeriodFiguresAsync(new GetPeriodFiguresRequest
        {
            From = first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            CaseYear = s.CaseYear,
        }, session.Call(ct));
        if (s.Json)
        {
            session.Output.Show(figures);
            return ExitCodes.Ok;
        }

        switch (format)
        {
            case "csv":
                session.Env.Out.Write(figures.Csv);
                break;
            case "text":
                session.Env.Out.WriteLine(figures.Paragraph);
                break;
            default:
                var table = new Table().Border(TableBorder.Rounded).Title(Texts.T("{0} to {1}", figures.From, figures.To))
                    .AddColumn(Texts.T("figure")).AddColumn(new TableColumn(Texts.T("value")).RightAligned());
                foreach (var (label, value) in Rows(figures))
                {
                    table.AddRow(new Text(label), new Text(value));
                }

                session.Output.Write(table);
                break;
        }

        return ExitCodes.Ok;
    }

    /// <summary>The figures in the order the paragraph quotes them, labelled in the current language.</summary>
    private static IEnumerable<(string Label, string Value)> Rows(PeriodFigures f)
    {
        yield return (Texts.T("Petitions and reports received"), N(f.PetitionsReceived));
        yield return (Texts.T("Problem clues extracted from them"), N(f.CluesFromPetitions));
        yield return (Texts.T("Of which on county and township units"), N(f.CluesCountyTownship));
        yield return (Texts.T("Their share (%)"), P(f.CluesCountyTownshipPercent));
        yield return (Texts.T("Four forms: person-times"), N(f.Forms.Sum(x => x.PersonTimes)));
        foreach (var form in f.Forms)
        {
            yield return (Texts.T(FormLabels[Math.Clamp(form.Form, 1, 4) - 1]), N(form.PersonTimes));
        }

        yield return (Texts.T("Second and third forms"), N(f.SecondThirdFormPersonTimes));
        foreach (var category in f.CaseCategories)
        {
            yield return (Texts.T("Case category {0}: person-times", category.Name), N(category.Count));
        }

        yield return (Texts.T("Discipline cases concluded in {0}", f.CaseYear), N(f.CasesConcluded));
        yield return (Texts.T("Bureau-level cadres sanctioned"), N(f.BureauLevelSanctioned));
        yield return (Texts.T("Division-level cadres sanctioned"), N(f.DivisionLevelSanctioned));
        foreach (var talk in f.Talks)
        {
            var kind = TalkKind(talk.Kind);
            yield return (Texts.T("{0}: talks", kind), N(talk.Talks));
            yield return (Texts.T("{0}: person-times", kind), N(talk.PersonTimes));
        }

        yield return (Texts.T("Accountability decisions"), N(f.AccountabilityDecisions));
        yield return (Texts.T("Of which exempted or no accountability"), N(f.AccountabilityExempted));
        foreach (var outcome in f.ToleranceDecisions)
        {
            yield return (Texts.T("Tolerance decided: {0}", Label("TOLERANCE_OUTCOME_", outcome.Name)), N(outcome.Count));
        }

        foreach (var year in f.Compliance)
        {
            yield return (Texts.T("Personal matters {0}: checked", year.Year), N(year.Checked));
            yield return (Texts.T("Personal matters {0}: compliance rate (%)", year.Year), P(year.RatePercent));
            yield return (Texts.T("Personal matters {0}: omissions and concealments", year.Year), N(year.Omissions + year.Concealments));
        }

        yield return (Texts.T("Relatives' businesses: cadres self-checked"), N(f.RelativesSelfChecked));
        yield return (Texts.T("Relatives' businesses: cadres with one"), N(f.RelativesWithBusiness));
        yield return (Texts.T("Relatives' businesses: integrity-risk points"), N(f.RelativesRiskPoints));
    }

    private static readonly string[] FormLabels = ["First form", "Second form", "Third form", "Fourth form"];

    private static string TalkKind(string snake) => Label("TALK_KIND_", snake);

    /// <summary>A snake_case value the figures name (e.g. "inquiry", "exempted") by its enum's label.</summary>
    private static string Label(string prefix, string snake) =>
        Texts.Current == Lang.Zh && Texts.ZhEnum(prefix + snake.ToUpperInvariant()) is { } zh ? zh : snake.Replace('_', ' ');

    private static DateOnly Day(Google.Protobuf.WellKnownTypes.Timestamp at) => DateOnly.FromDateTime(at.ToDateTimeOffset().ToOffset(TimeArg.ChinaOffset).DateTime);

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string P(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);

    internal sealed class PeriodReportSettings : PeriodSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Text("table (default), csv, or text: the Chinese paragraph of the report")]
        public string? Format { get; set; }

        [CommandOption("--case-year <YEAR>")]
        [Text("The year whose concluded discipline cases are quoted (default the year before the period)")]
        public int CaseYear { get; set; }
    }
}
