using System.Globalization;
using Accountability.Admin.Cli;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Tolerance.V1;
using Google.Protobuf;
using Spectre.Console.Cli;
using Client = Accountability.Protos.Tolerance.V1.Tolerance.ToleranceClient;

namespace Accountability.Admin.Commands;

/// <summary>
/// Accountability and error tolerance (问责与容错纠错): matters, tolerance applications through
/// verification, committee, votes and decision, accountability decisions with appeals, rectification
/// tasks, continued-use reviews, the eligibility rules and the figures.
/// </summary>
internal sealed class ToleranceCommands : ICommandGroup
{
    private const string Person = "张明,清水县经济开发区管委会,主任,county,cadre-zhang";

    public int Order => 35;

    public void Configure(CommandBuilder commands) => commands.Branch("tolerance", "Accountability and error tolerance (问责与容错纠错)", t =>
    {
        // Matters.
        t.Add<OpenSettings>("open", "Open an accountability matter (问责事项) after an incident, an inspection or an audit finding", $"tolerance open --source audit --source-ref \"县审计局审计报告〔2026〕4号\" --facts \"土地租赁试点造成国有资产损失\" --duty \"未充分评估试点风险\" --cadre \"{Person}\"", OpenAsync);
        t.Add<IdSettings>("show", "Show a matter with its targets and steps", "tolerance show matter_0123", async (session, s, ct) =>
            Show(session, await Tolerance(session).GetMatterAsync(new GetMatterRequest { MatterId = s.Id }, session.Call(ct))));
        t.Add<MatterListSettings>("list", "List matters (newest first); --wait for a matter proposed from a clue", "tolerance list --cadre c-qingshui-hexi-03 --wait 30", async (session, s, ct) =>
        {
            var client = Tolerance(session);
            var request = new ListMattersRequest { Status = EnumArg.Parse<MatterStatus>(s.Status, "--status"), Source = EnumArg.Parse<MatterSource>(s.Source, "--source"), CadreId = s.CadreId ?? "", PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListMattersAsync(request, session.Call(ct));
            }));
        });
        t.Add<NoteSettings>("close", "Close a matter once every target is decided and no rectification task is open (supervisors)", "tolerance close matter_0123 --note \"整改完成\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).CloseMatterAsync(new CloseMatterRequest { MatterId = s.Id, Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));

        // Tolerance applications.
        t.Add<ApplySettings>("apply", "Record a cadre's written tolerance application (容错申请) for a target of a matter", "tolerance apply matter_0123 --target t1 --applicant 张明 --reference \"容错免责申请书\" --ground unrestricted-exploration --mitigation remedial-action", (session, s, ct) => ApplyAsync(session, s, ct));
        t.Add<NoteSettings>("accept", "Accept an application (受理, supervisors); verification is due in 20 working days", "tolerance accept application_0123 --note \"符合受理条件\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).AcceptApplicationAsync(new AcceptApplicationRequest { ApplicationId = s.Id, Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<ReasonSettings>("reject", "Do not accept an application (不予受理, supervisors), with the reason given to the applicant", "tolerance reject application_0123 --reason \"不属于容错情形\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).RejectApplicationAsync(new RejectApplicationRequest { ApplicationId = s.Id, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<VerifySettings>("verify", "Record the verification (核实): facts, the six factors with evidence, grounds; the rules evaluate it", "tolerance verify application_0123 --collective-decision --losses-recovered 40 --factors factors.csv --ground unrestricted-exploration --mitigation remedial-action --summary \"经核实，情况属实\"", VerifyAsync);
        t.Add<CommitteeSettings>("committee", "Convene the committee (supervisors): members, from a CSV or one by one; who must recuse is recorded", "tolerance committee application_0123 --name 县纪委常委会 --meeting-date today --member \"m1,纪委书记 陈,县纪委\" --member \"m2,纪委副书记 林,县纪委机关\" --member \"m3,监委委员 黄,县监委\"", CommitteeAsync);
        t.Add<VoteSettings>("vote", "Record a committee member's vote (supervisors)", "tolerance vote application_0123 --member m1 --outcome exempted --opinion 同意", async (session, s, ct) =>
            Show(session, await Tolerance(session).RecordVoteAsync(new RecordVoteRequest { ApplicationId = s.Id, MemberId = s.Member ?? "", Outcome = EnumArg.Parse<ToleranceOutcome>(s.Outcome, "--outcome"), Opinion = s.Opinion ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<DecideSettings>("decide", "Decide an application (认定, supervisors): needs a quorum and a majority; other votes are recorded dissent", "tolerance decide application_0123 --outcome exempted", async (session, s, ct) =>
            Show(session, await Tolerance(session).DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = s.Id, Outcome = EnumArg.Parse<ToleranceOutcome>(s.Outcome, "--outcome"), Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<ReasonSettings>("new-round", "Start a new voting round when the committee cannot reach a majority (supervisors); the closed round's votes are kept", "tolerance new-round application_0123 --reason \"表决意见分散，无法形成多数\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).StartVotingRoundAsync(new StartVotingRoundRequest { ApplicationId = s.Id, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<ReasonSettings>("withdraw", "Withdraw an application before its decision (撤回, supervisors), with the reason; the decision on the target stops waiting for it", "tolerance withdraw application_0123 --reason \"申请人书面撤回\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).WithdrawApplicationAsync(new WithdrawApplicationRequest { ApplicationId = s.Id, Reason = s.Reason ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<FeedbackSettings>("feedback", "Record the written result delivered to the applicant (书面反馈)", "tolerance feedback application_0123 --reference \"容错认定结果告知书\" --method 书面送达", async (session, s, ct) =>
            Show(session, await Tolerance(session).RecordFeedbackAsync(new RecordFeedbackRequest { ApplicationId = s.Id, DeliveredOn = TimeArg.Date(s.DeliveredOn ?? "today", "--delivered-on", session.Clock), Reference = s.Reference ?? "", Method = s.Method ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<FilingSettings>("file", "File the tolerance decision (报备) with the organisation department or the Party committee", "tolerance file application_0123 --with org-dept", async (session, s, ct) =>
            Show(session, await Tolerance(session).FileToleranceDecisionAsync(new FileToleranceDecisionRequest { ApplicationId = s.Id, FiledWith = EnumArg.Parse<FilingRecipient>(s.With, "--with"), FiledOn = TimeArg.Date(s.FiledOn, "--filed-on", session.Clock), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<PublishSettings>("publish", "Publish a tolerated outcome (免责通报, supervisors) after filing", "tolerance publish application_0123 --scope 全县范围 --notice \"免责通报\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).PublishToleranceDecisionAsync(new PublishToleranceDecisionRequest { ApplicationId = s.Id, Scope = s.Scope ?? "", Notice = s.Notice ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<IdSettings>("application", "Show an application with its verification, evaluation, committee, decision and deadlines", "tolerance application application_0123", async (session, s, ct) =>
            Show(session, await Tolerance(session).GetApplicationAsync(new GetApplicationRequest { ApplicationId = s.Id }, session.Call(ct))));
        t.Add<ApplicationListSettings>("applications", "List applications (newest first); --overdue or --due-within for the work due", "tolerance applications --due-within 5", async (session, s, ct) =>
        {
            var client = Tolerance(session);
            var request = new ListApplicationsRequest { Status = EnumArg.Parse<ApplicationStatus>(s.Status, "--status"), MatterId = s.MatterId ?? "", OverdueOnly = s.Overdue, DueWithinWorkingDays = s.DueWithin, PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListApplicationsAsync(request, session.Call(ct));
            }));
        });
        t.Add<ExplainSettings>("explain", "Why a decision is what it is: the stored evaluation, the rules that fired, the votes, the forms", "tolerance explain --application application_0123", async (session, s, ct) =>
            Show(session, await Tolerance(session).ExplainDecisionAsync(new ExplainDecisionRequest { ApplicationId = s.Application ?? "", DecisionId = s.Decision ?? "" }, session.Call(ct))));

        // Accountability decisions.
        t.Add<DecideAccountabilitySettings>("decide-accountability", "The accountability decision (问责决定) for one target, with its forms (supervisors)", "tolerance decide-accountability matter_0123 --target t1 --form admonishment --basis \"问责条例第八条\"", async (session, s, ct) =>
        {
            var request = new DecideAccountabilityRequest
            {
                MatterId = s.Id,
                TargetId = s.Target ?? "",
                Basis = s.Basis ?? "",
                DecidedOn = TimeArg.Date(s.DecidedOn, "--decided-on", session.Clock),
                ApprovedOn = TimeArg.Date(s.ApprovedOn, "--approved-on", session.Clock),
                ExpectedVersion = s.ExpectedVersion,
                DirectOutcome = EnumArg.Parse<ToleranceOutcome>(s.DirectOutcome, "--direct-outcome"),
            };
            request.Forms.AddRange(FormKinds(s.Forms));
            return Show(session, await Tolerance(session).DecideAccountabilityAsync(request, session.Call(ct)));
        });
        t.Add<IdSettings>("decision", "Show an accountability decision with its forms, filings, appeal and deadlines", "tolerance decision decision_0123", async (session, s, ct) =>
            Show(session, await Tolerance(session).GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = s.Id }, session.Call(ct))));
        t.Add<DecisionListSettings>("decisions", "List accountability decisions; --overdue or --due-within for handling and appeals due", "tolerance decisions --cadre cadre-zhang", async (session, s, ct) =>
        {
            var client = Tolerance(session);
            var request = new ListAccountabilityDecisionsRequest { MatterId = s.MatterId ?? "", CadreId = s.CadreId ?? "", Status = EnumArg.Parse<DecisionStatus>(s.Status, "--status"), OverdueOnly = s.Overdue, DueWithinWorkingDays = s.DueWithin, PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListAccountabilityDecisionsAsync(request, session.Call(ct));
            }));
        });
        t.Add<HandlingSettings>("handling-done", "Record that the organisational handling (组织处理) was carried out", "tolerance handling-done decision_0123 --note \"已按程序免职\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).RecordHandlingCompletedAsync(new RecordHandlingCompletedRequest { DecisionId = s.Id, CompletedOn = TimeArg.Date(s.CompletedOn, "--completed-on", session.Clock), Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<FilingSettings>("file-decision", "File an accountability decision in the personal dossier (organisation department or Party committee)", "tolerance file-decision decision_0123 --with org-dept", async (session, s, ct) =>
            Show(session, await Tolerance(session).FileAccountabilityDecisionAsync(new FileAccountabilityDecisionRequest { DecisionId = s.Id, FiledWith = EnumArg.Parse<FilingRecipient>(s.With, "--with"), FiledOn = TimeArg.Date(s.FiledOn, "--filed-on", session.Clock), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<AppealSettings>("appeal", "Record an appeal (申诉) against a decision, within 15 days of it", "tolerance appeal decision_0123 --appellant 张明 --grounds \"认定事实不清\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).FileAppealAsync(new FileAppealRequest { DecisionId = s.Id, Appellant = s.Appellant ?? "", FiledOn = TimeArg.Date(s.FiledOn, "--filed-on", session.Clock), Grounds = s.Grounds ?? "", NotifiedOn = TimeArg.Date(s.NotifiedOn, "--notified-on", session.Clock), ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<DecideAppealSettings>("decide-appeal", "Decide an appeal (supervisors): upheld, revoked, or amended with new forms", "tolerance decide-appeal decision_0123 --result amended --form circulated-criticism --reason \"情节较轻，改为通报\"", async (session, s, ct) =>
        {
            var request = new DecideAppealRequest { DecisionId = s.Id, Result = EnumArg.Parse<AppealResult>(s.Result, "--result"), Reason = s.Reason ?? "", DecidedOn = TimeArg.Date(s.DecidedOn, "--decided-on", session.Clock), DirectOutcome = EnumArg.Parse<ToleranceOutcome>(s.DirectOutcome, "--direct-outcome"), ExpectedVersion = s.ExpectedVersion };
            request.Forms.AddRange(FormKinds(s.Forms));
            return Show(session, await Tolerance(session).DecideAppealAsync(request, session.Call(ct)));
        });

        // Correction (纠错) and continued use.
        t.Add<AddTaskSettings>("add-task", "Add a rectification task (整改任务) with an owner and a due date", "tolerance add-task matter_0123 --description \"完善土地租赁试点风险评估制度\" --owner 开发区管委会 --due-in 20", async (session, s, ct) =>
            Show(session, await Tolerance(session).AddRectificationTaskAsync(new AddRectificationTaskRequest { MatterId = s.Id, Description = s.Description ?? "", Owner = s.Owner ?? "", DueDate = TimeArg.Date(s.Due, "--due", session.Clock), DueInWorkingDays = s.DueIn }, session.Call(ct))));
        t.Add<CompleteTaskSettings>("complete-task", "Record a rectification task as completed, with evidence", "tolerance complete-task task_0123 --note \"已印发风险评估办法\"", async (session, s, ct) =>
        {
            var request = new CompleteRectificationTaskRequest { TaskId = s.Id, Note = s.Note ?? "", ExpectedVersion = s.ExpectedVersion };
            request.Evidence.AddRange((s.Evidence ?? []).Select(e => Specs.Attachment(e, "--evidence")));
            return Show(session, await Tolerance(session).CompleteRectificationTaskAsync(request, session.Call(ct)));
        });
        t.Add<TaskListSettings>("tasks", "List rectification tasks (oldest first); --overdue or --due-within for the work due", "tolerance tasks --status open --due-within 5", async (session, s, ct) =>
        {
            var client = Tolerance(session);
            var request = new ListRectificationTasksRequest { MatterId = s.MatterId ?? "", Status = EnumArg.Parse<RectificationStatus>(s.Status, "--status"), OverdueOnly = s.Overdue, DueWithinWorkingDays = s.DueWithin, PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListRectificationTasksAsync(request, session.Call(ct));
            }));
        });
        t.Add<ReviewListSettings>("reviews", "List continued-use reviews (影响期满使用审查) by the end of the impact period", "tolerance reviews --status due", async (session, s, ct) =>
        {
            var client = Tolerance(session);
            var request = new ListContinuedUseReviewsRequest { Status = EnumArg.Parse<ReviewStatus>(s.Status, "--status"), CadreId = s.CadreId ?? "", DueWithinWorkingDays = s.DueWithin, PageSize = s.PageSize };
            return Show(session, await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListContinuedUseReviewsAsync(request, session.Call(ct));
            }));
        });
        t.Add<ReviewSettings>("review", "Record a continued-use review with the cadre's performance once the impact period has ended", "tolerance review review_0123 --performance outstanding --opinion \"影响期内表现突出\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).RecordContinuedUseReviewAsync(new RecordContinuedUseReviewRequest { ReviewId = s.Id, Performance = EnumArg.Parse<Performance>(s.Performance, "--performance"), Opinion = s.Opinion ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));
        t.Add<ApproveUseSettings>("approve-use", "Approve an outstanding performer for use again (supervisors)", "tolerance approve-use review_0123 --approved-by 县委组织部 --approval-ref \"组干〔2027〕8号\"", async (session, s, ct) =>
            Show(session, await Tolerance(session).ApproveContinuedUseAsync(new ApproveContinuedUseRequest { ReviewId = s.Id, ApprovedBy = s.ApprovedBy ?? "", ApprovalReference = s.ApprovalReference ?? "", ExpectedVersion = s.ExpectedVersion }, session.Call(ct))));

        // Rules and figures.
        t.Add<RulesSettings>("rules", "Show the eligibility rules: the active version or --rule-version v1; --json gives a file publish-rules takes", "tolerance rules --rule-version v1", async (session, s, ct) =>
            Show(session, await Tolerance(session).GetRuleSetAsync(new GetRuleSetRequest { Version = s.Version ?? "" }, session.Call(ct))));
        t.Add<PublishRulesSettings>("publish-rules", "Publish a new version of the eligibility rules from a JSON file (administrators)", "tolerance publish-rules rules.json --note \"增加重复错误的排除情形\"", PublishRulesAsync);
        t.Add<PeriodSettings>("stats", "Matters and applications by status; tolerance and accountability decisions of a period", "tolerance stats --year 2026", async (session, s, ct) =>
        {
            var (from, to) = TimeArg.Period(s.From, s.To, s.Year, session.Clock);
            return Show(session, await Tolerance(session).GetToleranceStatisticsAsync(new GetToleranceStatisticsRequest { From = from, To = to }, session.Call(ct)));
        });
    });

    private static Client Tolerance(Session session) => session.Client<Client>();

    private static int Show(Session session, IMessage message)
    {
        session.Output.Show(message);
        return ExitCodes.Ok;
    }

    /// <summary>Form kinds as the forms table names them (admonishment, org_removal); '-' is taken for '_'.</summary>
    private static IEnumerable<string> FormKinds(IEnumerable<string>? forms) => (forms ?? []).Select(f => f.Trim().Replace('-', '_'));

    private static async Task<int> OpenAsync(Session session, OpenSettings s, CancellationToken ct)
    {
        var request = new OpenMatterRequest
        {
            IdempotencyKey = s.Key ?? Guid.NewGuid().ToString("N"),
            Source = EnumArg.Parse<MatterSource>(s.Source, "--source"),
            SourceReference = s.SourceReference ?? "",
            Facts = s.Facts ?? "",
            DutyBreached = s.Duty ?? "",
            ProposedForm = FormKinds(s.ProposedForm is null ? [] : [s.ProposedForm]).FirstOrDefault() ?? "",
            Department = s.Department ?? "",
        };
        foreach (var spec in s.Cadres ?? [])
        {
            var (name, unit, post, level, cadreId) = Specs.Person(spec, "--cadre");
            request.Targets.Add(new TargetInput { Kind = TargetKind.Cadre, Cadre = new Cadre { Name = name, Unit = unit, Post = post, Level = level, CadreId = cadreId } });
        }

        request.Targets.AddRange((s.Organisations ?? []).Select(o => new TargetInput { Kind = TargetKind.Organisation, OrganisationName = o }));
        return Show(session, await Tolerance(session).OpenMatterAsync(request, session.Call(ct)));
    }

    private static async Task<int> ApplyAsync(Session session, ApplySettings s, CancellationToken ct)
    {
        var request = new FileApplicationRequest
        {
            MatterId = s.Id,
            TargetId = s.Target ?? "",
            ApplicantKind = EnumArg.Parse(s.ApplicantKind, "--applicant-kind", ApplicantKind.Cadre),
            ApplicantName = s.Applicant ?? "",
            WrittenOn = TimeArg.Date(s.WrittenOn ?? "today", "--written-on", session.Clock),
            Reference = s.Reference ?? "",
            Statement = s.Statement ?? "",
            ExpectedVersion = s.ExpectedVersion,
        };
        request.Grounds.AddRange(EnumArg.ParseAll<ToleranceGround>(s.Grounds, "--ground"));
        request.Mitigations.AddRange(EnumArg.ParseAll<Mitigation>(s.Mitigations, "--mitigation"));
        return Show(session, await Tolerance(session).FileApplicationAsync(request, session.Call(ct)));
    }

    private static async Task<int> VerifyAsync(Session session, VerifySettings s, CancellationToken ct)
    {
        var request = new VerifyApplicationRequest
        {
            ApplicationId = s.Id,
            ExpectedVersion = s.ExpectedVersion,
            Facts = new VerifiedFacts
            {
                PrivateGain = s.PrivateGain,
                DefiedExplicitBan = s.DefiedBan,
                MajorAccident = s.MajorAccident,
                RepeatError = s.RepeatError,
                CollectiveDecision = s.CollectiveDecision,
                LossesRecoveredPercent = s.LossesRecovered,
            },
            Summary = s.Summary ?? "",
        };

        // Factors in the order first named; each row or option adds a finding or a document to its factor.
        var factors = new Dictionary<AssessmentFactor, Factor>();
        Factor FactorOf(AssessmentFactor kind)
        {
            if (!factors.TryGetValue(kind, out var factor))
            {
                factors[kind] = factor = new Factor { Kind = kind };
            }

            return factor;
        }

        if (s.FactorsFile is { Length: > 0 } file)
        {
            var (rows, rejected) = await CsvRows.ReadAsync(session, file, "--factors", ["factor", "finding", "name", "sha256", "size_bytes", "uri"], field =>
            {
                var kind = EnumArg.Parse<AssessmentFactor>(Required(field, "factor"), "factor");
                AttachmentRef? evidence = null;
                if (field("name").Length > 0 || field("uri").Length > 0)
                {
                    evidence = new AttachmentRef
                    {
                        Name = field("name"),
                        Sha256 = field("sha256"),
                        SizeBytes = long.TryParse(field("size_bytes"), NumberStyles.None, CultureInfo.InvariantCulture, out var size) ? size : throw CliException.Usage("size_bytes", Texts.T("'{0}' is not a number", field("size_bytes"))),
                        Uri = field("uri"),
                        MediaType = field("media_type"),
                    };
                }

                return (Kind: kind, Finding: field("finding"), Evidence: evidence);
            });
            if (CsvRows.ReportRejected(session, rejected))
            {
                throw new CliException(ExitCodes.Usage, Texts.T("{0} rows of {1} cannot be used; nothing was sent.", rejected.Count, file), field: "--factors");
            }

            foreach (var (kind, finding, evidence) in rows)
            {
                var factor = FactorOf(kind);
                if (finding.Length > 0 && factor.Finding.Length == 0)
                {
                    factor.Finding = finding;
                }

                if (evidence is not null)
                {
                    factor.Evidence.Add(evidence);
                }
            }
        }

        foreach (var spec in s.Factors ?? [])
        {
            var (kind, finding) = Keyed(spec, "--factor");
            FactorOf(EnumArg.Parse<AssessmentFactor>(kind, "--factor")).Finding = finding;
        }

        foreach (var spec in s.Evidence ?? [])
        {
            var (kind, attachment) = Keyed(spec, "--evidence");
            FactorOf(EnumArg.Parse<AssessmentFactor>(kind, "--evidence")).Evidence.Add(Specs.Attachment(attachment, "--evidence"));
        }

        request.Factors.AddRange(factors.Values);
        request.EstablishedGrounds.AddRange(EnumArg.ParseAll<ToleranceGround>(s.Grounds, "--ground"));
        request.EstablishedMitigations.AddRange(EnumArg.ParseAll<Mitigation>(s.Mitigations, "--mitigation"));
        return Show(session, await Tolerance(session).VerifyApplicationAsync(request, session.Call(ct)));
    }

    private static async Task<int> CommitteeAsync(Session session, CommitteeSettings s, CancellationToken ct)
    {
        var request = new ConveneCommitteeRequest { ApplicationId = s.Id, Name = s.Name ?? "", MeetingDate = TimeArg.Date(s.MeetingDate ?? "today", "--meeting-date", session.Clock), ExpectedVersion = s.ExpectedVersion };
        request.Members.AddRange((s.Members ?? []).Select(m => Member(m.Split(',').Select(p => p.Trim()).ToArray(), "--member")));
        if (s.MembersFile is { Length: > 0 } file)
        {
            var (rows, rejected) = await CsvRows.ReadAsync(session, file, "--members", ["member_id", "name"], field =>
                Member([Required(field, "member_id"), Required(field, "name"), field("unit"), field("related_cadre_ids")], "member_id"));
            if (CsvRows.ReportRejected(session, rejected))
            {
                throw new CliException(ExitCodes.Usage, Texts.T("{0} rows of {1} cannot be used; nothing was sent.", rejected.Count, file), field: "--members");
            }

            request.Members.AddRange(rows);
        }

        return Show(session, await Tolerance(session).ConveneCommitteeAsync(request, session.Call(ct)));
    }

    /// <summary>A member: id, name, unit (optional), and the cadre ids of declared relations separated by ';' (optional).</summary>
    private static CommitteeMember Member(string[] parts, string option)
    {
        if (parts.Length is < 2 or > 4 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw CliException.Usage(option, Texts.T("'{0}' is not member_id,name[,unit[,related cadre ids separated by ;]]", string.Join(',', parts)));
        }

        var member = new CommitteeMember { MemberId = parts[0], Name = parts[1], Unit = parts.Length > 2 ? parts[2] : "" };
        if (parts.Length > 3)
        {
            member.RelatedCadreIds.AddRange(parts[3].Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return member;
    }

    private static async Task<int> PublishRulesAsync(Session session, PublishRulesSettings s, CancellationToken ct)
    {
        var path = Path.GetFullPath(s.File, session.Env.CurrentDirectory);
        if (!File.Exists(path))
        {
            throw CliException.Usage("<FILE>", Texts.T("no file {0}", path));
        }

        RuleSet ruleSet;
        try
        {
            ruleSet = new JsonParser(JsonParser.Settings.Default.WithIgnoreUnknownFields(true)).Parse<RuleSet>(await File.ReadAllTextAsync(path, ct));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw CliException.Usage("<FILE>", Texts.T("{0} is not a rule set in JSON (as tolerance rules --json prints it): {1}", path, e.Message));
        }

        return Show(session, await Tolerance(session).PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = ruleSet, Note = s.Note ?? "" }, session.Call(ct)));
    }

    /// <summary>"kind=text": a factor and its finding or document.</summary>
    private static (string Kind, string Value) Keyed(string spec, string option)
    {
        var at = spec.IndexOf('=', StringComparison.Ordinal);
        return at > 0 && at < spec.Length - 1
            ? (spec[..at].Trim(), spec[(at + 1)..].Trim())
            : throw CliException.Usage(option, Texts.T("'{0}' is not factor=value, e.g. motive=...", spec));
    }

    private static string Required(Func<string, string> field, string column) =>
        field(column) is { Length: > 0 } value ? value : throw CliException.Usage(column, Texts.T("is empty"));

    internal sealed class OpenSettings : GlobalSettings
    {
        [CommandOption("--key <KEY>")]
        [Text("Idempotency key: a retry with the same key returns the first result (default: a new one)")]
        public string? Key { get; set; }

        [CommandOption("--source <SOURCE>")]
        [Text("incident, inspection, audit or other (a clue's matter comes from the Clues service)")]
        public string? Source { get; set; }

        [CommandOption("--source-ref <TEXT>")]
        [Text("The incident report, inspection finding or audit report it came from")]
        public string? SourceReference { get; set; }

        [CommandOption("--facts <TEXT>")]
        [Text("What happened")]
        public string? Facts { get; set; }

        [CommandOption("--duty <TEXT>")]
        [Text("The duty breached")]
        public string? Duty { get; set; }

        [CommandOption("--proposed-form <KIND>")]
        [Text("A proposed form, e.g. admonishment, circulated-criticism, org-removal")]
        public string? ProposedForm { get; set; }

        [CommandOption("--cadre <PERSON>")]
        [Text("A cadre target: name,unit,post,level[,cadre_id] (repeatable)")]
        public string[]? Cadres { get; set; }

        [CommandOption("--organisation <NAME>")]
        [Text("A Party organisation target (repeatable)")]
        public string[]? Organisations { get; set; }

        [CommandOption("--dept <ID>")]
        [Text("The department whose handlers work it (a handler: their own)")]
        public string? Department { get; set; }
    }

    internal sealed class MatterListSettings : PageSettings
    {
        [CommandOption("--status <STATUS>")]
        [Text("open, decided or closed")]
        public string? Status { get; set; }

        [CommandOption("--source <SOURCE>")]
        [Text("Only this source")]
        public string? Source { get; set; }

        [CommandOption("--cadre <ID>")]
        [Text("Only matters with this cadre as a target")]
        public string? CadreId { get; set; }
    }

    internal sealed class ApplySettings : ChangeSettings
    {
        [CommandOption("--target <TARGET_ID>")]
        [Text("The matter's target (t1, t2, ...; tolerance show lists them)")]
        public string? Target { get; set; }

        [CommandOption("--applicant-kind <KIND>")]
        [Text("cadre (default) or unit: who applies")]
        public string? ApplicantKind { get; set; }

        [CommandOption("--applicant <NAME>")]
        [Text("The applicant's name")]
        public string? Applicant { get; set; }

        [CommandOption("--written-on <DAY>")]
        [Text("Day of the written application, YYYY-MM-DD or today (default today)")]
        public string? WrittenOn { get; set; }

        [CommandOption("--reference <TEXT>")]
        [Text("Reference of the document")]
        public string? Reference { get; set; }

        [CommandOption("--statement <TEXT>")]
        [Text("The applicant's statement")]
        public string? Statement { get; set; }

        [CommandOption("--ground <GROUND>")]
        [Text("reform-inexperience, unrestricted-exploration, unintended-development-error, recorded-dissent, force-majeure or superior-refused-correction (repeatable)")]
        public string[]? Grounds { get; set; }

        [CommandOption("--mitigation <MITIGATION>")]
        [Text("remedial-action, active-cooperation or other (repeatable)")]
        public string[]? Mitigations { get; set; }
    }

    internal sealed class VerifySettings : ChangeSettings
    {
        [CommandOption("--private-gain")]
        [Text("Fact: the cadre sought private gain (谋取私利)")]
        public bool PrivateGain { get; set; }

        [CommandOption("--defied-ban")]
        [Text("Fact: an explicit ban was defied (明令禁止仍我行我素)")]
        public bool DefiedBan { get; set; }

        [CommandOption("--major-accident")]
        [Text("Fact: a major safety or environmental accident")]
        public bool MajorAccident { get; set; }

        [CommandOption("--repeat-error")]
        [Text("Fact: the same error recurred")]
        public bool RepeatError { get; set; }

        [CommandOption("--collective-decision")]
        [Text("Fact: decided collectively by the prescribed procedure")]
        public bool CollectiveDecision { get; set; }

        [CommandOption("--losses-recovered <PERCENT>")]
        [Text("Fact: share of the losses recovered, 0 to 100")]
        public int LossesRecovered { get; set; }

        [CommandOption("--factors <CSV>")]
        [Text("The six factors from a CSV file with the columns factor,finding,name,sha256,size_bytes,uri[,media_type]: a row per document")]
        public string? FactorsFile { get; set; }

        [CommandOption("--factor <FACTOR=FINDING>")]
        [Text("A factor's finding: motive, objective-conditions, procedure, nature-and-degree, consequences or loss-recovery, e.g. motive=出于公心 (repeatable)")]
        public string[]? Factors { get; set; }

        [CommandOption("--evidence <FACTOR=ATTACHMENT>")]
        [Text("A factor's document: factor=name,sha256,size,uri[,media type] (repeatable)")]
        public string[]? Evidence { get; set; }

        [CommandOption("--ground <GROUND>")]
        [Text("A ground established (repeatable)")]
        public string[]? Grounds { get; set; }

        [CommandOption("--mitigation <MITIGATION>")]
        [Text("A mitigation established (repeatable)")]
        public string[]? Mitigations { get; set; }

        [CommandOption("--summary <TEXT>")]
        [Text("Summary for the record")]
        public string? Summary { get; set; }
    }

    internal sealed class CommitteeSettings : ChangeSettings
    {
        [CommandOption("--name <TEXT>")]
        [Text("The committee, e.g. 县纪委常委会")]
        public string? Name { get; set; }

        [CommandOption("--meeting-date <DAY>")]
        [Text("Day of the meeting, YYYY-MM-DD or today (default today)")]
        public string? MeetingDate { get; set; }

        [CommandOption("--member <MEMBER>")]
        [Text("A member: member_id,name[,unit[,related cadre ids separated by ;]] (repeatable)")]
        public string[]? Members { get; set; }

        [CommandOption("--members <CSV>")]
        [Text("Members from a CSV file with the columns member_id,name[,unit,related_cadre_ids]")]
        public string? MembersFile { get; set; }
    }

    internal sealed class VoteSettings : ChangeSettings
    {
        [CommandOption("--member <ID>")]
        [Text("The member who votes")]
        public string? Member { get; set; }

        [CommandOption("--outcome <OUTCOME>")]
        [Text("no-accountability, exempted, lighter, reduced or not-tolerated")]
        public string? Outcome { get; set; }

        [CommandOption("--opinion <TEXT>")]
        [Text("The member's opinion (required against the rules' suggestion)")]
        public string? Opinion { get; set; }
    }

    internal sealed class DecideSettings : ChangeSettings
    {
        [CommandOption("--outcome <OUTCOME>")]
        [Text("no-accountability, exempted, lighter, reduced or not-tolerated")]
        public string? Outcome { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why, when the outcome differs from the rules' suggestion")]
        public string? Reason { get; set; }
    }

    internal sealed class FeedbackSettings : ChangeSettings
    {
        [CommandOption("--delivered-on <DAY>")]
        [Text("Day it was delivered, YYYY-MM-DD or today (default today)")]
        public string? DeliveredOn { get; set; }

        [CommandOption("--reference <TEXT>")]
        [Text("Reference of the document")]
        public string? Reference { get; set; }

        [CommandOption("--method <TEXT>")]
        [Text("How it was delivered, e.g. 书面送达")]
        public string? Method { get; set; }
    }

    internal sealed class FilingSettings : ChangeSettings
    {
        [CommandOption("--with <RECIPIENT>")]
        [Text("org-dept or party-committee")]
        public string? With { get; set; }

        [CommandOption("--filed-on <DAY>")]
        [Text("Day of the filing, YYYY-MM-DD or today (default today)")]
        public string? FiledOn { get; set; }
    }

    internal sealed class PublishSettings : ChangeSettings
    {
        [CommandOption("--scope <TEXT>")]
        [Text("Where it is published, e.g. 全县范围")]
        public string? Scope { get; set; }

        [CommandOption("--notice <TEXT>")]
        [Text("The notice")]
        public string? Notice { get; set; }
    }

    internal sealed class ApplicationListSettings : DeadlineListSettings
    {
        [CommandOption("--status <STATUS>")]
        [Text("submitted, accepted, rejected, verified, decided, feedback-given or filed")]
        public string? Status { get; set; }

        [CommandOption("--matter <MATTER_ID>")]
        [Text("Only this matter's")]
        public string? MatterId { get; set; }
    }

    internal sealed class ExplainSettings : GlobalSettings
    {
        [CommandOption("--application <ID>")]
        [Text("The tolerance application")]
        public string? Application { get; set; }

        [CommandOption("--decision <ID>")]
        [Text("Or the accountability decision")]
        public string? Decision { get; set; }
    }

    internal sealed class DecideAccountabilitySettings : ChangeSettings
    {
        [CommandOption("--target <TARGET_ID>")]
        [Text("The matter's target (t1, t2, ...; tolerance show lists them)")]
        public string? Target { get; set; }

        [CommandOption("--form <KIND>")]
        [Text("A form: admonishment, circulated-criticism, org-suspension, org-removal, party-warning, ... (repeatable; none only with an exempting outcome)")]
        public string[]? Forms { get; set; }

        [CommandOption("--basis <TEXT>")]
        [Text("The facts and clauses it rests on")]
        public string? Basis { get; set; }

        [CommandOption("--decided-on <DAY>")]
        [Text("Day of the decision, YYYY-MM-DD or today")]
        public string? DecidedOn { get; set; }

        [CommandOption("--approved-on <DAY>")]
        [Text("Day of the approval, YYYY-MM-DD or today")]
        public string? ApprovedOn { get; set; }

        [CommandOption("--direct-outcome <OUTCOME>")]
        [Text("Without a decided application: no-accountability or exempted (问责条例 Art.17), with no forms")]
        public string? DirectOutcome { get; set; }
    }

    internal sealed class DecisionListSettings : DeadlineListSettings
    {
        [CommandOption("--matter <MATTER_ID>")]
        [Text("Only this matter's")]
        public string? MatterId { get; set; }

        [CommandOption("--cadre <ID>")]
        [Text("Only this cadre's")]
        public string? CadreId { get; set; }

        [CommandOption("--status <STATUS>")]
        [Text("effective, revoked or superseded")]
        public string? Status { get; set; }
    }

    internal sealed class HandlingSettings : ChangeSettings
    {
        [CommandOption("--completed-on <DAY>")]
        [Text("Day it was carried out, YYYY-MM-DD or today (default today)")]
        public string? CompletedOn { get; set; }

        [CommandOption("--note <TEXT>")]
        [Text("A note for the record")]
        public string? Note { get; set; }
    }

    internal sealed class AppealSettings : ChangeSettings
    {
        [CommandOption("--appellant <NAME>")]
        [Text("Who appeals")]
        public string? Appellant { get; set; }

        [CommandOption("--filed-on <DAY>")]
        [Text("Day of the filing, YYYY-MM-DD or today (default today)")]
        public string? FiledOn { get; set; }

        [CommandOption("--grounds <TEXT>")]
        [Text("The grounds of the appeal")]
        public string? Grounds { get; set; }

        [CommandOption("--notified-on <DAY>")]
        [Text("Day the decision was delivered to the appellant, YYYY-MM-DD or today (default the decision day)")]
        public string? NotifiedOn { get; set; }
    }

    internal sealed class DecideAppealSettings : ChangeSettings
    {
        [CommandOption("--result <RESULT>")]
        [Text("upheld, revoked or amended")]
        public string? Result { get; set; }

        [CommandOption("--reason <TEXT>")]
        [Text("Why (written to the record)")]
        public string? Reason { get; set; }

        [CommandOption("--form <KIND>")]
        [Text("For amended: a form of the new decision (repeatable; none: give --direct-outcome)")]
        public string[]? Forms { get; set; }

        [CommandOption("--direct-outcome <OUTCOME>")]
        [Text("For amended to no accountability: no-accountability or exempted (问责条例 Art.17)")]
        public string? DirectOutcome { get; set; }

        [CommandOption("--decided-on <DAY>")]
        [Text("Day of the decision, YYYY-MM-DD or today")]
        public string? DecidedOn { get; set; }
    }

    internal sealed class AddTaskSettings : IdSettings
    {
        [CommandOption("--description <TEXT>")]
        [Text("What is to be corrected")]
        public string? Description { get; set; }

        [CommandOption("--owner <NAME>")]
        [Text("Who owns the task")]
        public string? Owner { get; set; }

        [CommandOption("--due <DAY>")]
        [Text("Due day, YYYY-MM-DD")]
        public string? Due { get; set; }

        [CommandOption("--due-in <WORKING_DAYS>")]
        [Text("Or due in this many working days from today")]
        public int DueIn { get; set; }
    }

    internal sealed class CompleteTaskSettings : ChangeSettings
    {
        [CommandOption("--note <TEXT>")]
        [Text("What was done")]
        public string? Note { get; set; }

        [CommandOption("--evidence <ATTACHMENT>")]
        [Text("An attachment: name,sha256,size,uri[,media type] (repeatable)")]
        public string[]? Evidence { get; set; }
    }

    internal sealed class TaskListSettings : DeadlineListSettings
    {
        [CommandOption("--matter <MATTER_ID>")]
        [Text("Only this matter's")]
        public string? MatterId { get; set; }

        [CommandOption("--status <STATUS>")]
        [Text("open or completed")]
        public string? Status { get; set; }
    }

    internal sealed class ReviewListSettings : PageSettings
    {
        [CommandOption("--status <STATUS>")]
        [Text("running, due, reviewed, approved or cancelled")]
        public string? Status { get; set; }

        [CommandOption("--cadre <ID>")]
        [Text("Only this cadre's")]
        public string? CadreId { get; set; }

        [CommandOption("--due-within <WORKING_DAYS>")]
        [Text("Only those falling due within this many working days (those due included)")]
        public int DueWithin { get; set; }
    }

    internal sealed class ReviewSettings : ChangeSettings
    {
        [CommandOption("--performance <PERFORMANCE>")]
        [Text("outstanding, satisfactory or unsatisfactory")]
        public string? Performance { get; set; }

        [CommandOption("--opinion <TEXT>")]
        [Text("The review's opinion")]
        public string? Opinion { get; set; }
    }

    internal sealed class ApproveUseSettings : ChangeSettings
    {
        [CommandOption("--approved-by <NAME>")]
        [Text("The approving body or leader")]
        public string? ApprovedBy { get; set; }

        [CommandOption("--approval-ref <TEXT>")]
        [Text("Reference of the approval document")]
        public string? ApprovalReference { get; set; }
    }

    internal sealed class RulesSettings : GlobalSettings
    {
        [CommandOption("--rule-version <VERSION>")]
        [Text("A version, e.g. v1 (default: the active one)")]
        public string? Version { get; set; }
    }

    internal sealed class PublishRulesSettings : GlobalSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Text("A rule set in JSON, as tolerance rules --json prints it")]
        public string File { get; set; } = "";

        [CommandOption("--note <TEXT>")]
        [Text("What changed")]
        public string? Note { get; set; }
    }
}
