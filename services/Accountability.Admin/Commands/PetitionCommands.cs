using Accountability.Admin.Cli;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Spectre.Console.Cli;
using Client = Accountability.Protos.Petitions.V1.Petitions.PetitionsClient;

namespace Accountability.Admin.Commands;

/// <summary>Petitions and reports (信访举报): intake, screening, triage into clues, notices, figures, the audited reveal.</summary>
internal sealed class PetitionCommands : ICommandGroup
{
    public int Order => 10;

    public void Configure(CommandBuilder commands) => commands.Branch("petition", "Petitions and reports (信访举报)", petition =>
    {
        petition.Add<SubmitSettings>("submit", "Register a petition (one register entry per item)", "petition submit --facts \"某镇副镇长在道路工程招标中收受回扣。\" --accused \"李四,河西镇人民政府,副镇长,township\" --discipline integrity", SubmitAsync);
        petition.Add<IdSettings>("show", "Show a petition with its deadlines, screening, clue proposals and history", "petition show pet_0123", async (session, s, ct) =>
            Show(session, await session.Client<Client>().GetPetitionAsync(new GetPetitionRequest { PetitionId = s.Id }, session.Call(ct))));
        petition.Add<ListSettings>("list", "List petitions (newest first) with filters", "petition list --status accepted --overdue", ListAsync);
        petition.Add<VerifySettings>("verify-reporter", "Record the real-name verification (实名核实) of a named reporter", "petition verify-reporter pet_0123 --method \"电话回拨核实\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().VerifyReporterAsync(new VerifyReporterRequest { PetitionId = s.Id, Verified = !s.NotVerified, Method = s.Method ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        petition.Add<ScreenSettings>("screen", "Screen a registered petition (分流): where it goes", "petition screen pet_0123 --outcome accept --reason \"属本级管辖\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().ScreenPetitionAsync(new ScreenPetitionRequest
            {
                PetitionId = s.Id,
                Outcome = EnumArg.Parse<ScreeningOutcome>(s.Outcome, "--outcome"),
                Reason = s.Reason ?? "",
                TargetOrganId = s.TargetOrgan ?? "",
                RepeatOfPetitionId = s.RepeatOf ?? "",
                ExpectedVersion = s.ExpectedVersion,
            }, session.Call(ct))));
        petition.Add<OverrideSettings>("override-repeat", "Override the automatic repeat decision, with a reason", "petition override-repeat pet_0123 --reason \"反映新的事实\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().OverrideRepeatAsync(new OverrideRepeatRequest { PetitionId = s.Id, RepeatOfPetitionId = s.RepeatOf ?? "", Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        petition.Add<MethodSettings>("notify", "Record the acceptance notice (受理告知) to a named reporter", "petition notify pet_0123 --method \"电话告知\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = s.Id, Method = s.Method ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        petition.Add<TriageSettings>("triage", "Hand an accepted petition to supervision as clue proposals", "petition triage pet_0123 --proposal \"反映李四收受工程回扣问题\" --accused-index 0", TriageAsync);
        petition.Add<CluesSettings>("clues", "The clues a petition's proposals became; --wait until every proposal is registered", "petition clues pet_0123 --wait 30", CluesAsync);
        petition.Add<FeedbackSettings>("feedback", "Record the result feedback (结果反馈) after closure", "petition feedback pet_0123 --method \"电话反馈\" --summary \"反映问题已核查处理\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().RecordFeedbackAsync(new RecordFeedbackRequest { PetitionId = s.Id, Method = s.Method ?? "", Summary = s.Summary ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        petition.Add<ObjectionSettings>("objection", "Record the reporter's objection to the result", "petition objection pet_0123 --text \"对处理结果有异议\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().RecordObjectionAsync(new RecordObjectionRequest { PetitionId = s.Id, Text = s.Text ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        petition.Add<ReopenSettings>("reopen", "Reopen a petition on new evidence", "petition reopen pet_0123 --reason \"举报人提供新证据\" --evidence \"转账记录.pdf,<sha256>,2048,docs://evidence/1\"", async (session, s, ct) =>
        {
            var request = new ReopenPetitionRequest { PetitionId = s.Id, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion };
            request.NewEvidence.AddRange((s.Evidence ?? []).Select(e => Specs.Attachment(e, "--evidence")));
            return Show(session, await session.Client<Client>().ReopenPetitionAsync(request, session.Call(ct)));
        });
        petition.Add<ChangeSettings>("archive", "Archive a petition whose feedback is given", "petition archive pet_0123", async (session, s, ct) =>
            Show(session, await session.Client<Client>().ArchivePetitionAsync(new ArchivePetitionRequest { PetitionId = s.Id, ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        petition.Add<PeriodSettings>("stats", "Period figures: received, accepted, repeats, routed, clues proposed, by level", "petition stats --year 2026", async (session, s, ct) =>
        {
            var (from, to) = TimeArg.Period(s.From, s.To, s.Year, session.Clock);
            return Show(session, await session.Client<Client>().GetStatisticsAsync(new GetStatisticsRequest { From = from, To = to }, session.Call(ct)));
        });
        petition.Add<RevealSettings>("reveal", "Reveal a reporter's identity: custodian only, with a reason, audited", "petition reveal pet_0123 --reason \"核实举报人身份以便告知\"", async (session, s, ct) =>
            Show(session, await session.Client<Client>().RevealReporterIdentityAsync(new RevealReporterIdentityRequest { PetitionId = s.Id, Reason = s.Reason ?? "" }, session.Call(ct))));
        petition.Add<ReceiptSettings>("receipt", "What a reporter sees with the receipt code (no token needed)", "petition receipt 1234567890123456", async (session, s, ct) =>
            Show(session, await new ReporterDesk.ReporterDeskClient(session.Channel).GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = s.Code }, session.Anonymous(ct))));
        petition.Add<WaitSettings>("wait", "Wait until a petition reaches a status (events travel between services)", "petition wait pet_0123 --status closed --timeout 30", async (session, s, ct) =>
        {
            var status = EnumArg.Parse<PetitionStatus>(s.Status, "--status");
            var client = session.Client<Client>();
            return Show(session, await Lists.WaitAsync(s.Timeout, () => client.GetPetitionAsync(new GetPetitionRequest { PetitionId = s.Id }, session.Call(ct)).ResponseAsync, p => p.Status == status));
        });
    });

