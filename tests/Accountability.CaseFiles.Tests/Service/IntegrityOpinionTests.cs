using Accountability.Contracts;
using Accountability.Contracts.Tolerance;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Clue = Accountability.Protos.Clues.V1;
using Tol = Accountability.Protos.Tolerance.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>Integrity opinions answered from dossiers built by the real services' events (acceptance points 1 and 2).</summary>
public sealed class IntegrityOpinionTests
{
    [Fact]
    public async Task Signing_recomputes_the_answer_and_a_change_since_the_request_is_stored_and_said()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-city-jtj-02");
        var opinion = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "resign", CadreId = cadre.CadreId, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.NoIssueFound, opinion.Answer);

        // A clue about the cadre is registered before the reply is signed.
        var registered = await suite.Clues().RegisterClueAsync(new Clue.RegisterClueRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = Clue.ClueSource.Audit,
            SourceReference = "审计移交",
            Subjects = { CaseRpc.Subject(cadre) },
            Summary = "反映其违规发放补贴。",
            Disciplines = { Protos.Common.V1.Discipline.Integrity },
        }, suite.Supervisor());
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Any(m => m.Record == "clue:" + registered.ClueId));

        var signed = await suite.CaseFiles().SignIntegrityOpinionAsync(new SignIntegrityOpinionRequest { OpinionId = opinion.OpinionId, Signers = { "纪委书记" } }, suite.Supervisor());
        Assert.Equal((OpinionAnswer.DeferUntilResolved, OpinionAnswer.NoIssueFound), (signed.Answer, signed.AnswerAtRequest));
        Assert.Contains(signed.Reasons, r => r.Rule == "open_clue" && r.Records.Contains("clue:" + registered.ClueId));
        var read = await suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, suite.OrgDept());
        Assert.Equal(OpinionAnswer.DeferUntilResolved, read.Answer);
        var audit = new Protos.Audit.V1.Audit.AuditClient(suite.Channel);
        var records = await audit.ListAuditRecordsAsync(new Protos.Audit.V1.ListAuditRecordsRequest { Chain = CaseFilesModule.Name, ObjectId = opinion.OpinionId, PageSize = 100 }, suite.As(Platform.Security.Roles.Auditor));
        Assert.Contains(records.Records, r => r.Action == "integrity_opinion.replied" && r.Reason.Contains("no_issue_found to defer_until_resolved", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Scenario_one_is_not_suitable_six_months_after_and_no_issue_found_nineteen_months_after_approval()
    {
        await using var suite = await SuiteHost.StartAsync();
        var approvedOn = suite.Today();
        var clueId = await suite.ScenarioOneAsync();
        await suite.DossierWhenAsync(CaseRpc.LiSi, d => d.ClosedMatters.Any(m => m.Record == "clue:" + clueId) && d.ImpactPeriods.Count == 2);

        // Six months later: both impact periods run (严重警告 18 months, 记过 12 months), on both tracks.
        suite.Clock.Advance(TimeSpan.FromDays(183));
        var opinion = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "promotion-2026-09", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.NotSuitable, opinion.Answer);
        Assert.Equal("不宜提拔任用", opinion.AnswerText);
        var active = opinion.Reasons.Where(r => r.Rule == "impact_period_active").ToList();
        Assert.Equal(2, active.Count);
        Assert.All(active, r => Assert.Equal(OpinionAnswer.NotSuitable, r.Answer));
        Assert.Contains(active, r => r.Text.Contains("党内严重警告", StringComparison.Ordinal) && r.Text.Contains($"{approvedOn}起18个月", StringComparison.Ordinal));
        Assert.Contains(active, r => r.Text.Contains("政务记过", StringComparison.Ordinal) && r.Text.Contains($"{approvedOn}起12个月", StringComparison.Ordinal));
        Assert.All(active, r => Assert.StartsWith("outcome:", Assert.Single(r.Records), StringComparison.Ordinal));
        Assert.Equal("orgdept-zhou", opinion.RequestedBy);

        var dossier = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = CaseRpc.LiSi }, suite.Supervisor());
        Assert.Equal([(Track.Party, "party_serious_warning", 18, true), (Track.Government, "gov_demerit", 12, true)],
            dossier.ImpactPeriods.OrderBy(p => p.Track).Select(p => (p.Track, p.Measure, p.Months, p.Active)));

        // Nineteen months after approval both have ended: nothing stands in the way, and the reply notes the closed matter.
        suite.Clock.Advance(TimeSpan.FromDays(579 - 183));
        var later = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "promotion-2027-10", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.NoIssueFound, later.Answer);
        Assert.Equal("暂未发现影响提拔任用的问题", later.AnswerText);
        var closed = Assert.Single(later.Reasons, r => r.Rule == "matter_closed");
        Assert.True(closed.Note);
        Assert.Contains("反映问题已了结", closed.Text, StringComparison.Ordinal);
        Assert.Equal(["clue:" + clueId], closed.Records);
        Assert.Equal(2, later.Reasons.Count(r => r.Rule == "impact_period_ended" && r.Note));
        Assert.DoesNotContain(later.Reasons, r => !r.Note);
    }

    [Theory]
    [InlineData(Clue.DisposalMethod.TalkInquiry, "谈话函询")]
    [InlineData(Clue.DisposalMethod.PreliminaryVerification, "初步核实")]
    [InlineData(Clue.DisposalMethod.TransferInvestigation, "立案审查调查")]
    public async Task An_open_clue_in_inquiry_verification_or_case_defers_the_opinion_naming_the_clue(Clue.DisposalMethod method, string stage)
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-baiyun-gov-03");
        var registered = await suite.Clues().RegisterClueAsync(new Clue.RegisterClueRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = Clue.ClueSource.InspectionTour,
            SourceReference = "市委第二巡察组移交",
            Subjects = { CaseRpc.Subject(cadre) },
            Summary = "反映其违规干预工程项目。",
            Disciplines = { Protos.Common.V1.Discipline.Integrity },
        }, suite.Supervisor());
        await suite.DisposeAsync(registered.ClueId, method);
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Any(m => m.Record == "clue:" + registered.ClueId && m.Stage != "assigned" && m.Stage != "registered"));

        var opinion = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadre.CadreId, Purpose = OpinionPurpose.Promotion });

        Assert.Equal(OpinionAnswer.DeferUntilResolved, opinion.Answer);
        var open = Assert.Single(opinion.Reasons, r => r.Rule == "open_clue");
        Assert.Equal(["clue:" + registered.ClueId], open.Records);
        Assert.Contains(registered.LedgerNumber, open.Text, StringComparison.Ordinal);
        Assert.Contains(stage, open.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_held_clue_is_a_note_and_a_closed_clue_no_longer_defers()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-city-czj-02");
        var clues = suite.Clues();
        var held = await clues.RegisterClueAsync(new Clue.RegisterClueRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = Clue.ClueSource.Audit,
            SourceReference = "审计移送",
            Subjects = { CaseRpc.Subject(cadre) },
            Summary = "反映其违规发放补贴。",
            Disciplines = { Protos.Common.V1.Discipline.Integrity },
        }, suite.Supervisor());
        await suite.DisposeAsync(held.ClueId, Clue.DisposalMethod.Hold);
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Any(m => m.Stage == "held"));

        var opinion = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadre.CadreId, Purpose = OpinionPurpose.Award });
        Assert.Equal(OpinionAnswer.NoIssueFound, opinion.Answer);
        Assert.True(Assert.Single(opinion.Reasons, r => r.Rule == "held_clue").Note);
    }

    [Fact]
    public async Task A_mistake_exempted_through_the_tolerance_services_own_procedure_does_not_hold_the_cadre_back()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-qingshui-czj-01");
        var tolerance = new Tol.Tolerance.ToleranceClient(suite.Channel);
        var handler = suite.Handler();

        // An audit found a loss in a pilot lease the cadre ran: the Tolerance service opens a matter.
        var matter = await tolerance.OpenMatterAsync(new Tol.OpenMatterRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Source = Tol.MatterSource.Incident,
            SourceReference = "县审计局审计报告〔2026〕4号",
            Facts = "在土地租赁试点中，租金收入未达预期，造成国有资产损失约三百万元。",
            DutyBreached = "未充分评估试点风险，履行监管职责不到位",
            ProposedForm = "circulated_criticism",
            Targets = { new Tol.TargetInput { Kind = Tol.TargetKind.Cadre, Cadre = new Tol.Cadre { CadreId = cadre.CadreId, Name = cadre.Name, Unit = cadre.Unit, Post = cadre.Post, Level = cadre.Level } } },
        }, handler);
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Any(m => m.Record == "matter:" + matter.MatterId));
        var pending = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadre.CadreId, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.DeferUntilResolved, pending.Answer);

        // Application, acceptance, verification, the committee's vote and decision (免予问责), written
        // feedback, filing, then the accountability decision without forms.
        var target = Assert.Single(matter.Targets);
        var filed = await tolerance.FileApplicationAsync(new Tol.FileApplicationRequest
        {
            MatterId = matter.MatterId, TargetId = target.TargetId, ApplicantKind = Tol.ApplicantKind.Cadre, ApplicantName = cadre.Name, WrittenOn = suite.Today(),
            Reference = "容错免责申请书", Statement = "本人申请依照问责条例第十七条予以容错。",
            Grounds = { Tol.ToleranceGround.UnrestrictedExploration }, Mitigations = { Tol.Mitigation.RemedialAction },
        }, handler);
        await tolerance.AcceptApplicationAsync(new Tol.AcceptApplicationRequest { ApplicationId = filed.ApplicationId, Note = "符合受理条件" }, suite.Supervisor());
        var verify = new Tol.VerifyApplicationRequest
        {
            ApplicationId = filed.ApplicationId,
            Facts = new Tol.VerifiedFacts { CollectiveDecision = true, LossesRecoveredPercent = 40 },
            EstablishedGrounds = { Tol.ToleranceGround.UnrestrictedExploration },
            EstablishedMitigations = { Tol.Mitigation.RemedialAction },
            Summary = "经核实，情况属实。",
        };
        verify.Factors.AddRange(Enum.GetValues<Tol.AssessmentFactor>().Where(f => f != Tol.AssessmentFactor.Unspecified).Select((f, i) => new Tol.Factor
        {
            Kind = f,
            Finding = "核实情况：" + f,
            Evidence = { new Protos.Common.V1.AttachmentRef { Name = $"证据{i + 1}.pdf", Sha256 = new string((char)('a' + i), 64), SizeBytes = 2048, Uri = $"docs://tolerance/evidence-{i + 1}", MediaType = "application/pdf" } },
        }));
        var verified = await tolerance.VerifyApplicationAsync(verify, handler);
        Assert.Equal(Tol.ToleranceOutcome.Exempted, verified.Evaluation.SuggestedOutcome);
        await tolerance.ConveneCommitteeAsync(new Tol.ConveneCommitteeRequest
        {
            ApplicationId = filed.ApplicationId, Name = "县纪委常委会", MeetingDate = suite.Today(),
            Members =
            {
                new Tol.CommitteeMember { MemberId = "m1", Name = "纪委书记 陈", Unit = "县纪委" },
                new Tol.CommitteeMember { MemberId = "m2", Name = "纪委副书记 林", Unit = "县纪委机关" },
                new Tol.CommitteeMember { MemberId = "m3", Name = "监委委员 黄", Unit = "县监委" },
                new Tol.CommitteeMember { MemberId = "m4", Name = "常委 周", Unit = "县委组织部" },
                new Tol.CommitteeMember { MemberId = "m5", Name = "常委 吴", Unit = "县委办公室" },
            },
        }, suite.Supervisor());
        foreach (var member in new[] { "m1", "m2", "m3" })
        {
            await tolerance.RecordVoteAsync(new Tol.RecordVoteRequest { ApplicationId = filed.ApplicationId, MemberId = member, Outcome = Tol.ToleranceOutcome.Exempted, Opinion = "同意" }, suite.Supervisor());
        }

        await tolerance.DecideApplicationAsync(new Tol.DecideApplicationRequest { ApplicationId = filed.ApplicationId, Outcome = Tol.ToleranceOutcome.Exempted }, suite.Supervisor());
        await tolerance.RecordFeedbackAsync(new Tol.RecordFeedbackRequest { ApplicationId = filed.ApplicationId, DeliveredOn = suite.Today(), Reference = "容错认定结果告知书", Method = "书面送达" }, handler);
        await tolerance.FileToleranceDecisionAsync(new Tol.FileToleranceDecisionRequest { ApplicationId = filed.ApplicationId, FiledWith = Tol.FilingRecipient.OrgDept }, handler);
        var decision = await tolerance.DecideAccountabilityAsync(new Tol.DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = target.TargetId, Basis = "问责条例第十七条第一项：免予问责" }, suite.Supervisor());
        Assert.True(decision.Exempted);

        var dossier = await suite.DossierWhenAsync(cadre.CadreId, d => d.ClosedMatters.Any(m => m.Record == "matter:" + matter.MatterId));
        Assert.Empty(dossier.ImpactPeriods);
        var cleared = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadre.CadreId, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.NoIssueFound, cleared.Answer);
        var exempted = Assert.Single(cleared.Reasons, r => r.Rule == "exempted_by_tolerance");
        Assert.True(exempted.Note);
        Assert.Equal(["decision:" + decision.DecisionId], exempted.Records);
        Assert.DoesNotContain(cleared.Reasons, r => !r.Note);
    }

    [Fact]
    public async Task A_mistake_exempted_by_tolerance_does_not_hold_the_cadre_back_while_an_undecided_matter_does()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-qingshui-czj-01");
        var person = new AccusedPersonInfo(cadre.Name, cadre.Unit, cadre.Post, "county", cadre.CadreId);
        var target = new AccountabilityTargetInfo { TargetId = "t1", Kind = "cadre", Cadre = person };
        var now = suite.Clock.GetUtcNow();
        await suite.PublishAsync(new AccountabilityMatterOpened { MatterId = "matter-1", Source = "incident", Targets = [target], OpenedAt = now });
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Any(m => m.Record == "matter:matter-1"));

        var pending = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadre.CadreId, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.DeferUntilResolved, pending.Answer);
        Assert.Equal(["matter:matter-1"], Assert.Single(pending.Reasons, r => r.Rule == "open_accountability_matter").Records);

        // The committee finds the loss came from an exploratory pilot (Art.17(1)): 免予问责, no impact period.
        var today = suite.Today();
        await suite.PublishAsync(new ToleranceDecided { ApplicationId = "app-1", MatterId = "matter-1", TargetId = "t1", Cadre = person, Outcome = "exempted", RuleSetVersion = "2024-1", DecidedOn = today, DecidedAt = now });
        await suite.PublishAsync(new AccountabilityDecided
        {
            DecisionId = "dec-1", MatterId = "matter-1", Target = target, Forms = [], Exempted = true, ToleranceOutcome = "exempted",
            DecidedOn = today, ApprovedOn = today, DecidedAt = now,
        });
        await suite.DossierWhenAsync(cadre.CadreId, d => d.ClosedMatters.Any(m => m.Record == "matter:matter-1"));

        var cleared = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadre.CadreId, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.NoIssueFound, cleared.Answer);
        var exempted = Assert.Single(cleared.Reasons, r => r.Rule == "exempted_by_tolerance");
        Assert.True(exempted.Note);
        Assert.Equal(["decision:dec-1"], exempted.Records);

        // A co-decider who was not tolerated gets 诫勉 with its impact period: held back.
        var other = await suite.CadreAsync("c-qingshui-czj-02");
        var otherTarget = new AccountabilityTargetInfo { TargetId = "t2", Kind = "cadre", Cadre = new AccusedPersonInfo(other.Name, other.Unit, other.Post, "county", other.CadreId) };
        await suite.PublishAsync(new AccountabilityDecided
        {
            DecisionId = "dec-2", MatterId = "matter-1", Target = otherTarget,
            Forms = [new AccountabilityFormInfo { Kind = "admonishment", Track = "organisational", Form = 1, ImpactStartsOn = today }],
            Exempted = false, ToleranceOutcome = "not_tolerated", DecidedOn = today, ApprovedOn = today, DecidedAt = now,
        });
        await suite.DossierWhenAsync(other.CadreId, d => d.ImpactPeriods.Count == 1);
        var held = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = other.CadreId, Purpose = OpinionPurpose.Promotion });
        Assert.Equal(OpinionAnswer.NotSuitable, held.Answer);
        Assert.Contains("诫勉", Assert.Single(held.Reasons, r => r.Rule == "impact_period_active").Text, StringComparison.Ordinal);

        // On appeal the decision is revoked: the period no longer counts.
        await suite.PublishAsync(new AppealDecided { AppealId = "appeal-1", MatterId = "matter-1", DecisionId = "dec-2", Result = "revoked", DecidedOn = today, DecidedAt = now });
        await suite.DossierWhenAsync(other.CadreId, d => d.ImpactPeriods.Count == 0);
    }

    [Fact]
    public async Task The_reply_is_due_in_three_working_days_alerts_when_late_and_is_given_by_signing()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var opinion = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "k-1", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Transfer });
        Assert.Equal("2026-03-05", opinion.ReplyDue);
        Assert.Equal(OpinionStatus.AwaitingSignature, opinion.Status);

        var again = await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "k-1", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Transfer });
        Assert.Equal(opinion.OpinionId, again.OpinionId);

        suite.Clock.Advance(TimeSpan.FromDays(4)); // Friday 6 March: one day late
        var monitor = suite.Services.GetRequiredService<Platform.Deadlines.DeadlineMonitor<CaseFiles.Domain.IntegrityOpinion>>();
        await monitor.ScanAsync(TestContext.Current.CancellationToken);
        var alerts = (await suite.OutboxAsync(CaseFilesModule.Name)).Where(m => m.MessageType.EndsWith("integrity-opinion-deadline-alerted:v1", StringComparison.Ordinal)).ToList();
        Assert.Contains(alerts, a => a.Payload.Contains("\"breached\"", StringComparison.Ordinal) && a.Payload.Contains(opinion.OpinionId, StringComparison.Ordinal));
        var overdue = await suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { OverdueOnly = true }, suite.OrgDept());
        Assert.Equal(opinion.OpinionId, Assert.Single(overdue.Opinions).OpinionId);

        var current = await suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, suite.OrgDept());
        Assert.True(current.Overdue);
        await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.Aborted, () => suite.CaseFiles().SignIntegrityOpinionAsync(
            new SignIntegrityOpinionRequest { OpinionId = opinion.OpinionId, Signers = { "纪委书记 王某" }, ExpectedVersion = opinion.Version }, suite.Supervisor()).ResponseAsync);
        var signed = await suite.CaseFiles().SignIntegrityOpinionAsync(
            new SignIntegrityOpinionRequest { OpinionId = opinion.OpinionId, Signers = { "纪委书记 王某", "党风政风监督室 赵某" }, ExpectedVersion = current.Version }, suite.Supervisor());
        Assert.Equal(OpinionStatus.Replied, signed.Status);
        Assert.False(signed.Overdue);
        Assert.Empty((await suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { OverdueOnly = true }, suite.OrgDept())).Opinions);
        await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.FailedPrecondition, () =>
            suite.CaseFiles().SignIntegrityOpinionAsync(new SignIntegrityOpinionRequest { OpinionId = opinion.OpinionId, Signers = { "某" } }, suite.Supervisor()).ResponseAsync);
    }

    [Fact]
    public async Task Opinions_due_within_working_days_are_listed_soonest_first_until_signed()
    {
        await using var suite = await SuiteHost.StartAsync(); // Monday 2 March 2026
        var cases = suite.CaseFiles();
        var first = await cases.RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "due-1", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion }, suite.OrgDept());
        suite.Clock.Advance(TimeSpan.FromDays(1)); // Tuesday: the second is due Friday 6 March
        var second = await cases.RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "due-2", CadreId = "c-city-czj-02", Purpose = OpinionPurpose.Award }, suite.OrgDept());
        Assert.Equal(("2026-03-05", "2026-03-06"), (first.ReplyDue, second.ReplyDue));

        async Task<List<string>> DueWithin(int workingDays) =>
            (await cases.ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { DueWithinWorkingDays = workingDays }, suite.Supervisor())).Opinions.Select(o => o.OpinionId).ToList();

        Assert.Empty(await DueWithin(1)); // through Wednesday 4 March
        Assert.Equal([first.OpinionId], await DueWithin(2));
        Assert.Equal([first.OpinionId, second.OpinionId], await DueWithin(3));

        // Friday: the first is overdue and still listed; once signed, it is not.
        suite.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal([first.OpinionId, second.OpinionId], await DueWithin(1));
        await cases.SignIntegrityOpinionAsync(new SignIntegrityOpinionRequest { OpinionId = first.OpinionId, Signers = { "纪委书记 王某" } }, suite.Supervisor());
        Assert.Equal([second.OpinionId], await DueWithin(1));

        var refused = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () =>
            cases.ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { DueWithinWorkingDays = 367 }, suite.Supervisor()).ResponseAsync);
        Assert.Equal(["due_within_working_days"], CaseRpc.BadFields(refused));
    }
}
