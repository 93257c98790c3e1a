using Accountability.Platform.Security;
using Accountability.Testing;
using Grpc.Core;
using Cf = Accountability.Protos.CaseFiles.V1;
using Cl = Accountability.Protos.Clues.V1;
using Common = Accountability.Protos.Common.V1;
using Pet = Accountability.Protos.Petitions.V1;
using Tk = Accountability.Protos.Talks.V1;
using Tol = Accountability.Protos.Tolerance.V1;

namespace Accountability.Reliability.Tests.Infrastructure;

/// <summary>The ids a scenario run left behind: real objects the random requests can aim at.</summary>
public sealed record ScenarioIds(string PetitionId, string ReceiptCode, string ClueId, string TalkId, string MatterId, string OpinionId, string CadreId)
{
    public IReadOnlyList<string> All => [PetitionId, ClueId, TalkId, MatterId, OpinionId, CadreId];
}

/// <summary>
/// A short pass through all five services over their RPCs, so each service's store holds
/// documents, events and audit records: a petition submitted and screened, a clue registered and
/// assigned to a department, a talk requested, an accountability matter opened, an integrity
/// opinion requested and a relatives-business check recorded for the demo cadre 李四.
/// </summary>
public static class Scenario
{
    public const string CadreId = "c-qingshui-hexi-03";

    public static CallOptions As(SuiteHost suite, string role, string? department = Tokens.Department) =>
        new(headers: new Metadata { { "Authorization", "Bearer " + Tokens.For(suite, role, department) } });

    private static readonly string[] Facts =
    [
        "某镇副镇长在道路工程招标中收受回扣。",
        "县交通局科长在车辆维修采购中虚开发票报销私人费用。",
        "县教育局副局长违规收受学校负责人所送购物卡。",
    ];

    private static readonly Pet.AccusedPerson[] Accused =
    [
        new() { Name = "李四", Unit = "河西镇人民政府", Post = "副镇长", Level = Common.Level.Township },
        new() { Name = "王五", Unit = "清水县交通运输局", Post = "科长", Level = Common.Level.Township },
        new() { Name = "赵六", Unit = "清水县教育局", Post = "副局长", Level = Common.Level.Township },
    ];

    /// <summary>Runs the pass; <paramref name="variant"/> (0–2) picks a different accusation and year, so runs in one suite are not repeats.</summary>
    public static async Task<ScenarioIds> RunAsync(SuiteHost suite, int variant = 0)
    {
        var tag = variant.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var key = "rel-" + tag + Guid.NewGuid().ToString("N")[..8];
        var petitions = new Pet.Petitions.PetitionsClient(suite.Channel);
        var submitted = await petitions.SubmitPetitionAsync(new Pet.SubmitPetitionRequest
        {
            IdempotencyKey = key,
            Channel = Pet.Channel.Online,
            Kind = Pet.PetitionKind.Accusation,
            // A second run names someone else: the same accusation again would be screened as a repeat.
            Facts = Facts[variant],
            Accused = { Accused[variant] },
            Disciplines = { Common.Discipline.Integrity },
        }, As(suite, Roles.Intake));
        await petitions.ScreenPetitionAsync(new Pet.ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = Pet.ScreeningOutcome.Accept, Reason = "属本级管辖" }, As(suite, Roles.Clerk));

        var clues = new Cl.Clues.CluesClient(suite.Channel);
        var clue = await clues.RegisterClueAsync(new Cl.RegisterClueRequest
        {
            IdempotencyKey = key,
            Source = Cl.ClueSource.InspectionTour,
            SourceReference = "市委第二巡察组移交",
            Subjects = { new Cl.ClueSubject { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Common.Level.Township } },
            Summary = "反映其在道路工程招标中收受承包商回扣。",
            Disciplines = { Common.Discipline.Integrity },
        }, As(suite, Roles.Supervisor));
        clue = await clues.AssignClueAsync(new Cl.AssignClueRequest { ClueId = clue.ClueId, Department = Tokens.Department, Handler = "rel-handler" }, As(suite, Roles.Supervisor));

        var talk = await new Tk.Talks.TalksClient(suite.Channel).RequestTalkAsync(new Tk.RequestTalkRequest
        {
            IdempotencyKey = key,
            Kind = Tk.TalkKind.Reminder,
            Reason = "党委安排",
            Participants = { new Tk.ParticipantInput { CadreId = "cadre-rel-001", Name = "干部甲" } },
        }, As(suite, Roles.Handler));

        var matter = await new Tol.Tolerance.ToleranceClient(suite.Channel).OpenMatterAsync(new Tol.OpenMatterRequest
        {
            IdempotencyKey = key,
            Source = Tol.MatterSource.Incident,
            SourceReference = "县审计局审计报告〔2026〕4号",
            Facts = "在土地租赁试点中，租金收入未达预期，造成国有资产损失约三百万元。",
            DutyBreached = "未充分评估试点风险，履行监管职责不到位",
            ProposedForm = "circulated_criticism",
            Targets = { new Tol.TargetInput { Kind = Tol.TargetKind.Organisation, OrganisationName = "清水县自然资源局" } },
        }, As(suite, Roles.Handler));

        var caseFiles = new Cf.CaseFiles.CaseFilesClient(suite.Channel);
        var opinion = await caseFiles.RequestIntegrityOpinionAsync(new Cf.RequestIntegrityOpinionRequest { IdempotencyKey = key, CadreId = CadreId, Purpose = Cf.OpinionPurpose.Promotion }, As(suite, Roles.OrgDept));
        await caseFiles.RecordRelativesBusinessCheckAsync(new Cf.RecordRelativesBusinessCheckRequest { IdempotencyKey = key, CadreId = CadreId, Year = 2025 - variant, SelfChecked = true }, As(suite, Roles.OrgDept));

        return new ScenarioIds(submitted.PetitionId, submitted.ReceiptCode, clue.ClueId, talk.TalkId, matter.MatterId, opinion.OpinionId, CadreId);
    }
}