    private static int Show(Session session, Google.Protobuf.IMessage message)
    {
        session.Output.Show(message);
        return ExitCodes.Ok;
    }

    private static async Task<int> SubmitAsync(Session session, SubmitSettings s, CancellationToken ct)
    {
        var request = new SubmitPetitionRequest
        {
            IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"),
            Channel = EnumArg.Parse(s.Channel, "--channel", Channel.Online),
            Kind = EnumArg.Parse(s.Kind, "--kind", PetitionKind.Accusation),
            Facts = s.Facts ?? "",
            ReceivedAt = TimeArg.Parse(s.ReceivedAt, "--received-at", session.Clock),
            SourceOrganId = s.SourceOrgan ?? "",
        };
        foreach (var spec in s.Accused ?? [])
        {
            var (name, unit, post, level, cadreId) = Specs.Person(spec, "--accused");
            request.Accused.Add(new AccusedPerson { Name = name, Unit = unit, Post = post, Level = level, CadreId = cadreId, IsOrganPrincipal = s.AccusedIsPrincipal });
        }

        request.Disciplines.AddRange(EnumArg.ParseAll<Discipline>(s.Disciplines, "--discipline"));
        request.Attachments.AddRange((s.Attachments ?? []).Select(a => Specs.Attachment(a, "--attachment")));
        if (s.ReporterName is not null || s.ReporterUnit is not null || s.ReporterPhone is not null)
        {
            request.Reporter = new ReporterIdentity
            {
                Name = s.ReporterName ?? "",
                Unit = s.ReporterUnit ?? "",
                Phone = s.ReporterPhone ?? "",
                Address = s.ReporterAddress ?? "",
                IdNumber = s.ReporterIdNumber ?? "",
            };
        }

        return Show(session, await session.Client<Client>().SubmitPetitionAsync(request, session.Call(ct)));
    }

    private static async Task<int> ListAsync(Session session, ListSettings s, CancellationToken ct)
    {
        var client = session.Client<Client>();
        var request = new ListPetitionsRequest
        {
            AccusedLevel = EnumArg.Parse<Level>(s.Level, "--level"),
            Channel = EnumArg.Parse<Channel>(s.Channel, "--channel"),
            Discipline = EnumArg.Parse<Discipline>(s.Discipline, "--discipline"),
            ReceivedFrom = TimeArg.Parse(s.From, "--from", session.Clock),
            ReceivedTo = TimeArg.Parse(s.To, "--to", session.Clock),
            OverdueOnly = s.Overdue,
            DueWithinWorkingDays = s.DueWithin,
            PageSize = s.PageSize,
        };
        request.Statuses.AddRange(EnumArg.ParseAll<PetitionStatus>(s.Statuses, "--status"));
        return Show(session, await Lists.FetchAsync(s, async token =>
        {
            request.PageToken = token;
            return await client.ListPetitionsAsync(request, session.Call(ct));
        }));
    }

