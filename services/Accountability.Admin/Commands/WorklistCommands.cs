using System.Globalization;
using System.Text.Json.Nodes;
using Accountability.Admin.Cli;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;
using CaseFilesApi = Accountability.Protos.CaseFiles.V1;
using CluesApi = Accountability.Protos.Clues.V1;
using PetitionsApi = Accountability.Protos.Petitions.V1;
using TalksApi = Accountability.Protos.Talks.V1;
using ToleranceApi = Accountability.Protos.Tolerance.V1;

namespace Accountability.Admin.Commands;

/// <summary>
/// The signed-in handler's worklist: everything overdue or due within N working days across the
/// services, as each service scopes it to the caller (a handler sees their department's clues, talks
/// and accountability matters), plus the talks they hold in that time: petitions, clues, talks,
/// tolerance applications, accountability decisions (organisational handling, appeals), rectification
/// tasks, continued-use reviews, and integrity opinions awaiting their signed reply. A service the
/// role may not read is named, not fatal.
/// </summary>
internal sealed class WorklistCommands : ICommandGroup
{
    private const int MaxItemsPerService = 500;

    public int Order => 50;

    public void Configure(CommandBuilder commands) =>
        commands.Add<WorklistSettings>("worklist", "Everything overdue or due within N working days, across the services, for you", "worklist --days 5", RunAsync);

