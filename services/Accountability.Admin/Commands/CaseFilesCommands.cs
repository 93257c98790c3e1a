using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Accountability.Admin.Cli;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Protos.Common.V1;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console.Cli;
using Client = Accountability.Protos.CaseFiles.V1.CaseFiles.CaseFilesClient;

namespace Accountability.Admin.Commands;

/// <summary>
/// Integrity dossiers (廉政档案) and opinions (党风廉政意见回复): the directory and its import, a cadre's
/// dossier and timeline, integrity opinions one by one or for a list, personal-matters and
/// relatives-business checks, compliance rates, and the rebuild.
/// </summary>
internal sealed partial class CaseFilesCommands : ICommandGroup
{
    /// <summary>Rows per ImportDirectory call: small enough for a progress bar that moves, large enough to be quick.</summary>
    private const int ImportChunk = 100;

    /// <summary>Candidates per RequestIntegrityOpinions call: the API's limit, so a list of up to 500 is one batch.</summary>
    private const int OpinionChunk = 500;

    private static readonly string[] Truthy = ["1", "y", "yes", "true", "是"];
    private static readonly string[] Falsy = ["", "0", "n", "no", "false", "否"];

    public int Order => 38;

    public void Configure(CommandBuilder commands) => commands.Branch("casefile", "Integrity dossiers and opinions (廉政档案)", c =>
    {
        // Directory.
        c.Add<ImportSettings>("import", "Import organs or cadres from a CSV or JSON file: valid rows are imported, rejected rows named by line (exit 1)", "casefile import seeds/directory/cadres.csv", ImportAsync);
        c.Add<IdSettings>("cadre", "Show a cadre of the directory", "casefile cadre c-qingshui-hexi-03", async (session, s, ct) =>
            Show(session, await CaseFiles(session).GetCadreAsync(new GetCadreRequest { CadreId = s.Id }, session.Call(ct))));
        c.Add<CadreListSettings>("cadres", "List the directory's cadres of an organ or a level", "casefile cadres --organ unit-qingshui-hexi", async (session, s, ct) =>
        {
            var client = CaseFiles(session);
            var request = new ListCadresRequest { OrganId = s.Organ ?? "", Level = EnumArg.Parse<Level>(s.Level, "--level"), PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListCadresAsync(request, session.Call(ct));
            }));
        });

