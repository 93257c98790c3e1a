using System.Text.Json;
using Accountability.Contracts;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Clue = Accountability.Protos.Clues.V1;
using Pet = Accountability.Protos.Petitions.V1;
using Talk = Accountability.Protos.Talks.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>seeds/demo/scenario.json, played through the services' RPCs (Tolerance's decisions as published events until that service joins the suite).</summary>
internal sealed record DemoScenario(
    DemoPeriod Period,
    List<DemoPetition> Petitions,
    List<DemoClue> OtherClues,
    List<DemoTalk> Talks,
    List<DemoTolerance> Tolerance,
    List<DemoYear> PersonalMatters,
    List<DemoRelatives> RelativesBusiness)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static DemoScenario Load() =>
        JsonSerializer.Deserialize<DemoScenario>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "seeds", "demo", "scenario.json")), Json)!;

    public async Task PlayAsync(SuiteHost suite)
    {
        foreach (var petition in Petitions)
        {
            await PlayPetitionAsync(suite, petition);
        }

        foreach (var clue in OtherClues)
        {
            var subject = await suite.CadreAsync(clue.Subject);
            var registered = await suite.Clues().RegisterClueAsync(new Clue.RegisterClueRequest
            {
                IdempotencyKey = clue.Ref,
                Source = Enum.Parse<Clue.ClueSource>(clue.Source.Replace("_", ""), ignoreCase: true),
                SourceReference = clue.Ref,
                Subjects = { CaseRpc.Subject(subject) },
                Summary = clue.Summary,
                Disciplines = { Protos.Common.V1.Discipline.Integrity },
            }, suite.Supervisor());
            await PlayPathAsync(suite, registered.ClueId, clue.Path, clue.Outcomes);
        }

        foreach (var talk in Talks)
        {
            await HoldTalkAsync(suite, talk);
        }

        foreach (var decision in Tolerance)
        {
            await PublishToleranceAsync(suite, decision);
        }

        foreach (var year in PersonalMatters)
        {
            foreach (var cadre in year.Consistent)
            {
                await RecordCheckAsync(suite, cadre, year, Protos.CaseFiles.V1.PersonalMattersResult.Consistent, []);
            }

            foreach (var finding in year.Findings)
            {
                var check = await RecordCheckAsync(suite, finding.Cadre, year, Enum.Parse<Protos.CaseFiles.V1.PersonalMattersResult>(finding.Result, ignoreCase: true), finding.Items);
                await suite.CaseFiles().RecordPersonalMattersHandlingAsync(new RecordPersonalMattersHandlingRequest
                {
                    CheckId = check.CheckId,
                    Kind = Enum.Parse<PersonalMattersHandlingKind>(finding.Handling.Replace("_", ""), ignoreCase: true),
                    DecidedOn = year.CheckedOn,
                    Note = "经组织研究",
                }, suite.OrgDept());
            }
        }

        foreach (var relatives in RelativesBusiness)
        {
            var request = new RecordRelativesBusinessCheckRequest { IdempotencyKey = "rb-" + relatives.Cadre, CadreId = relatives.Cadre, Year = relatives.Year, SelfChecked = relatives.SelfChecked };
            request.Businesses.AddRange(relatives.Businesses.Select(b => new RelativeBusiness { Relation = Enum.Parse<Relation>(b.Relation, ignoreCase: true), Business = b.Business, WithinScope = b.WithinScope }));
            await suite.CaseFiles().RecordRelativesBusinessCheckAsync(request, suite.OrgDept());
        }
    }

    private static async Task PlayPetitionAsync(SuiteHost suite, DemoPetition petition)
    {
        var accused = await suite.CadreAsync(petition.Accused);
        if (petition.Handling == "triage")
        {
            var petitionId = await suite.TriagedPetitionAsync(accused, petition.Facts);
            var clue = await suite.ClueOfPetitionAsync(petitionId);
            await PlayPathAsync(suite, clue.ClueId, petition.Path, petition.Outcomes);
            return;
        }

        var submitted = await suite.Petitions().SubmitPetitionAsync(new Pet.SubmitPetitionRequest
        {
            IdempotencyKey = petition.Ref,
            Channel = Pet.Channel.Letter,
            Kind = Pet.PetitionKind.Accusation,
            Facts = petition.Facts,
            Accused = { CaseRpc.Accused(accused) },
            Disciplines = { Protos.Common.V1.Discipline.Work },
        }, suite.As(Roles.Intake));
        var outcome = petition.Handling == "file_no_substance" ? Pet.ScreeningOutcome.FileNoSubstance : Pet.ScreeningOutcome.Accept;
        await suite.Petitions().ScreenPetitionAsync(new Pet.ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = outcome, Reason = "筛查" }, suite.As(Roles.Clerk));
    }

    private static async Task PlayPathAsync(SuiteHost suite, string clueId, string path, List<DemoOutcome> outcomes)
    {
        var clues = suite.Clues();
        switch (path)
        {
            case "letter_escalate_case":
                await suite.DisposeAsync(clueId, Clue.DisposalMethod.TalkInquiry);
                await clues.SendInquiryLetterAsync(new Clue.SendInquiryLetterRequest { ClueId = clueId, LetterReference = "函询" }, suite.Handler());
                await clues.RecordInquiryReplyAsync(new Clue.RecordInquiryReplyRequest { ClueId = clueId, ReplyReference = "复函", CountersignedBy = "党委书记" }, suite.Handler());
                await clues.ReportInquiryAsync(new Clue.ReportInquiryRequest { ClueId = clueId, Proposal = Clue.InquiryProposal.Escalate, ReplyUntruthful = true, Findings = "复函不实", Approver = "王书记" }, suite.Handler());
                await clues.PlanVerificationAsync(new Clue.PlanVerificationRequest { ClueId = clueId, Team = { "核查员甲", "核查员乙" }, PlanReference = "初核方案", Approver = "王书记" }, suite.Handler());
                await clues.ReportVerificationAsync(new Clue.ReportVerificationRequest { ClueId = clueId, Outcome = Clue.VerificationOutcome.FileCase, ReportReference = "初核报告", SignedBy = { "核查员甲", "核查员乙" }, Approver = "王书记" }, suite.Handler());
                await RecordOutcomesAndConcludeAsync(suite, clueId, outcomes);
                break;
            case "case":
                await suite.DisposeAsync(clueId, Clue.DisposalMethod.TransferInvestigation);
                await RecordOutcomesAndConcludeAsync(suite, clueId, outcomes);
                break;
            case "letter_first_form":
                await suite.DisposeAsync(clueId, Clue.DisposalMethod.TalkInquiry);
                await clues.SendInquiryLetterAsync(new Clue.SendInquiryLetterRequest { ClueId = clueId, LetterReference = "函询" }, suite.Handler());
                await clues.RecordInquiryReplyAsync(new Clue.RecordInquiryReplyRequest { ClueId = clueId, ReplyReference = "复函", CountersignedBy = "党委书记" }, suite.Handler());
                var report = new Clue.ReportInquiryRequest { ClueId = clueId, Proposal = Clue.InquiryProposal.FirstForm, Findings = "问题属实但情节轻微", Approver = "王书记" };
                report.Measures.AddRange(outcomes.Select(o => new Clue.SubjectMeasure { SubjectIndex = 0, Kind = Kind(o.Kind) }));
                await clues.ReportInquiryAsync(report, suite.Handler());
                break;
            case "close":
                await suite.DisposeAsync(clueId, Clue.DisposalMethod.Close);
                break;
            case "verify_open":
                await suite.DisposeAsync(clueId, Clue.DisposalMethod.PreliminaryVerification);
                break;
            default:
                throw new InvalidOperationException($"Unknown clue path '{path}'.");
        }
    }

    private static async Task RecordOutcomesAndConcludeAsync(SuiteHost suite, string clueId, List<DemoOutcome> outcomes)
    {
        var today = suite.Today();
        foreach (var outcome in outcomes)
        {
            await suite.Clues().RecordOutcomeAsync(new Clue.RecordOutcomeRequest { ClueId = clueId, Kind = Kind(outcome.Kind), DecidedOn = today, ApprovedOn = today, CaseCategory = outcome.Category ?? "" }, suite.Supervisor());
        }

        await suite.Clues().ConcludeCaseAsync(new Clue.ConcludeCaseRequest { ClueId = clueId, Summary = "审查调查终结" }, suite.Supervisor());
    }

    private static Clue.OutcomeKind Kind(string kind) => Enum.Parse<Clue.OutcomeKind>(kind.Replace("_", ""), ignoreCase: true);

    private static async Task HoldTalkAsync(SuiteHost suite, DemoTalk demo)
    {
        var talks = new Talk.Talks.TalksClient(suite.Channel);
        var cadres = new List<Cadre>();
        foreach (var id in demo.Participants)
        {
            cadres.Add(await suite.CadreAsync(id));
        }

        var talk = await talks.RequestTalkAsync(new Talk.RequestTalkRequest
        {
            IdempotencyKey = "talk-" + demo.Kind,
            Kind = Enum.Parse<Talk.TalkKind>(demo.Kind.Replace("_", ""), ignoreCase: true),
            Reason = "新任职干部廉政谈话",
            Participants = { cadres.Select(c => new Talk.ParticipantInput { CadreId = c.CadreId, Name = c.Name }) },
        }, suite.Supervisor());
        var start = suite.Clock.GetUtcNow().AddHours(1);
        await talks.ScheduleTalkAsync(new Talk.ScheduleTalkRequest
        {
            TalkId = talk.TalkId,
            Start = Timestamp.FromDateTimeOffset(start),
            End = Timestamp.FromDateTimeOffset(start.AddHours(1)),
            Place = "市纪委会议室",
            Talkers = { "talker-zhao" },
            NoteTaker = "clerk-sun",
        }, suite.Supervisor());
        suite.Clock.Advance(TimeSpan.FromHours(1));
        await talks.RecordTalkHeldAsync(new Talk.RecordTalkHeldRequest
        {
            TalkId = talk.TalkId,
            Attendance = { cadres.Select(c => new Talk.Attendance { CadreId = c.CadreId, Present = !demo.Absent.Contains(c.CadreId) }) },
            Summary = "谈话记录。",
            Signatures = { new Talk.Signature { Who = "talker-zhao", At = Timestamp.FromDateTimeOffset(start) } },
        }, suite.Supervisor());
    }

    private static async Task PublishToleranceAsync(SuiteHost suite, DemoTolerance demo)
    {
        var cadre = await suite.CadreAsync(demo.Cadre);
        var target = new AccountabilityTargetInfo
        {
            TargetId = demo.Cadre,
            Kind = "cadre",
            Cadre = new AccusedPersonInfo(cadre.Name, cadre.Unit, cadre.Post, cadre.Level.ToString().ToLowerInvariant(), cadre.CadreId),
        };
        var now = suite.Clock.GetUtcNow();
        var today = suite.Today();
        await suite.PublishAsync(new ToleranceDecided { ApplicationId = "app-" + demo.Cadre, MatterId = demo.Matter, TargetId = demo.Cadre, Cadre = target.Cadre, Outcome = demo.ToleranceOutcome, RuleSetVersion = "demo", DecidedOn = today, DecidedAt = now });
        await suite.PublishAsync(new AccountabilityDecided
        {
            DecisionId = "dec-" + demo.Cadre,
            MatterId = demo.Matter,
            Target = target,
            Forms = demo.Forms.Select(f => new AccountabilityFormInfo { Kind = f.Kind, Track = f.Track, Form = f.Form }).ToList(),
            Exempted = demo.Exempted,
            ToleranceOutcome = demo.ToleranceOutcome,
            DecidedOn = today,
            ApprovedOn = today,
            DecidedAt = now,
        });
    }

    private static async Task<Protos.CaseFiles.V1.PersonalMattersCheck> RecordCheckAsync(SuiteHost suite, string cadre, DemoYear year, Protos.CaseFiles.V1.PersonalMattersResult result, List<string> items)
    {
        var request = new RecordPersonalMattersCheckRequest { IdempotencyKey = $"pm-{year.Year}-{cadre}", CadreId = cadre, Year = year.Year, Result = result, CheckedOn = year.CheckedOn };
        request.Items.AddRange(items.Select(i => new Protos.CaseFiles.V1.PersonalMattersItem { Code = i, Description = "查核发现" }));
        return await suite.CaseFiles().RecordPersonalMattersCheckAsync(request, suite.OrgDept());
    }
}

internal sealed record DemoPeriod(string From, string To, int CaseYear, int ComplianceFromYear, int ComplianceToYear);

internal sealed record DemoOutcome(string Kind, string? Category);

internal sealed record DemoPetition(string Ref, string Accused, string Facts, string Handling, string Path, List<DemoOutcome> Outcomes);

internal sealed record DemoClue(string Ref, string Source, string Subject, string Summary, string Path, List<DemoOutcome> Outcomes);

internal sealed record DemoTalk(string Kind, List<string> Participants, List<string> Absent);

internal sealed record DemoForm(string Kind, string Track, int Form);

internal sealed record DemoTolerance(string Matter, string Cadre, string ToleranceOutcome, bool Exempted, List<DemoForm> Forms);

internal sealed record DemoFinding(string Cadre, string Result, List<string> Items, string Handling);

internal sealed record DemoYear(int Year, string CheckedOn, List<string> Consistent, List<DemoFinding> Findings);

internal sealed record DemoBusiness(string Relation, string Business, bool WithinScope);

internal sealed record DemoRelatives(string Cadre, int Year, bool SelfChecked, List<DemoBusiness> Businesses);