    private static async Task<int> RunAsync(Session session, WorklistSettings s, CancellationToken ct)
    {
        if (s.Days is < 0 or > 23)
        {
            throw CliException.Usage("--days", Texts.T("must be between 0 and 23"));
        }

        var items = new List<JsonObject>();
        var agenda = new List<JsonObject>();
        var notVisible = new List<string>();
        await Section(notVisible, "petitions", async () =>
        {
            var client = session.Client<PetitionsApi.Petitions.PetitionsClient>();
            await foreach (var p in Pages(token => client.ListPetitionsAsync(new PetitionsApi.ListPetitionsRequest { OverdueOnly = s.Days == 0, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Petitions, r.NextPageToken)))
            {
                items.Add(Item("petitions", p.PetitionId, p.RegisterNumber, Output.Scalar(PetitionsApi.PetitionSummary.Descriptor.FindFieldByName("status"), p.Status), p.NextDueDate, p.Overdue));
            }
        });
        await Section(notVisible, "clues", async () =>
        {
            var client = session.Client<CluesApi.Clues.CluesClient>();
            await foreach (var c in Pages(token => client.ListCluesAsync(new CluesApi.ListCluesRequest { OverdueOnly = s.Days == 0, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Clues, r.NextPageToken)))
            {
                items.Add(Item("clues", c.ClueId, c.LedgerNumber, Output.Scalar(CluesApi.ClueSummary.Descriptor.FindFieldByName("status"), c.Status) + " " + c.SubjectNames, c.NextDueDate, c.Overdue));
            }
        });
        await Section(notVisible, "talks", async () =>
        {
            var client = session.Client<TalksApi.Talks.TalksClient>();
            await foreach (var t in Pages(token => client.ListTalksAsync(new TalksApi.ListTalksRequest { OverdueOnly = s.Days == 0, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Talks, r.NextPageToken)))
            {
                items.Add(Item("talks", t.TalkId, "", Output.Scalar(TalksApi.TalkSummary.Descriptor.FindFieldByName("kind"), t.Kind) + " " + Output.Scalar(TalksApi.TalkSummary.Descriptor.FindFieldByName("status"), t.Status), t.NextDueDate, t.Overdue));
            }

            var talker = s.Talker ?? session.Subject;
            if (talker is { Length: > 0 })
            {
                var days = await client.GetAgendaAsync(new TalksApi.GetAgendaRequest { Talker = talker, WorkingDays = Math.Max(s.Days, 1) }, session.Call(ct));
                agenda.AddRange(days.Days.SelectMany(d => d.Talks.Select(t => new JsonObject
                {
                    ["talk_id"] = t.TalkId,
                    ["kind"] = Output.Scalar(TalksApi.TalkSummary.Descriptor.FindFieldByName("kind"), t.Kind),
                    ["start"] = TimeArg.Format(t.Start),
                    ["place"] = t.Place,
                })));
            }
        });

        await Section(notVisible, "tolerance", async () =>
        {
            var client = session.Client<ToleranceApi.Tolerance.ToleranceClient>();
            var overdueOnly = s.Days == 0;
            await foreach (var a in Pages(token => client.ListApplicationsAsync(new ToleranceApi.ListApplicationsRequest { OverdueOnly = overdueOnly, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Applications, r.NextPageToken)))
            {
                items.Add(Item("tolerance", a.ApplicationId, a.MatterId, Texts.T("Tolerance application") + " " + Output.Scalar(ToleranceApi.ApplicationSummary.Descriptor.FindFieldByName("status"), a.Status) + " " + a.CadreName, a.NextDueDate, a.Overdue));
            }

            await foreach (var d in Pages(token => client.ListAccountabilityDecisionsAsync(new ToleranceApi.ListAccountabilityDecisionsRequest { OverdueOnly = overdueOnly, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Decisions, r.NextPageToken)))
            {
                var next = d.Deadlines.Where(x => x.MetAt is null).OrderBy(x => x.DueDate, StringComparer.Ordinal).FirstOrDefault();
                items.Add(Item("tolerance", d.DecisionId, d.MatterId, Texts.T("Accountability decision") + " " + (next is null ? "" : Texts.T(next.Kind.Replace('_', ' ')) + " ") + (d.Cadre?.Name ?? d.OrganisationName), next?.DueDate ?? "", d.Deadlines.Any(x => x.Overdue)));
            }

            await foreach (var t in Pages(token => client.ListRectificationTasksAsync(new ToleranceApi.ListRectificationTasksRequest { Status = ToleranceApi.RectificationStatus.Open, OverdueOnly = overdueOnly, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Tasks, r.NextPageToken)))
            {
                items.Add(Item("tolerance", t.TaskId, t.MatterId, Texts.T("Rectification task") + " " + t.Description + " (" + t.Owner + ")", t.DueDate, t.Overdue));
            }

            // A review falls due on the last day of the impact period (the day before impact_ends_on).
            var today = TimeArg.Today(session.Clock);
            await foreach (var r in Pages(token => client.ListContinuedUseReviewsAsync(new ToleranceApi.ListContinuedUseReviewsRequest { DueWithinWorkingDays = Math.Max(s.Days, 1), PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Reviews, r.NextPageToken)))
            {
                var due = DateOnly.ParseExact(r.ImpactEndsOn, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(-1);
                if (!overdueOnly || due < today)
                {
                    items.Add(Item("tolerance", r.ReviewId, r.MatterId, Texts.T("Continued-use review") + " " + r.Cadre?.Name, due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), due < today));
                }
            }
        });
        await Section(notVisible, "casefiles", async () =>
        {
            var client = session.Client<CaseFilesApi.CaseFiles.CaseFilesClient>();
            await foreach (var o in Pages(token => client.ListIntegrityOpinionsAsync(new CaseFilesApi.ListIntegrityOpinionsRequest { OverdueOnly = s.Days == 0, DueWithinWorkingDays = s.Days, PageSize = 100, PageToken = token }, session.Call(ct)).ResponseAsync, r => (r.Opinions, r.NextPageToken)))
            {
                items.Add(Item("casefiles", o.OpinionId, o.CadreId, Texts.T("Integrity opinion to sign") + " " + Output.Scalar(CaseFilesApi.IntegrityOpinion.Descriptor.FindFieldByName("purpose"), o.Purpose) + " " + o.CadreName, o.ReplyDue, o.Overdue));
            }
        });

        var sorted = items.OrderByDescending(i => (bool)i["overdue"]!).ThenBy(i => (string?)i["due_date"], StringComparer.Ordinal).ToList();
        if (s.Json)
        {
            session.Output.ShowJson(new JsonObject
            {
                ["working_days"] = s.Days,
                ["items"] = new JsonArray([.. sorted]),
                ["agenda"] = new JsonArray([.. agenda]),
                ["not_visible"] = new JsonArray([.. notVisible.Select(n => (JsonNode)n)]),
            });
            return ExitCodes.Ok;
        }

        if (s.Quiet)
        {
            foreach (var item in sorted)
            {
                session.Env.Out.WriteLine((string)item["id"]!);
            }

            return ExitCodes.Ok;
        }

        var table = new Table().Border(TableBorder.Rounded).Title(s.Days == 0 ? Texts.T("Overdue") : Texts.T("Due within {0} working days, or overdue", s.Days));
        foreach (var column in new[] { "service", "id", "reference", "what", "due_date", "overdue" })
        {
            table.AddColumn(Texts.T(column));
        }

        foreach (var item in sorted)
        {
            table.AddRow(
                new Text(Texts.T((string)item["service"]!)),
                new Text((string)item["id"]!),
                new Text((string?)item["reference"] ?? ""),
                new Text((string?)item["what"] ?? ""),
                new Text((string?)item["due_date"] ?? ""),
                new Text((bool)item["overdue"]! ? Texts.T("yes") : ""));
        }

        session.Output.Write(table);
        if (agenda.Count > 0)
        {
            var talks = new Table().Border(TableBorder.Rounded).Title(Texts.T("Your talks"));
            foreach (var column in new[] { "start", "id", "what", "place" })
            {
                talks.AddColumn(Texts.T(column));
            }

            foreach (var talk in agenda)
            {
                talks.AddRow(new Text((string)talk["start"]!), new Text((string)talk["talk_id"]!), new Text((string)talk["kind"]!), new Text((string?)talk["place"] ?? ""));
            }

            session.Output.Write(talks);
        }

        foreach (var service in notVisible)
        {
            session.Output.Note(Texts.T("Not visible to your role: {0}", Texts.T(service)));
        }

        return ExitCodes.Ok;
    }

    private static async Task Section(List<string> notVisible, string service, Func<Task> read)
    {
        try
        {
            await read();
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
        {
            notVisible.Add(service);
        }
    }

    private static async IAsyncEnumerable<T> Pages<TReply, T>(Func<string, Task<TReply>> fetch, Func<TReply, (IEnumerable<T> Items, string Next)> read)
    {
        var token = "";
        var count = 0;
        do
        {
            var (items, next) = read(await fetch(token));
            foreach (var item in items)
            {
                if (++count > MaxItemsPerService)
                {
                    yield break;
                }

                yield return item;
            }

            token = next;
        }
        while (token.Length > 0);
    }

    private static JsonObject Item(string service, string id, string reference, string what, string due, bool overdue) => new()
    {
        ["service"] = service,
        ["id"] = id,
        ["reference"] = reference,
        ["what"] = what.Trim(),
        ["due_date"] = due,
        ["overdue"] = overdue,
    };

    internal sealed class WorklistSettings : GlobalSettings
    {
        [CommandOption("--days <WORKING_DAYS>")]
        [Text("Working days ahead, 0 to 23 (0: only what is overdue; default 5)")]
        public int Days { get; set; } = 5;

        [CommandOption("--talker <NAME>")]
        [Text("Whose talks to list (default: the signed-in subject)")]
        public string? Talker { get; set; }
    }
}