        // Dossiers.
        c.Add<DossierSettings>("dossier", "A cadre's integrity dossier (廉政档案) as of a day: impact periods, open and closed matters, checks, latest entries", "casefile dossier c-qingshui-hexi-03", async (session, s, ct) =>
            Show(session, await CaseFiles(session).GetDossierAsync(new GetDossierRequest { CadreId = s.Id, AsOf = TimeArg.Date(s.AsOf, "--as-of", session.Clock) }, session.Call(ct))));
        c.Add<TimelineSettings>("timeline", "A cadre's dossier timeline, newest first, by kind and day; --wait for an entry still travelling", "casefile timeline c-qingshui-hexi-03 --kind outcome --wait 30", async (session, s, ct) =>
        {
            var client = CaseFiles(session);
            var request = new GetTimelineRequest { CadreId = s.Id, From = TimeArg.Date(s.From, "--from", session.Clock), To = TimeArg.Date(s.To, "--to", session.Clock), PageSize = s.PageSize };
            request.Kinds.AddRange(EnumArg.ParseAll<EntryKind>(s.Kinds, "--kind"));
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.GetTimelineAsync(request, session.Call(ct));
            }));
        });
        c.Add<PageSettings>("unmatched", "Mentions (name and unit) no directory cadre matched yet", "casefile unmatched", async (session, s, ct) =>
        {
            var client = CaseFiles(session);
            return Show(session, await Lists.FetchAsync(s, async token => await client.ListUnmatchedMentionsAsync(new ListUnmatchedMentionsRequest { PageSize = s.PageSize, PageToken = token }, session.Call(ct))));
        });
        c.Add<GlobalSettings>("rebuild", "Rebuild every dossier from the services' event exports (administrators)", "casefile rebuild", async (session, s, ct) =>
            Show(session, await CaseFiles(session).RebuildDossiersAsync(new RebuildDossiersRequest(), session.Call(ct))));

        // Integrity opinions.
        c.Add<OpinionSettings>("opinion", "Ask for a cadre's integrity opinion (organisation department); the reply is due in 3 working days", "casefile opinion c-qingshui-hexi-03 --purpose promotion", async (session, s, ct) =>
            Show(session, await CaseFiles(session).RequestIntegrityOpinionAsync(new RequestIntegrityOpinionRequest
            {
                IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"),
                CadreId = s.Id,
                Purpose = EnumArg.Parse<OpinionPurpose>(s.Purpose, "--purpose"),
                AsOf = TimeArg.Date(s.AsOf, "--as-of", session.Clock),
            }, session.Call(ct))));
        c.Add<OpinionBatchSettings>("opinion-batch", "Integrity opinions for a list of candidates from a CSV (cadre_id), with progress; rejected rows named by line (exit 1)", "casefile opinion-batch --candidates candidates.csv --purpose promotion", OpinionBatchAsync);
        c.Add<SignSettings>("sign", "Sign an integrity opinion's reply (谁审查、谁签字, supervisors)", "casefile sign op_0123 --signer \"纪委书记 王某\" --signer \"党风政风监督室 赵某\"", async (session, s, ct) =>
        {
            var request = new SignIntegrityOpinionRequest { OpinionId = s.Id, ExpectedVersion = s.ExpectedVersion };
            request.Signers.AddRange(s.Signers ?? []);
            return Show(session, await CaseFiles(session).SignIntegrityOpinionAsync(request, session.Call(ct)));
        });
        c.Add<IdSettings>("show-opinion", "Show an integrity opinion with its answer, reasons and the records behind them", "casefile show-opinion op_0123", async (session, s, ct) =>
            Show(session, await CaseFiles(session).GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = s.Id }, session.Call(ct))));
        c.Add<OpinionListSettings>("list-opinions", "List integrity opinions of a cadre or a batch; --overdue or --due-within for replies due", "casefile list-opinions --due-within 3", async (session, s, ct) =>
        {
            var client = CaseFiles(session);
            var request = new ListIntegrityOpinionsRequest { CadreId = s.CadreId ?? "", BatchId = s.BatchId ?? "", OverdueOnly = s.Overdue, DueWithinWorkingDays = s.DueWithin, PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListIntegrityOpinionsAsync(request, session.Call(ct));
            }));
        });

        // Personal matters and relatives' businesses.
        c.Add<PersonalMattersSettings>("check-personal-matters", "Record a check of a cadre's personal-matters report (个人有关事项报告查核) for a year", "casefile check-personal-matters c-qingshui-hexi-03 --year 2025 --result omission --item \"housing:漏报一套住房\" --checked-on today", async (session, s, ct) =>
        {
            var request = new RecordPersonalMattersCheckRequest
            {
                IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"),
                CadreId = s.Id,
                Year = s.Year,
                Result = EnumArg.Parse<PersonalMattersResult>(s.Result, "--result"),
                CheckedOn = TimeArg.Date(s.CheckedOn ?? "today", "--checked-on", session.Clock),
                Targeted = s.Targeted,
            };
            request.Items.AddRange((s.Items ?? []).Select(Item));
            return Show(session, await CaseFiles(session).RecordPersonalMattersCheckAsync(request, session.Call(ct)));
        });
        c.Add<HandlingSettings>("handle-personal-matters", "Record how an omission or concealment was handled; a referral becomes a clue", "casefile handle-personal-matters pmc_0123 --kind postpone-promotion --decided-on today", async (session, s, ct) =>
            Show(session, await CaseFiles(session).RecordPersonalMattersHandlingAsync(new RecordPersonalMattersHandlingRequest
            {
                CheckId = s.Id,
                Kind = EnumArg.Parse<PersonalMattersHandlingKind>(s.Kind, "--kind"),
                DecidedOn = TimeArg.Date(s.DecidedOn ?? "today", "--decided-on", session.Clock),
                Note = s.Note ?? "",
                ExpectedVersion = s.ExpectedVersion,
            }, session.Call(ct))));
        c.Add<PersonalMattersListSettings>("personal-matters", "List personal-matters checks of a cadre or a year", "casefile personal-matters --year 2025", async (session, s, ct) =>
        {
            var client = CaseFiles(session);
            var request = new ListPersonalMattersChecksRequest { CadreId = s.CadreId ?? "", Year = s.Year, PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListPersonalMattersChecksAsync(request, session.Call(ct));
            }));
        });
        c.Add<ComplianceSettings>("compliance", "Personal-matters compliance rates (合格率) per year, organ and level", "casefile compliance --from-year 2022 --to-year 2025", async (session, s, ct) =>
        {
            var thisYear = TimeArg.Today(session.Clock).Year;
            return Show(session, await CaseFiles(session).GetComplianceRatesAsync(new GetComplianceRatesRequest { FromYear = s.FromYear == 0 ? thisYear - 3 : s.FromYear, ToYear = s.ToYear == 0 ? thisYear : s.ToYear }, session.Call(ct)));
        });
        c.Add<RelativesSettings>("check-relatives", "Record a cadre's self-check on relatives running businesses (亲属经商办企业)", "casefile check-relatives c-city-czj-02 --year 2026 --self-checked --business \"spouse,安和市某建材有限公司,within\"", async (session, s, ct) =>
        {
            var request = new RecordRelativesBusinessCheckRequest { IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"), CadreId = s.Id, Year = s.Year, SelfChecked = s.SelfChecked };
            request.Businesses.AddRange((s.Businesses ?? []).Select(Business));
            return Show(session, await CaseFiles(session).RecordRelativesBusinessCheckAsync(request, session.Call(ct)));
        });
    });

    private static Client CaseFiles(Session session) => session.Client<Client>();

    private static int Show(Session session, Google.Protobuf.IMessage message)
    {
        session.Output.Show(message);
        return ExitCodes.Ok;
    }

    private static PersonalMattersItem Item(string spec)
    {
        var parts = spec.Split([':', '：'], 2);
        return parts[0].Trim().Length > 0
            ? new PersonalMattersItem { Code = parts[0].Trim().Replace('-', '_'), Description = parts.Length == 2 ? parts[1].Trim() : "" }
            : throw CliException.Usage("--item", Texts.T("'{0}' is not code:description, e.g. housing:漏报一套住房", spec));
    }

    private static RelativeBusiness Business(string spec)
    {
        var parts = spec.Split([',', '，']).Select(p => p.Trim()).ToArray();
        if (parts.Length is < 2 or > 3)
        {
            throw CliException.Usage("--business", Texts.T("'{0}' is not relation,business[,within]", spec));
        }

        return new RelativeBusiness
        {
            Relation = EnumArg.Parse<Relation>(parts[0], "--business"),
            Business = parts[1],
            WithinScope = parts.Length == 3 && (parts[2].Equals("within", StringComparison.OrdinalIgnoreCase) || Flag(parts[2], "--business")),
        };
    }

    // ---- Directory import ----

    private static async Task<int> ImportAsync(Session session, ImportSettings s, CancellationToken ct)
    {
        var path = Path.GetFullPath(s.File, session.Env.CurrentDirectory);
        if (!File.Exists(path))
        {
            throw CliException.Usage("<FILE>", Texts.T("no file {0}", path));
        }

        var (organs, cadres, rejected) = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? await ReadJsonDirectoryAsync(session, path)
            : await ReadCsvDirectoryAsync(session, path);
        var read = organs.Count + cadres.Count + rejected.Count;
        DropDuplicates(organs, o => o.Entry.OrganId, "organ_id", rejected);
        DropDuplicates(cadres, c => c.Entry.CadreId, "cadre_id", rejected);

        var client = CaseFiles(session);
        var total = new ImportDirectoryResponse();
        await CsvRows.Progress(session, Texts.T("Importing {0}", Path.GetFileName(path)), organs.Count + cadres.Count, async advance =>
        {
            foreach (var chunk in organs.Chunk(ImportChunk))
            {
                await SendRefusingRowsAsync(chunk.ToList(), "organs", "organ_id", rejected, async rows =>
                {
                    var request = new ImportDirectoryRequest();
                    request.Organs.AddRange(rows.Select(r => r.Entry));
                    Add(total, await client.ImportDirectoryAsync(request, session.Call(ct)));
                });
                Advance(advance, chunk.Length);
            }

            foreach (var chunk in cadres.Chunk(ImportChunk))
            {
                await SendRefusingRowsAsync(chunk.ToList(), "cadres", "cadre_id", rejected, async rows =>
                {
                    var request = new ImportDirectoryRequest();
                    request.Cadres.AddRange(rows.Select(r => r.Entry));
                    Add(total, await client.ImportDirectoryAsync(request, session.Call(ct)));
                });
                Advance(advance, chunk.Length);
            }
        });

        session.Output.Show(total);
        session.Output.Note(Texts.T("{0} of {1} entries imported or unchanged; {2} rejected.", read - rejected.Count, read, rejected.Count));
        CsvRows.ReportRejected(session, rejected.OrderBy(r => r.Line).ToList());
        return rejected.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static void Advance(Action advance, int count)
    {
        for (var i = 0; i < count; i++)
        {
            advance();
        }
    }

    private static void Add(ImportDirectoryResponse total, ImportDirectoryResponse part)
    {
        total.OrgansAdded += part.OrgansAdded;
        total.OrgansUpdated += part.OrgansUpdated;
        total.CadresAdded += part.CadresAdded;
        total.CadresUpdated += part.CadresUpdated;
    }

    /// <summary>A later row with an id an earlier row has is rejected, naming the first.</summary>
    private static void DropDuplicates<T>(List<(int Line, T Entry)> rows, Func<(int Line, T Entry), string> id, string column, List<RejectedRow> rejected)
    {
        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        rows.RemoveAll(row =>
        {
            if (first.TryGetValue(id(row), out var line))
            {
                rejected.Add(new RejectedRow(row.Line, Texts.T("{0}: '{1}' is listed twice (first on line {2})", column, id(row), line)));
                return true;
            }

            first[id(row)] = row.Line;
            return false;
        });
    }

    /// <summary>
    /// Sends rows of a file; when the server refuses some of them (INVALID_ARGUMENT naming "cadres[i]..."),
    /// those are rejected with the server's reason and the rest sent again. Anything else, or a refused
    /// row that came from an option rather than a file line, is an error.
    /// </summary>
    private static async Task SendRefusingRowsAsync<T>(List<(int Line, T Entry)> rows, string list, string idColumn, List<RejectedRow> rejected, Func<List<(int Line, T Entry)>, Task> send)
    {
        while (rows.Count > 0)
        {
            try
            {
                await send(rows);
                return;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument
                && RefusedRows(e, list, idColumn, rows.Count) is { Count: > 0 } refused && refused.Keys.All(i => rows[i].Line > 0))
            {
                foreach (var (index, reasons) in refused)
                {
                    rejected.Add(new RejectedRow(rows[index].Line, string.Join("; ", reasons)));
                }

                rows = rows.Where((_, i) => !refused.ContainsKey(i)).ToList();
            }
        }
    }

    /// <summary>The rows the server's field violations name, with the reasons; empty when any violation names no row.</summary>
    private static Dictionary<int, List<string>> RefusedRows(RpcException e, string list, string idColumn, int count)
    {
        var refused = new Dictionary<int, List<string>>();
        foreach (var violation in e.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations ?? [])
        {
            var match = RowField().Match(violation.Field);
            if (!match.Success || match.Groups["list"].Value != list || !int.TryParse(match.Groups["index"].Value, CultureInfo.InvariantCulture, out var index) || index >= count)
            {
                return [];
            }

            var field = match.Groups["field"].Value;
            (refused.TryGetValue(index, out var reasons) ? reasons : refused[index] = []).Add((field.Length > 0 ? field : idColumn) + ": " + violation.Description);
        }

        return refused;
    }

    [GeneratedRegex(@"^(?<list>[a-z_]+)\[(?<index>\d+)\](\.(?<field>.+))?$")]
    private static partial Regex RowField();

    private static async Task<(List<(int Line, Organ Entry)> Organs, List<(int Line, Cadre Entry)> Cadres, List<RejectedRow> Rejected)> ReadCsvDirectoryAsync(Session session, string path)
    {
        var header = File.ReadLines(path).FirstOrDefault()?.TrimStart('\uFEFF').Split(',').Select(h => h.Trim().ToLowerInvariant()).ToArray() ?? [];
        if (header.Contains("cadre_id"))
        {
            var (rows, rejected) = await CsvRows.ReadAsync(session, path, "<FILE>", ["cadre_id", "name", "organ_id", "unit", "post", "rank", "level"], (line, field) => (line, NewCadre(field)));
            return ([], rows, rejected);
        }

        var (organs, refused) = await CsvRows.ReadAsync(session, path, "<FILE>", ["organ_id", "name", "level"], (line, field) => (line, NewOrgan(field)));
        return (organs, [], refused);
    }

    private static Task<(List<(int Line, Organ Entry)> Organs, List<(int Line, Cadre Entry)> Cadres, List<RejectedRow> Rejected)> ReadJsonDirectoryAsync(Session session, string path)
    {
        var entries = JsonRows.Read(path, "<FILE>", "organs", "cadres");
        var organs = new List<(int, Organ)>();
        var cadres = new List<(int, Cadre)>();
        var rejected = new List<RejectedRow>();
        void Each(string name, string idColumn, Action<int, Func<string, string>> add)
        {
            foreach (var (line, entry) in entries[name])
            {
                try
                {
                    if (entry is not JsonObject item)
                    {
                        throw new CliException(ExitCodes.Usage, Texts.T("is not an object"));
                    }

                    add(line, column => JsonField(item, column, idColumn));
                }
                catch (CliException e)
                {
                    rejected.Add(new RejectedRow(line, e.Message));
                }
            }
        }

        Each("organs", "organ_id", (line, field) => organs.Add((line, NewOrgan(field))));
        Each("cadres", "cadre_id", (line, field) => cadres.Add((line, NewCadre(field))));

        session.Output.Note(Texts.T("Read {0} organs and {1} cadres from {2}.", organs.Count, cadres.Count, Path.GetFileName(path)));
        return Task.FromResult((organs, cadres, rejected));
    }

    /// <summary>A JSON entry's field by its CSV column name: snake_case, camelCase, or "id" for the entry's own id.</summary>
    private static string JsonField(JsonObject item, string column, string idColumn)
    {
        var camel = string.Concat(column.Split('_').Select((part, i) => i == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));
        var node = item[column] ?? item[camel] ?? (column == idColumn ? item["id"] : null);
        return node switch
        {
            null => "",
            JsonValue value when value.TryGetValue<string>(out var text) => text.Trim(),
            JsonValue value when value.TryGetValue<bool>(out var flag) => flag ? "true" : "false",
            _ => node.ToJsonString(),
        };
    }

    private static Cadre NewCadre(Func<string, string> field) => new()
    {
        CadreId = Required(field, "cadre_id"),
        Name = Required(field, "name"),
        OrganId = Required(field, "organ_id"),
        Unit = Required(field, "unit"),
        Post = Required(field, "post"),
        Rank = EnumArg.Parse<Rank>(Required(field, "rank"), "rank"),
        Level = EnumArg.Parse<Level>(Required(field, "level"), "level"),
        ManagingOrganId = field("managing_organ_id"),
        Principal = Flag(field("principal"), "principal"),
        PartyMember = Flag(field("party_member"), "party_member"),
    };

    private static Organ NewOrgan(Func<string, string> field) => new()
    {
        OrganId = Required(field, "organ_id"),
        Name = Required(field, "name"),
        Level = EnumArg.Parse<Level>(Required(field, "level"), "level"),
        ParentId = field("parent_id"),
    };

    private static bool Flag(string value, string column)
    {
        var text = value.Trim().ToLowerInvariant();
        return Truthy.Contains(text) ? true : Falsy.Contains(text) ? false : throw CliException.Usage(column, Texts.T("'{0}' is neither yes nor no", value));
    }

    private static string Required(Func<string, string> field, string column) =>
        field(column) is { Length: > 0 } value ? value : throw CliException.Usage(column, Texts.T("is empty"));

    // ---- Opinions in batch ----

    private static async Task<int> OpinionBatchAsync(Session session, OpinionBatchSettings s, CancellationToken ct)
    {
        var purpose = EnumArg.Parse<OpinionPurpose>(s.Purpose, "--purpose");
        var asOf = TimeArg.Date(s.AsOf, "--as-of", session.Clock);
        var candidates = (s.Cadres ?? []).Select(id => (Line: 0, Entry: id.Trim())).ToList();
        var rejected = new List<RejectedRow>();
        if (s.CandidatesFile is { Length: > 0 } file)
        {
            var (rows, refused) = await CsvRows.ReadAsync(session, file, "--candidates", ["cadre_id"], (line, field) => (Line: line, Entry: Required(field, "cadre_id")));
            candidates.AddRange(rows);
            rejected.AddRange(refused);
        }

        if (candidates.Count == 0 && rejected.Count == 0)
        {
            throw CliException.Usage("--candidates", Texts.T("give --candidates <CSV> or --cadre <ID>"));
        }

        DropDuplicates(candidates, c => c.Entry, "cadre_id", rejected);
        var key = s.Key ?? Guid.NewGuid().ToString("N");
        var client = CaseFiles(session);
        var answered = new RequestIntegrityOpinionsResponse();
        var batches = new List<string>();
        await CsvRows.Progress(session, Texts.T("Requesting {0} opinions", candidates.Count), candidates.Count, async advance =>
        {
            foreach (var (chunk, number) in candidates.Chunk(OpinionChunk).Select((chunk, i) => (chunk, i)))
            {
                await SendRefusingRowsAsync(chunk.ToList(), "cadre_ids", "cadre_id", rejected, async rows =>
                {
                    // One key per chunk and set of candidates: the same command run again returns the same opinions.
                    var ids = rows.Select(r => r.Entry).ToList();
                    var request = new RequestIntegrityOpinionsRequest { IdempotencyKey = $"{key}:{number}:{Fingerprint(ids)}", Purpose = purpose, AsOf = asOf };
                    request.CadreIds.AddRange(ids);
                    var reply = await client.RequestIntegrityOpinionsAsync(request, session.Call(ct));
                    batches.Add(reply.BatchId);
                    answered.Opinions.AddRange(reply.Opinions);
                });
                Advance(advance, chunk.Length);
            }
        });

        answered.BatchId = batches.Count == 1 ? batches[0] : "";
        session.Output.Show(answered);
        CsvRows.ReportRejected(session, rejected.OrderBy(r => r.Line).ToList());
        return rejected.Count > 0 ? ExitCodes.Findings : ExitCodes.Ok;
    }

    private static string Fingerprint(IEnumerable<string> ids) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', ids))))[..16];

    internal sealed class ImportSettings : GlobalSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Text("Cadres (CSV columns cadre_id,name,organ_id,unit,post,rank,level[,managing_organ_id,principal,party_member]), organs (CSV columns organ_id,name,level[,parent_id]), or JSON with \"organs\" and \"cadres\" arrays")]
        public string File { get; set; } = "";
    }

    internal sealed class CadreListSettings : PageSettings
    {
        [CommandOption("--organ <ORGAN_ID>")]
        [Text("Only this organ's cadres")]
        public string? Organ { get; set; }

        [CommandOption("--level <LEVEL>")]
        [Text("Only this level: province, city, county, township or village")]
        public string? Level { get; set; }
    }

    internal sealed class DossierSettings : IdSettings
    {
        [CommandOption("--as-of <DAY>")]
        [Text("As of this day, YYYY-MM-DD or today (default today)")]
        public string? AsOf { get; set; }
    }

    internal sealed class TimelineSettings : PageSettings
    {
        [CommandArgument(0, "<CADRE_ID>")]
        [Text("The cadre")]
        public string Id { get; set; } = "";

        [CommandOption("--kind <KIND>")]
        [Text("Only these kinds, e.g. petition, clue-registered, clue-concluded, outcome, talk, accountability-decided, personal-matters-check (repeatable)")]
        public string[]? Kinds { get; set; }

        [CommandOption("--from <DAY>")]
        [Text("From this day, YYYY-MM-DD, included")]
        public string? From { get; set; }

        [CommandOption("--to <DAY>")]
        [Text("To this day, YYYY-MM-DD, included")]
        public string? To { get; set; }
    }

    internal sealed class OpinionSettings : IdSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--purpose <PURPOSE>")]
        [Text("promotion, award, transfer or election")]
        public string? Purpose { get; set; }

        [CommandOption("--as-of <DAY>")]
        [Text("As of this day, YYYY-MM-DD or today (default today)")]
        public string? AsOf { get; set; }
    }

    internal sealed class OpinionBatchSettings : GlobalSettings
    {
        [CommandOption("--candidates <CSV>")]
        [Text("Candidates from a CSV file with the column cadre_id")]
        public string? CandidatesFile { get; set; }

        [CommandOption("--cadre <ID>")]
        [Text("A candidate (repeatable)")]
        public string[]? Cadres { get; set; }

        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--purpose <PURPOSE>")]
        [Text("promotion, award, transfer or election")]
        public string? Purpose { get; set; }

        [CommandOption("--as-of <DAY>")]
        [Text("As of this day, YYYY-MM-DD or today (default today)")]
        public string? AsOf { get; set; }
    }

    internal sealed class SignSettings : ChangeSettings
    {
        [CommandOption("--signer <NAME>")]
        [Text("Who signs for the checking offices; at least one (repeatable)")]
        public string[]? Signers { get; set; }
    }

    internal sealed class OpinionListSettings : DeadlineListSettings
    {
        [CommandOption("--cadre <ID>")]
        [Text("Only this cadre's")]
        public string? CadreId { get; set; }

        [CommandOption("--batch <BATCH_ID>")]
        [Text("Only this batch's")]
        public string? BatchId { get; set; }
    }

    internal sealed class PersonalMattersSettings : IdSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--year <YEAR>")]
        [Text("The report's year")]
        public int Year { get; set; }

        [CommandOption("--result <RESULT>")]
        [Text("consistent, omission or concealment")]
        public string? Result { get; set; }

        [CommandOption("--item <ITEM>")]
        [Text("For an omission or concealment: code:description, e.g. housing:漏报一套住房 (repeatable)")]
        public string[]? Items { get; set; }

        [CommandOption("--checked-on <DAY>")]
        [Text("Day of the check, YYYY-MM-DD or today (default today)")]
        public string? CheckedOn { get; set; }

        [CommandOption("--targeted")]
        [Text("A targeted check (重点查核) rather than a random one")]
        public bool Targeted { get; set; }
    }

    internal sealed class HandlingSettings : ChangeSettings
    {
        [CommandOption("--kind <KIND>")]
        [Text("postpone-promotion, cancel-promotion, admonishment, party-sanction, referral or critical-education")]
        public string? Kind { get; set; }

        [CommandOption("--decided-on <DAY>")]
        [Text("Day of the decision, YYYY-MM-DD or today")]
        public string? DecidedOn { get; set; }

        [CommandOption("--note <TEXT>")]
        [Text("A note for the record")]
        public string? Note { get; set; }
    }

    internal sealed class PersonalMattersListSettings : PageSettings
    {
        [CommandOption("--cadre <ID>")]
        [Text("Only this cadre's")]
        public string? CadreId { get; set; }

        [CommandOption("--year <YEAR>")]
        [Text("Only this year's")]
        public int Year { get; set; }
    }

    internal sealed class ComplianceSettings : GlobalSettings
    {
        [CommandOption("--from-year <YEAR>")]
        [Text("First year (default three years ago)")]
        public int FromYear { get; set; }

        [CommandOption("--to-year <YEAR>")]
        [Text("Last year (default this year)")]
        public int ToYear { get; set; }
    }

    internal sealed class RelativesSettings : IdSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--year <YEAR>")]
        [Text("The clean-up's year")]
        public int Year { get; set; }

        [CommandOption("--self-checked")]
        [Text("The cadre completed the self-check (自查)")]
        public bool SelfChecked { get; set; }

        [CommandOption("--business <BUSINESS>")]
        [Text("A relative's business: spouse, child or child-spouse, the business, and \"within\" when it lies within the cadre's scope (repeatable)")]
        public string[]? Businesses { get; set; }
    }
}