    private static async Task<int> TriageAsync(Session session, TriageSettings s, CancellationToken ct)
    {
        var request = new TriagePetitionRequest { PetitionId = s.Id, ExpectedVersion = s.ExpectedVersion };
        foreach (var summary in s.Proposals ?? [])
        {
            var proposal = new ClueProposalInput { Summary = summary };
            proposal.AccusedIndexes.AddRange(s.AccusedIndexes ?? []);
            proposal.Disciplines.AddRange(EnumArg.ParseAll<Discipline>(s.Disciplines, "--discipline"));
            request.Proposals.Add(proposal);
        }

        return Show(session, await session.Client<Client>().TriagePetitionAsync(request, session.Call(ct)));
    }

    private static async Task<int> CluesAsync(Session session, CluesSettings s, CancellationToken ct)
    {
        var client = session.Client<Client>();
        var petition = await Lists.WaitAsync(
            s.Wait,
            () => client.GetPetitionAsync(new GetPetitionRequest { PetitionId = s.Id }, session.Call(ct)).ResponseAsync,
            p => p.ClueProposals.Count > 0 && p.ClueProposals.All(c => c.ClueId.Length > 0),
            required: s.Wait > 0);
        if (s.Quiet && !s.Json)
        {
            foreach (var proposal in petition.ClueProposals.Where(c => c.ClueId.Length > 0))
            {
                session.Env.Out.WriteLine(proposal.ClueId);
            }

            return ExitCodes.Ok;
        }

        session.Output.ShowList(petition.ClueProposals, ClueProposal.Descriptor);
        return ExitCodes.Ok;
    }

    internal sealed class SubmitSettings : GlobalSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--channel <CHANNEL>")]
        [Text("letter, visit, phone-12388, online (default) or transferred")]
        public string? Channel { get; set; }

        [CommandOption("--kind <KIND>")]
        [Text("accusation (default), appeal or suggestion")]
        public string? Kind { get; set; }

        [CommandOption("--facts <TEXT>")]
        [Text("What is reported")]
        public string? Facts { get; set; }

        [CommandOption("--accused <PERSON>")]
        [Text("An accused person: name,unit,post,level[,cadre_id]; level is province, city, county, township or village (repeatable)")]
        public string[]? Accused { get; set; }

        [CommandOption("--accused-is-principal")]
        [Text("The accused is this organ's own principal (goes straight up)")]
        public bool AccusedIsPrincipal { get; set; }

        [CommandOption("--discipline <DISCIPLINE>")]
        [Text("political, organisational, integrity, mass, work, life, duty-violation or duty-crime (repeatable)")]
        public string[]? Disciplines { get; set; }

        [CommandOption("--attachment <ATTACHMENT>")]
        [Text("An attachment: name,sha256,size,uri[,media type] (repeatable)")]
        public string[]? Attachments { get; set; }

        [CommandOption("--received-at <TIME>")]
        [Text("When the organ received it (default now)")]
        public string? ReceivedAt { get; set; }

        [CommandOption("--source-organ <ID>")]
        [Text("For --channel transferred: the organ that handed it over")]
        public string? SourceOrgan { get; set; }

        [CommandOption("--reporter-name <NAME>")]
        [Text("A named reporter's name (named = name or unit, plus a phone)")]
        public string? ReporterName { get; set; }

        [CommandOption("--reporter-unit <UNIT>")]
        [Text("A named reporter's unit")]
        public string? ReporterUnit { get; set; }

        [CommandOption("--reporter-phone <PHONE>")]
        [Text("A named reporter's phone")]
        public string? ReporterPhone { get; set; }

        [CommandOption("--reporter-address <ADDRESS>")]
        [Text("A named reporter's address")]
        public string? ReporterAddress { get; set; }

