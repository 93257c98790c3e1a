using System.Globalization;
using Accountability.Admin.Cli;
using Accountability.Protos.Talks.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console.Cli;
using Client = Accountability.Protos.Talks.V1.Talks.TalksClient;

namespace Accountability.Admin.Commands;

/// <summary>Talks (谈话): request, schedule, record with attendance (from a CSV for a collective talk), follow-ups, agenda.</summary>
internal sealed class TalkCommands : ICommandGroup
{
    private static readonly string[] Yes = ["1", "y", "yes", "true", "present", "是", "出席", "到"];
    private static readonly string[] No = ["0", "n", "no", "false", "absent", "否", "缺席", "未到"];

    public int Order => 30;

    public void Configure(CommandBuilder commands) => commands.Branch("talk", "Talks (谈话)", talk =>
    {
        talk.Add<RequestSettings>("request", "Request a talk; participants one by one or from a CSV (cadre_id,name)", "talk request --kind collective-integrity --reason \"新提任干部集体廉政谈话\" --participants cadres.csv", RequestAsync);
        talk.Add<ScheduleSettings>("schedule", "Schedule a talk: time, place, talkers, note-taker (nobody double-booked)", "talk schedule talk_0123 --start \"2026-03-04 09:00\" --end \"2026-03-04 10:00\" --place 谈话室一 --talker 王书记 --talker 赵主任 --note-taker 孙记录", (session, s, ct) => ScheduleAsync(session, s, reschedule: false, ct));
        talk.Add<ScheduleSettings>("reschedule", "Move a scheduled or missed talk to a new slot", "talk reschedule talk_0123 --start \"2026-03-05 09:00\" --end \"2026-03-05 10:00\" --place 谈话室一 --talker 王书记 --talker 赵主任 --note-taker 孙记录 --reason \"另约时间\"", (session, s, ct) => ScheduleAsync(session, s, reschedule: true, ct));
        talk.Add<ReasonSettings>("missed", "Record that a talk did not take place", "talk missed talk_0123 --reason \"被谈话人因公出差\"", async (session, s, ct) =>
            Show(session, await Talks(session).RecordTalkMissedAsync(new RecordTalkMissedRequest { TalkId = s.Id, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        talk.Add<ReasonSettings>("cancel", "Cancel a talk (supervisors)", "talk cancel talk_0123 --reason \"线索另行处置\"", async (session, s, ct) =>
            Show(session, await Talks(session).CancelTalkAsync(new CancelTalkRequest { TalkId = s.Id, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        talk.Add<RecordSettings>("record", "Record a talk as held: attendance (everyone present unless --absent or --attendance CSV), the record, follow-ups owed", "talk record talk_0123 --attendance attendance.csv --summary \"集体廉政谈话，提出要求\" --signature 王书记 --signature 孙记录 --follow-up commitment-letter", RecordAsync);
        talk.Add<FollowUpSettings>("follow-up", "Record a follow-up document that arrived", "talk follow-up talk_0123 --follow-up-id fu_1 --reference \"检讨书\"", async (session, s, ct) =>
        {
            var request = new RecordFollowUpRequest { TalkId = s.Id, FollowUpId = s.FollowUpId ?? "", Reference = s.Reference ?? "", ReceivedAt = TimeArg.Parse(s.ReceivedAt, "--received-at", session.Clock), ExpectedVersion = s.ExpectedVersion };
            if (s.CountersignedBy is { Length: > 0 })
            {
                request.Countersignature = new Signature { Who = s.CountersignedBy, At = TimeArg.Parse(s.CountersignedAt, "--countersigned-at", session.Clock) ?? Now(session) };
            }

            return Show(session, await Talks(session).RecordFollowUpAsync(request, session.Call(ct)));
        });
        talk.Add<FilingSettings>("filing", "Record the filing of a 诫勉 with the upper commission or the organisation department", "talk filing talk_0123 --recipient upper-discipline-commission --filed-by 孙记录", async (session, s, ct) =>
            Show(session, await Talks(session).RecordAdmonishmentFilingAsync(new RecordAdmonishmentFilingRequest { TalkId = s.Id, Recipient = EnumArg.Parse<FilingRecipient>(s.Recipient, "--recipient"), FiledBy = s.FiledBy ?? "", FiledAt = TimeArg.Parse(s.FiledAt, "--filed-at", session.Clock), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        talk.Add<ScoresSettings>("scores", "Record pre-appointment test scores (cadre:score, or a CSV cadre_id,score)", "talk scores talk_0123 --score cadre-001:85 --score cadre-002:58", ScoresAsync);
        talk.Add<IdSettings>("results", "Pre-appointment test results", "talk results talk_0123", async (session, s, ct) =>
            Show(session, await Talks(session).GetTestResultsAsync(new GetTalkRequest { TalkId = s.Id }, session.Call(ct))));
        talk.Add<NoteSettings>("close", "Close a talk once every follow-up is in", "talk close talk_0123 --note \"材料齐全\"", async (session, s, ct) =>
            Show(session, await Talks(session).CloseTalkAsync(new CloseTalkRequest { TalkId = s.Id, Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        talk.Add<IdSettings>("show", "Show a talk with participants, record, follow-ups and steps", "talk show talk_0123", async (session, s, ct) =>
            Show(session, await Talks(session).GetTalkAsync(new GetTalkRequest { TalkId = s.Id }, session.Call(ct))));
        talk.Add<ListSettings>("list", "List talks with filters; --clue for a clue's talks", "talk list --clue clue_0123 --wait 30", ListAsync);
        talk.Add<AgendaSettings>("agenda", "A talker's upcoming talks, by day (default: you)", "talk agenda --working-days 5", async (session, s, ct) =>
            Show(session, await Talks(session).GetAgendaAsync(new GetAgendaRequest { Talker = s.Talker ?? session.Subject ?? "", Days = s.Days, WorkingDays = s.WorkingDays }, session.Call(ct))));
        talk.Add<PeriodSettings>("stats", "Talks held and person-times (人次) by kind for a period", "talk stats --year 2026", async (session, s, ct) =>
        {
            var (from, to) = TimeArg.Period(s.From, s.To, s.Year, session.Clock);
            return Show(session, await Talks(session).GetTalkStatisticsAsync(new GetTalkStatisticsRequest { From = from, To = to }, session.Call(ct)));
        });
    });

    private static Client Talks(Session session) => session.Client<Client>();

    private static Timestamp Now(Session session) => Timestamp.FromDateTimeOffset(session.Clock.GetUtcNow());

    private static int Show(Session session, Google.Protobuf.IMessage message)
    {
        session.Output.Show(message);
        return ExitCodes.Ok;
    }

    private static async Task<int> RequestAsync(Session session, RequestSettings s, CancellationToken ct)
    {
        var request = new RequestTalkRequest
        {
            IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"),
            Kind = EnumArg.Parse<TalkKind>(s.Kind, "--kind"),
            Reason = s.Reason ?? "",
            Department = s.Department ?? "",
        };
        request.Participants.AddRange((s.Participants ?? []).Select(p => Participant(p, "--participant")));
        if (s.ParticipantsFile is { Length: > 0 } file)
        {
            var (rows, rejected) = await CsvRows.ReadAsync(session, file, "--participants", ["cadre_id", "name"], field =>
                new ParticipantInput { CadreId = Required(field, "cadre_id"), Name = Required(field, "name") });
            if (CsvRows.ReportRejected(session, rejected))
            {
                throw new CliException(ExitCodes.Usage, Texts.T("{0} rows of {1} cannot be used; nothing was sent.", rejected.Count, file), field: "--participants");
            }

            request.Participants.AddRange(rows);
        }

        return Show(session, await Talks(session).RequestTalkAsync(request, session.Call(ct)));
    }

    private static async Task<int> ScheduleAsync(Session session, ScheduleSettings s, bool reschedule, CancellationToken ct)
    {
        var start = TimeArg.Parse(s.Start, "--start", session.Clock);
        var request = new ScheduleTalkRequest
        {
            TalkId = s.Id,
            Start = start,
            End = TimeArg.Parse(s.End, "--end", session.Clock) ?? (start is null ? null : Timestamp.FromDateTimeOffset(start.ToDateTimeOffset().AddHours(1))),
            Place = s.Place ?? "",
            NoteTaker = s.NoteTaker ?? "",
            Reason = s.Reason ?? "",
            ExpectedVersion = s.ExpectedVersion,
        };
        request.Talkers.AddRange(s.Talkers ?? []);
        request.Participants.AddRange((s.Participants ?? []).Select(p => Participant(p, "--participant")));
        var client = Talks(session);
        return Show(session, reschedule ? await client.RescheduleTalkAsync(request, session.Call(ct)) : await client.ScheduleTalkAsync(request, session.Call(ct)));
    }

    private static async Task<int> RecordAsync(Session session, RecordSettings s, CancellationToken ct)
    {
        var client = Talks(session);
        var request = new RecordTalkHeldRequest { TalkId = s.Id, Summary = s.Summary ?? "", Statement = s.Statement ?? "", ExpectedVersion = s.ExpectedVersion };
        if (s.AttendanceFile is { Length: > 0 } file)
        {
            if (s.Absent is { Length: > 0 })
            {
                throw CliException.Usage("--absent", Texts.T("give --attendance or --absent, not both"));
            }

            var (rows, rejected) = await CsvRows.ReadAsync(session, file, "--attendance", ["cadre_id", "present"], field =>
                new Attendance { CadreId = Required(field, "cadre_id"), Present = Presence(field("present")) });
            if (CsvRows.ReportRejected(session, rejected))
            {
                throw new CliException(ExitCodes.Usage, Texts.T("{0} rows of {1} cannot be used; nothing was sent.", rejected.Count, file), field: "--attendance");
            }

            request.Attendance.AddRange(rows);
        }
        else
        {
            var talk = await client.GetTalkAsync(new GetTalkRequest { TalkId = s.Id }, session.Call(ct));
            var absent = (s.Absent ?? []).ToHashSet(StringComparer.Ordinal);
            var unknown = absent.Where(a => talk.Participants.All(p => p.CadreId != a)).ToList();
            if (unknown.Count > 0)
            {
                throw CliException.Usage("--absent", Texts.T("not a participant of this talk: {0}", string.Join(", ", unknown)));
            }

            request.Attendance.AddRange(talk.Participants.Select(p => new Attendance { CadreId = p.CadreId, Present = !absent.Contains(p.CadreId) }));
        }

        foreach (var signature in s.Signatures ?? [])
        {
            var parts = signature.Split('@', 2);
            request.Signatures.Add(new Signature { Who = parts[0].Trim(), At = parts.Length == 2 ? TimeArg.Parse(parts[1], "--signature", session.Clock) : Now(session) });
        }

        request.FollowUps.AddRange(EnumArg.ParseAll<FollowUpKind>(s.FollowUps, "--follow-up"));
        request.Attachments.AddRange((s.Attachments ?? []).Select(a => Specs.Attachment(a, "--attachment")));
        return Show(session, await client.RecordTalkHeldAsync(request, session.Call(ct)));
    }

    private static async Task<int> ScoresAsync(Session session, ScoresSettings s, CancellationToken ct)
    {
        var request = new RecordTestScoresRequest { TalkId = s.Id, ExpectedVersion = s.ExpectedVersion };
        foreach (var score in s.Scores ?? [])
        {
            var parts = score.Split(':', 2);
            if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw CliException.Usage("--score", Texts.T("'{0}' is not cadre:score, e.g. cadre-001:85", score));
            }

            request.Scores.Add(new TestScore { CadreId = parts[0].Trim(), Score = value });
        }

        if (s.ScoresFile is { Length: > 0 } file)
        {
            var (rows, rejected) = await CsvRows.ReadAsync(session, file, "--scores", ["cadre_id", "score"], field =>
                new TestScore
                {
                    CadreId = Required(field, "cadre_id"),
                    Score = int.TryParse(field("score"), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : throw CliException.Usage("score", Texts.T("'{0}' is not a number", field("score"))),
                });
            if (CsvRows.ReportRejected(session, rejected))
            {
                throw new CliException(ExitCodes.Usage, Texts.T("{0} rows of {1} cannot be used; nothing was sent.", rejected.Count, file), field: "--scores");
            }

            request.Scores.AddRange(rows);
        }

        return Show(session, await Talks(session).RecordTestScoresAsync(request, session.Call(ct)));
    }

    private static async Task<int> ListAsync(Session session, ListSettings s, CancellationToken ct)
    {
        var client = Talks(session);
        var request = new ListTalksRequest
        {
            Kind = EnumArg.Parse<TalkKind>(s.Kind, "--kind"),
            Status = EnumArg.Parse<TalkStatus>(s.Status, "--status"),
            CadreId = s.CadreId ?? "",
            Talker = s.Talker ?? "",
            StartFrom = TimeArg.Parse(s.From, "--from", session.Clock),
            StartTo = TimeArg.Parse(s.To, "--to", session.Clock),
            OverdueOnly = s.Overdue,
            DueWithinWorkingDays = s.DueWithin,
            ClueId = s.ClueId ?? "",
            PageSize = s.PageSize,
        };
        return Show(session, await Lists.FetchAsync(s, async token =>
        {
            request.PageToken = token;
            return await client.ListTalksAsync(request, session.Call(ct));
        }));
    }

    private static ParticipantInput Participant(string spec, string option)
    {
        var parts = spec.Split([',', '，'], 2);
        return parts.Length == 2 && parts[0].Trim().Length > 0
            ? new ParticipantInput { CadreId = parts[0].Trim(), Name = parts[1].Trim() }
            : throw CliException.Usage(option, Texts.T("'{0}' is not cadre_id,name", spec));
    }

    private static string Required(Func<string, string> field, string column) =>
        field(column) is { Length: > 0 } value ? value : throw CliException.Usage(column, Texts.T("is empty"));

    private static bool Presence(string value)
    {
        var text = value.Trim().ToLowerInvariant();
        return Yes.Contains(text) ? true : No.Contains(text) ? false : throw CliException.Usage("present", Texts.T("'{0}' is neither yes nor no", value));
    }

    internal sealed class RequestSettings : GlobalSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--kind <KIND>")]
        [Text("reminder, admonishment, pre-appointment, collective-integrity or heart-to-heart")]
        public string? Kind { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why the talk is held")]
        public string? Reason { get; set; }

        [CommandOption("--participant <CADRE>")]
        [Text("A participant: cadre_id,name (repeatable)")]
        public string[]? Participants { get; set; }

        [CommandOption("--participants <CSV>")]
        [Text("Participants from a CSV file with the columns cadre_id,name")]
        public string? ParticipantsFile { get; set; }

        [CommandOption("--dept <ID>")]
        [Text("The department whose handlers work it (a handler: their own)")]
        public string? Department { get; set; }
    }

    internal sealed class ScheduleSettings : ChangeSettings
    {
        [CommandOption("--start <TIME>")]
        [Text("Start: YYYY-MM-DD HH:mm (China Standard Time) or +30m, +2h, +1d")]
        public string? Start { get; set; }

        [CommandOption("--end <TIME>")]
        [Text("End (default one hour after the start)")]
        public string? End { get; set; }

        [CommandOption("--place <TEXT>")]
        [Text("Where")]
        public string? Place { get; set; }

        [CommandOption("--talker <NAME>")]
        [Text("Who talks; at least two for an inquiry talk (repeatable)")]
        public string[]? Talkers { get; set; }

        [CommandOption("--note-taker <NAME>")]
        [Text("Who takes the record (not a talker)")]
        public string? NoteTaker { get; set; }

        [CommandOption("--participant <CADRE>")]
        [Text("Replace the participants: cadre_id,name (repeatable)")]
        public string[]? Participants { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why it is rescheduled")]
        public string? Reason { get; set; }
    }

    internal sealed class RecordSettings : ChangeSettings
    {
        [CommandOption("--attendance <CSV>")]
        [Text("Attendance from a CSV file with the columns cadre_id,present (yes/no); every participant once")]
        public string? AttendanceFile { get; set; }

        [CommandOption("--absent <CADRE_ID>")]
        [Text("A participant who was absent; everyone else was present (repeatable)")]
        public string[]? Absent { get; set; }

        [CommandOption("--summary <TEXT>")]
        [Text("The record of the talk")]
        public string? Summary { get; set; }

        [CommandOption("--statement <TEXT>")]
        [Text("The participant's statement")]
        public string? Statement { get; set; }

        [CommandOption("--signature <WHO>")]
        [Text("Who signed the record, optionally who@time (repeatable)")]
        public string[]? Signatures { get; set; }

        [CommandOption("--follow-up <KIND>")]
        [Text("A follow-up owed by each present participant: written-explanation, self-criticism, rectification-report or commitment-letter (repeatable)")]
        public string[]? FollowUps { get; set; }

        [CommandOption("--attachment <ATTACHMENT>")]
        [Text("An attachment: name,sha256,size,uri[,media type] (repeatable)")]
        public string[]? Attachments { get; set; }
    }

    internal sealed class FollowUpSettings : ChangeSettings
    {
        [CommandOption("--follow-up-id <ID>")]
        [Text("Which follow-up (talk show lists them)")]
        public string? FollowUpId { get; set; }

        [CommandOption("--reference <TEXT>")]
        [Text("Reference of the document")]
        public string? Reference { get; set; }

        [CommandOption("--received-at <TIME>")]
        [Text("When it arrived (default now)")]
        public string? ReceivedAt { get; set; }

        [CommandOption("--countersigned-by <NAME>")]
        [Text("For a 诫勉 written explanation: the principal leader who countersigned it")]
        public string? CountersignedBy { get; set; }

        [CommandOption("--countersigned-at <TIME>")]
        [Text("When it was countersigned (default now)")]
        public string? CountersignedAt { get; set; }
    }

    internal sealed class FilingSettings : ChangeSettings
    {
        [CommandOption("--recipient <RECIPIENT>")]
        [Text("upper-discipline-commission or organisation-department")]
        public string? Recipient { get; set; }

        [CommandOption("--filed-by <NAME>")]
        [Text("Who filed it")]
        public string? FiledBy { get; set; }

        [CommandOption("--filed-at <TIME>")]
        [Text("When (default now)")]
        public string? FiledAt { get; set; }
    }

    internal sealed class ScoresSettings : ChangeSettings
    {
        [CommandOption("--score <SCORE>")]
        [Text("cadre_id:score, 0 to 100 (repeatable)")]
        public string[]? Scores { get; set; }

        [CommandOption("--scores <CSV>")]
        [Text("Scores from a CSV file with the columns cadre_id,score")]
        public string? ScoresFile { get; set; }
    }

    internal sealed class ListSettings : PageSettings
    {
        [CommandOption("--kind <KIND>")]
        [Text("Only this kind")]
        public string? Kind { get; set; }

        [CommandOption("--status <STATUS>")]
        [Text("Only this status")]
        public string? Status { get; set; }

        [CommandOption("--cadre <ID>")]
        [Text("Only talks with this participant")]
        public string? CadreId { get; set; }

        [CommandOption("--talker <NAME>")]
        [Text("Only talks by this talker")]
        public string? Talker { get; set; }

        [CommandOption("--from <TIME>")]
        [Text("Starting at or after")]
        public string? From { get; set; }

        [CommandOption("--to <TIME>")]
        [Text("Starting before")]
        public string? To { get; set; }

        [CommandOption("--overdue")]
        [Text("Only those with overdue work (scheduling, follow-ups)")]
        public bool Overdue { get; set; }

        [CommandOption("--due-within <WORKING_DAYS>")]
        [Text("Only those with work due within this many working days (overdue included)")]
        public int DueWithin { get; set; }

        [CommandOption("--clue <CLUE_ID>")]
        [Text("Only the talks of this clue")]
        public string? ClueId { get; set; }
    }

    internal sealed class AgendaSettings : GlobalSettings
    {
        [CommandOption("--talker <NAME>")]
        [Text("Whose agenda (default: the signed-in subject)")]
        public string? Talker { get; set; }

        [CommandOption("--days <N>")]
        [Text("Days from today, 1 to 31 (default 7)")]
        public int Days { get; set; }

        [CommandOption("--working-days <N>")]
        [Text("Working days from today instead, 1 to 23")]
        public int WorkingDays { get; set; }
    }
}
