using System.Globalization;
using Accountability.Admin.Cli;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Spectre.Console.Cli;
using Client = Accountability.Protos.Clues.V1.Clues.CluesClient;

namespace Accountability.Admin.Commands;

/// <summary>Problem clues (问题线索处置): the ledger, assignment, disposal by collective decision, inquiry, verification, outcomes.</summary>
internal sealed class ClueCommands : ICommandGroup
{
    public int Order => 20;

    public void Configure(CommandBuilder commands) => commands.Branch("clue", "Problem clues (问题线索处置)", clue =>
    {
        clue.Add<RegisterSettings>("register", "Register a clue from a source other than a petition", "clue register --source inspection-tour --source-ref \"市委第二巡察组移交\" --subject \"李四,河西镇人民政府,副镇长,township\" --summary \"反映其收受工程回扣\"", RegisterAsync);
        clue.Add<IdSettings>("show", "Show a clue with its deadlines, steps and outcomes", "clue show clue_0123", async (session, s, ct) =>
            Show(session, await Clues(session).GetClueAsync(new GetClueRequest { ClueId = s.Id }, session.Call(ct))));
        clue.Add<ListSettings>("list", "The ledger (线索台账) with filters", "clue list --status assigned --due-within 5", (session, s, ct) => ListAsync(session, s, s.Overdue, ct));
        clue.Add<ListSettings>("overdue", "Clues with an overdue deadline", "clue overdue", (session, s, ct) => ListAsync(session, s, true, ct));
        clue.Add<AssignSettings>("assign", "Assign a clue to a department and handler", "clue assign clue_0123 --dept dept-1 --handler handler-li", async (session, s, ct) =>
            Show(session, await Clues(session).AssignClueAsync(new AssignClueRequest { ClueId = s.Id, Department = s.Department ?? "", Handler = s.Handler ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<FlagSettings>("flag-upper", "Mark a subject as a key official reported to the upper organ", "clue flag-upper clue_0123 --subject-index 0 --key-official subordinate-principal", async (session, s, ct) =>
            Show(session, await Clues(session).FlagForUpperReportAsync(new FlagForUpperReportRequest { ClueId = s.Id, SubjectIndex = s.SubjectIndex, KeyOfficial = EnumArg.Parse<KeyOfficial>(s.KeyOfficial, "--key-official"), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<DisposeSettings>("dispose", "Decide the disposal (处置) with the collective decision record (集体研究)", "clue dispose clue_0123 --method talk-inquiry --meeting-date today --attendee 王书记 --attendee 赵主任 --approver 王书记 --reason \"一般性问题\"", async (session, s, ct) =>
        {
            var decision = new CollectiveDecision { MeetingDate = TimeArg.Date(s.MeetingDate, "--meeting-date", session.Clock), Approver = s.Approver ?? "" };
            decision.Attendees.AddRange(s.Attendees ?? []);
            return Show(session, await Clues(session).DecideDisposalAsync(new DecideDisposalRequest { ClueId = s.Id, Method = EnumArg.Parse<DisposalMethod>(s.Method, "--method"), CollectiveDecision = decision, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct)));
        });
        clue.Add<LetterSettings>("send-letter", "Send the inquiry letter (函询); the reply is due in 15 working days", "clue send-letter clue_0123 --letter-ref \"函询〔2026〕1号\"", async (session, s, ct) =>
            Show(session, await Clues(session).SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = s.Id, LetterReference = s.LetterReference ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<TalkRequestSettings>("request-talk", "Ask the Talks service for the inquiry talk (谈话)", "clue request-talk clue_0123 --talker 王书记 --talker 赵主任", async (session, s, ct) =>
        {
            var request = new RequestInquiryTalkRequest { ClueId = s.Id, Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion };
            request.Talkers.AddRange(s.Talkers ?? []);
            return Show(session, await Clues(session).RequestInquiryTalkAsync(request, session.Call(ct)));
        });
        clue.Add<ReplySettings>("record-reply", "Record the subject's written reply, countersigned by their Party secretary", "clue record-reply clue_0123 --reply-ref \"李四复函\" --countersigned-by \"河西镇党委书记\"", async (session, s, ct) =>
            Show(session, await Clues(session).RecordInquiryReplyAsync(new RecordInquiryReplyRequest { ClueId = s.Id, ReplyReference = s.ReplyReference ?? "", CountersignedBy = s.CountersignedBy ?? "", ReceivedAt = TimeArg.Parse(s.ReceivedAt, "--received-at", session.Clock), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<TalkHeldSettings>("record-talk", "Record an inquiry talk held outside the Talks service", "clue record-talk clue_0123 --transcript-ref \"谈话笔录\" --held-at \"2026-03-04 10:00\"", async (session, s, ct) =>
            Show(session, await Clues(session).RecordInquiryTalkHeldAsync(new RecordInquiryTalkHeldRequest { ClueId = s.Id, TranscriptReference = s.TranscriptReference ?? "", HeldAt = TimeArg.Parse(s.HeldAt, "--held-at", session.Clock), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<ReportInquirySettings>("report-inquiry", "Report on the inquiry with a proposal (due 1 month after the reply or talk)", "clue report-inquiry clue_0123 --proposal first-form --measure 0:talk-reminder --findings \"问题属实但情节轻微\" --approver 王书记", ReportInquiryAsync);
        clue.Add<PlanSettings>("plan-verification", "Plan the preliminary verification (初步核实): a team of at least two", "clue plan-verification clue_0123 --member 核查员甲 --member 核查员乙 --plan-ref \"初核方案\" --approver 王书记", async (session, s, ct) =>
        {
            var request = new PlanVerificationRequest { ClueId = s.Id, PlanReference = s.PlanReference ?? "", Approver = s.Approver ?? "", ExpectedVersion = s.ExpectedVersion };
            request.Team.AddRange(s.Members ?? []);
            return Show(session, await Clues(session).PlanVerificationAsync(request, session.Call(ct)));
        });
        clue.Add<MeasureSettings>("record-measure", "Record an approved verification measure", "clue record-measure clue_0123 --measure \"调取银行流水\" --approver 王书记", async (session, s, ct) =>
            Show(session, await Clues(session).RecordVerificationMeasureAsync(new RecordVerificationMeasureRequest { ClueId = s.Id, Measure = s.Measure ?? "", Approver = s.Approver ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<ExtendSettings>("extend-verification", "Extend the verification once", "clue extend-verification clue_0123 --reason \"需调取外地资料\" --approver 王书记", async (session, s, ct) =>
            Show(session, await Clues(session).ExtendVerificationAsync(new ExtendVerificationRequest { ClueId = s.Id, Reason = s.Reason ?? "", Approver = s.Approver ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<ReportVerificationSettings>("report-verification", "Report the verification, signed by every team member", "clue report-verification clue_0123 --outcome file-case --report-ref \"初核报告\" --signed-by 核查员甲 --signed-by 核查员乙 --approver 王书记", async (session, s, ct) =>
        {
            var request = new ReportVerificationRequest { ClueId = s.Id, Outcome = EnumArg.Parse<VerificationOutcome>(s.Outcome, "--outcome"), ReportReference = s.ReportReference ?? "", Approver = s.Approver ?? "", ExpectedVersion = s.ExpectedVersion };
            request.SignedBy.AddRange(s.SignedBy ?? []);
            return Show(session, await Clues(session).ReportVerificationAsync(request, session.Call(ct)));
        });
        clue.Add<OutcomeSettings>("record-outcome", "Record an outcome for a subject of a filed case (处分, 组织处理, 诫勉...)", "clue record-outcome clue_0123 --subject-index 0 --kind party-serious-warning --decided-on today --approved-on today", async (session, s, ct) =>
            Show(session, await Clues(session).RecordOutcomeAsync(new RecordOutcomeRequest
            {
                ClueId = s.Id,
                SubjectIndex = s.SubjectIndex,
                Kind = EnumArg.Parse<OutcomeKind>(s.Kind, "--kind"),
                DecidedOn = TimeArg.Date(s.DecidedOn, "--decided-on", session.Clock),
                ApprovedOn = TimeArg.Date(s.ApprovedOn, "--approved-on", session.Clock),
                CaseCategory = s.Category ?? "",
                TermMonths = s.TermMonths,
                ExpectedVersion = s.ExpectedVersion,
            }, session.Call(ct))));
        clue.Add<SummarySettings>("conclude", "Conclude a filed case once every subject has an outcome", "clue conclude clue_0123 --summary \"案件审结\"", async (session, s, ct) =>
            Show(session, await Clues(session).ConcludeCaseAsync(new ConcludeCaseRequest { ClueId = s.Id, Summary = s.Summary ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<ReviewHoldSettings>("review-hold", "Review a held clue; --reopen on new information", "clue review-hold clue_0123 --note \"暂无新情况\"", async (session, s, ct) =>
            Show(session, await Clues(session).ReviewHoldAsync(new ReviewHoldRequest { ClueId = s.Id, Reopen = s.Reopen, Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<FalseAccusationSettings>("false-accusation", "Record a false-accusation finding (诬告陷害), approved at prefecture level or above", "clue false-accusation clue_0123 --findings \"伪造收据\" --approving-organ org-city --approver 王书记", async (session, s, ct) =>
            Show(session, await Clues(session).RecordFalseAccusationAsync(new RecordFalseAccusationRequest { ClueId = s.Id, Findings = s.Findings ?? "", ApprovingOrganId = s.ApprovingOrgan ?? "", Approver = s.Approver ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        clue.Add<PeriodSettings>("stats", "Period figures: registered, disposals, outcomes, four-forms person-times", "clue stats --year 2026", async (session, s, ct) =>
        {
            var (from, to) = TimeArg.Period(s.From, s.To, s.Year, session.Clock);
            return Show(session, await Clues(session).GetClueStatisticsAsync(new GetClueStatisticsRequest { From = from, To = to }, session.Call(ct)));
        });
        clue.Add<WaitSettings>("wait", "Wait until a clue reaches a status (events travel between services)", "clue wait clue_0123 --status inquiry-answered --timeout 30", async (session, s, ct) =>
        {
            var status = EnumArg.Parse<ClueStatus>(s.Status, "--status");
            var client = Clues(session);
            return Show(session, await Lists.WaitAsync(s.Timeout, () => client.GetClueAsync(new GetClueRequest { ClueId = s.Id }, session.Call(ct)).ResponseAsync, c => c.Status == status));
        });
    });

    private static Client Clues(Session session) => session.Client<Client>();

    private static int Show(Session session, Google.Protobuf.IMessage message)
    {
        session.Output.Show(message);
        return ExitCodes.Ok;
    }

    private static async Task<int> RegisterAsync(Session session, RegisterSettings s, CancellationToken ct)
    {
        var request = new RegisterClueRequest
        {
            IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"),
            Source = EnumArg.Parse<ClueSource>(s.Source, "--source"),
            SourceReference = s.SourceReference ?? "",
            Summary = s.Summary ?? "",
            ReceivedAt = TimeArg.Parse(s.ReceivedAt, "--received-at", session.Clock),
        };
        foreach (var spec in s.Subjects ?? [])
        {
            var (name, unit, post, level, cadreId) = Specs.Person(spec, "--subject");
            request.Subjects.Add(new ClueSubject { Name = name, Unit = unit, Post = post, Level = level, CadreId = cadreId });
        }

        request.Disciplines.AddRange(EnumArg.ParseAll<Discipline>(s.Disciplines, "--discipline"));
        return Show(session, await Clues(session).RegisterClueAsync(request, session.Call(ct)));
    }

    private static async Task<int> ListAsync(Session session, ListSettings s, bool overdue, CancellationToken ct)
    {
        var client = Clues(session);
        var request = new ListCluesRequest
        {
            Source = EnumArg.Parse<ClueSource>(s.Source, "--source"),
            Department = s.Department ?? "",
            CadreId = s.CadreId ?? "",
            OverdueOnly = overdue,
            DueWithinWorkingDays = s.DueWithin,
            PageSize = s.PageSize,
        };
        request.Statuses.AddRange(EnumArg.ParseAll<ClueStatus>(s.Statuses, "--status"));
        return Show(session, await Lists.FetchAsync(s, async token =>
        {
            request.PageToken = token;
            return await client.ListCluesAsync(request, session.Call(ct));
        }));
    }

    private static async Task<int> ReportInquiryAsync(Session session, ReportInquirySettings s, CancellationToken ct)
    {
        var request = new ReportInquiryRequest
        {
            ClueId = s.Id,
            Proposal = EnumArg.Parse<InquiryProposal>(s.Proposal, "--proposal"),
            ReplyUntruthful = s.Untruthful,
            Findings = s.Findings ?? "",
            ClearanceLetterReference = s.ClearanceLetter ?? "",
            Approver = s.Approver ?? "",
            ExpectedVersion = s.ExpectedVersion,
        };
        foreach (var measure in s.Measures ?? [])
        {
            var parts = measure.Split(':', 2);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                throw CliException.Usage("--measure", Texts.T("'{0}' is not subject-index:outcome-kind, e.g. 0:talk-reminder", measure));
            }

            request.Measures.Add(new SubjectMeasure { SubjectIndex = index, Kind = EnumArg.Parse<OutcomeKind>(parts[1], "--measure") });
        }

        return Show(session, await Clues(session).ReportInquiryAsync(request, session.Call(ct)));
    }

    internal sealed class RegisterSettings : GlobalSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--source <SOURCE>")]
        [Text("inspection-tour, audit, supervision, case-handling, judicial-transfer, other-organ-transfer or personal-matters-check")]
        public string? Source { get; set; }

        [CommandOption("--source-ref <TEXT>")]
        [Text("The source's reference")]
        public string? SourceReference { get; set; }

        [CommandOption("--subject <PERSON>")]
        [Text("A subject: name,unit,post,level[,cadre_id] (repeatable)")]
        public string[]? Subjects { get; set; }

        [CommandOption("--summary <TEXT>")]
        [Text("What the clue says")]
        public string? Summary { get; set; }

        [CommandOption("--discipline <DISCIPLINE>")]
        [Text("Disciplines concerned (repeatable)")]
        public string[]? Disciplines { get; set; }

        [CommandOption("--received-at <TIME>")]
        [Text("When the source handed it over (default now)")]
        public string? ReceivedAt { get; set; }
    }

    internal sealed class ListSettings : DeadlineListSettings
    {
        [CommandOption("--status <STATUS>")]
        [Text("Only these statuses, e.g. registered, assigned, inquiry-answered (repeatable)")]
        public string[]? Statuses { get; set; }

        [CommandOption("--source <SOURCE>")]
        [Text("Only this source")]
        public string? Source { get; set; }

        [CommandOption("--dept <ID>")]
        [Text("Only this department's (a handler sees only their own)")]
        public string? Department { get; set; }

        [CommandOption("--cadre <ID>")]
        [Text("Only clues about this cadre")]
        public string? CadreId { get; set; }
    }

    internal sealed class AssignSettings : ChangeSettings
    {
        [CommandOption("--dept <ID>")]
        [Text("The handling department")]
        public string? Department { get; set; }

        [CommandOption("--handler <NAME>")]
        [Text("The handler (custodian of the clue)")]
        public string? Handler { get; set; }
    }

    internal sealed class FlagSettings : ChangeSettings
    {
        [CommandOption("--subject-index <N>")]
        [Text("Which subject, 0-based")]
        public int SubjectIndex { get; set; }

        [CommandOption("--key-official <KIND>")]
        [Text("committee-member, discipline-standing-member, supervisory-member or subordinate-principal")]
        public string? KeyOfficial { get; set; }
    }

    internal sealed class DisposeSettings : ChangeSettings
    {
        [CommandOption("--method <METHOD>")]
        [Text("talk-inquiry, preliminary-verification, hold, close or transfer-investigation")]
        public string? Method { get; set; }

        [CommandOption("--meeting-date <DAY>")]
        [Text("Day of the clue-review meeting (集体研究), YYYY-MM-DD or today")]
        public string? MeetingDate { get; set; }

        [CommandOption("--attendee <NAME>")]
        [Text("A meeting attendee; at least two (repeatable)")]
        public string[]? Attendees { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why (written to the record)")]
        public string? Reason { get; set; }
    }

    internal sealed class LetterSettings : ChangeSettings
    {
        [CommandOption("--letter-ref <TEXT>")]
        [Text("Reference of the letter in the document system")]
        public string? LetterReference { get; set; }
    }

    internal sealed class TalkRequestSettings : ChangeSettings
    {
        [CommandOption("--talker <NAME>")]
        [Text("Who talks with the subject; at least two (repeatable)")]
        public string[]? Talkers { get; set; }

        [CommandOption("--note <TEXT>")]
        [Text("A note for the record")]
        public string? Note { get; set; }
    }

    internal sealed class ReplySettings : ChangeSettings
    {
        [CommandOption("--reply-ref <TEXT>")]
        [Text("Reference of the written reply")]
        public string? ReplyReference { get; set; }

        [CommandOption("--countersigned-by <NAME>")]
        [Text("The subject's Party secretary who countersigned it")]
        public string? CountersignedBy { get; set; }

        [CommandOption("--received-at <TIME>")]
        [Text("When the reply arrived (default now)")]
        public string? ReceivedAt { get; set; }
    }

    internal sealed class TalkHeldSettings : ChangeSettings
    {
        [CommandOption("--transcript-ref <TEXT>")]
        [Text("Reference of the talk transcript")]
        public string? TranscriptReference { get; set; }

        [CommandOption("--held-at <TIME>")]
        [Text("When the talk was held")]
        public string? HeldAt { get; set; }
    }

    internal sealed class ReportInquirySettings : ChangeSettings
    {
        [CommandOption("--proposal <PROPOSAL>")]
        [Text("accept-and-close, first-form, inquire-again or escalate")]
        public string? Proposal { get; set; }

        [CommandOption("--findings <TEXT>")]
        [Text("What the inquiry found")]
        public string? Findings { get; set; }

        [CommandOption("--measure <MEASURE>")]
        [Text("For first-form: subject-index:kind, e.g. 0:talk-reminder, 0:admonishment (repeatable)")]
        public string[]? Measures { get; set; }

        [CommandOption("--untruthful")]
        [Text("The reply was judged untruthful (对抗组织审查)")]
        public bool Untruthful { get; set; }

        [CommandOption("--clearance-letter <TEXT>")]
        [Text("For accept-and-close: reference of the clearance letter to the subject")]
        public string? ClearanceLetter { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }
    }

    internal sealed class PlanSettings : ChangeSettings
    {
        [CommandOption("--member <NAME>")]
        [Text("A team member; at least two (repeatable)")]
        public string[]? Members { get; set; }

        [CommandOption("--plan-ref <TEXT>")]
        [Text("Reference of the work plan")]
        public string? PlanReference { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }
    }

    internal sealed class MeasureSettings : ChangeSettings
    {
        [CommandOption("--measure <TEXT>")]
        [Text("The measure taken")]
        public string? Measure { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }
    }

    internal sealed class ExtendSettings : ChangeSettings
    {
        [CommandOption("--reason <TEXT>")]
        [Text("Why (written to the record)")]
        public string? Reason { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }
    }

    internal sealed class ReportVerificationSettings : ChangeSettings
    {
        [CommandOption("--outcome <OUTCOME>")]
        [Text("file-case, close, talk-reminder, hold or transfer")]
        public string? Outcome { get; set; }

        [CommandOption("--report-ref <TEXT>")]
        [Text("Reference of the verification report")]
        public string? ReportReference { get; set; }

        [CommandOption("--signed-by <NAME>")]
        [Text("A team member who signed the report; all must (repeatable)")]
        public string[]? SignedBy { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }
    }

    internal sealed class OutcomeSettings : ChangeSettings
    {
        [CommandOption("--subject-index <N>")]
        [Text("Which subject, 0-based")]
        public int SubjectIndex { get; set; }

        [CommandOption("--kind <KIND>")]
        [Text("e.g. talk-reminder, admonishment, party-warning, party-serious-warning, gov-demerit, org-removal, prosecution-referral")]
        public string? Kind { get; set; }

        [CommandOption("--decided-on <DAY>")]
        [Text("Day of the decision, YYYY-MM-DD or today")]
        public string? DecidedOn { get; set; }

        [CommandOption("--approved-on <DAY>")]
        [Text("Day of the approval, YYYY-MM-DD or today")]
        public string? ApprovedOn { get; set; }

        [CommandOption("--category <TEXT>")]
        [Text("A free case category for the period report, e.g. 醉驾 or 违反党纪 (the report quotes those two)")]
        public string? Category { get; set; }

        [CommandOption("--term-months <N>")]
        [Text("留党察看 only: the probation term, 12 or 24 months")]
        public int TermMonths { get; set; }
    }

    internal sealed class SummarySettings : ChangeSettings
    {
        [CommandOption("--summary <TEXT>")]
        [Text("Summary for the record")]
        public string? Summary { get; set; }
    }

    internal sealed class ReviewHoldSettings : ChangeSettings
    {
        [CommandOption("--reopen")]
        [Text("New information: reopen the clue")]
        public bool Reopen { get; set; }

        [CommandOption("--note <TEXT>")]
        [Text("A note for the record")]
        public string? Note { get; set; }
    }

    internal sealed class FalseAccusationSettings : ChangeSettings
    {
        [CommandOption("--findings <TEXT>")]
        [Text("What the verification found")]
        public string? Findings { get; set; }

        [CommandOption("--approving-organ <ID>")]
        [Text("The approving organ, prefecture level or above")]
        public string? ApprovingOrgan { get; set; }

        [CommandOption("--approver <NAME>")]
        [Text("Who approved it")]
        public string? Approver { get; set; }
    }
}