        [CommandOption("--reporter-id-number <ID>")]
        [Text("A named reporter's ID number")]
        public string? ReporterIdNumber { get; set; }
    }

    internal sealed class ListSettings : DeadlineListSettings
    {
        [CommandOption("--status <STATUS>")]
        [Text("Only these statuses, e.g. registered, accepted, closed (repeatable)")]
        public string[]? Statuses { get; set; }

        [CommandOption("--level <LEVEL>")]
        [Text("Level of the most senior accused")]
        public string? Level { get; set; }

        [CommandOption("--channel <CHANNEL>")]
        [Text("Only this channel")]
        public string? Channel { get; set; }

        [CommandOption("--discipline <DISCIPLINE>")]
        [Text("Only this discipline")]
        public string? Discipline { get; set; }

        [CommandOption("--from <TIME>")]
        [Text("Received at or after")]
        public string? From { get; set; }

        [CommandOption("--to <TIME>")]
        [Text("Received before")]
        public string? To { get; set; }
    }

    internal sealed class VerifySettings : ChangeSettings
    {
        [CommandOption("--method <TEXT>")]
        [Text("How: phone call back, in person, ...")]
        public string? Method { get; set; }

        [CommandOption("--not-verified")]
        [Text("The name could not be verified: the petition becomes anonymous")]
        public bool NotVerified { get; set; }
    }

    internal sealed class ScreenSettings : ChangeSettings
    {
        [CommandOption("--outcome <OUTCOME>")]
        [Text("accept, route-up, transfer-down, transfer-other-organ, not-in-scope, file-repeat or file-no-substance")]
        public string? Outcome { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why (written to the record)")]
        public string? Reason { get; set; }

        [CommandOption("--target-organ <ID>")]
        [Text("For transfer-down and transfer-other-organ: where it goes")]
        public string? TargetOrgan { get; set; }

        [CommandOption("--repeat-of <PETITION_ID>")]
        [Text("For file-repeat: the earlier petition")]
        public string? RepeatOf { get; set; }
    }

    internal sealed class OverrideSettings : ChangeSettings
    {
        [CommandOption("--repeat-of <PETITION_ID>")]
        [Text("Link it to this petition instead; absent: it is not a repeat")]
        public string? RepeatOf { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why (written to the record)")]
        public string? Reason { get; set; }
    }

    internal sealed class MethodSettings : ChangeSettings
    {
        [CommandOption("--method <TEXT>")]
        [Text("How the reporter was told")]
        public string? Method { get; set; }
    }

    internal sealed class TriageSettings : ChangeSettings
    {
        [CommandOption("--proposal <SUMMARY>")]
        [Text("A clue proposal: a summary for clue handlers, without the reporter's identity (repeatable)")]
        public string[]? Proposals { get; set; }

        [CommandOption("--accused-index <N>")]
        [Text("Which accused the proposals concern, 0-based (repeatable; default all)")]
        public int[]? AccusedIndexes { get; set; }

        [CommandOption("--discipline <DISCIPLINE>")]
        [Text("Disciplines of the proposals (repeatable)")]
        public string[]? Disciplines { get; set; }
    }

    internal sealed class CluesSettings : IdSettings
    {
        [CommandOption("--wait <SECONDS>")]
        [Text("Wait up to this many seconds until every proposal is registered as a clue")]
        public int Wait { get; set; }
    }

    internal sealed class FeedbackSettings : ChangeSettings
    {
        [CommandOption("--method <TEXT>")]
        [Text("How the reporter was told")]
        public string? Method { get; set; }

        [CommandOption("--summary <TEXT>")]
        [Text("What the reporter is told of the outcome")]
        public string? Summary { get; set; }
    }

    internal sealed class ObjectionSettings : ChangeSettings
    {
        [CommandOption("--text <TEXT>")]
        [Text("The objection")]
        public string? Text { get; set; }
    }

    internal sealed class ReopenSettings : ChangeSettings
    {
        [CommandOption("--reason <TEXT>")]
        [Text("Why (written to the record)")]
        public string? Reason { get; set; }

        [CommandOption("--evidence <ATTACHMENT>")]
        [Text("New evidence: name,sha256,size,uri[,media type] (repeatable)")]
        public string[]? Evidence { get; set; }
    }

    internal sealed class RevealSettings : IdSettings
    {
        [CommandOption("--reason <TEXT>")]
        [Text("Why you need it (written to the audit trail)")]
        public string? Reason { get; set; }
    }

    internal sealed class ReceiptSettings : GlobalSettings
    {
        [CommandArgument(0, "<CODE>")]
        [Text("The 16-digit receipt code")]
        public string Code { get; set; } = "";
    }
}
