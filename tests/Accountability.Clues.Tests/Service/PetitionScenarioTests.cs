using Accountability.Contracts;
using Accountability.Contracts.Petitions;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Common = Accountability.Protos.Common.V1;
using Pet = Accountability.Protos.Petitions.V1;

namespace Accountability.Clues.Tests.Service;

/// <summary>The Petitions and Clues services together, over the in-memory bus (acceptance points 1 and 4, in-process).</summary>
public sealed class PetitionScenarioTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_report_on_a_township_deputy_head_ends_in_form_two_on_both_tracks_and_closes_the_petition(bool named)
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = new Pet.Petitions.PetitionsClient(suite.Channel);
        var clues = suite.Clues();

        // The report, accepted and triaged in the Petitions service.
        var submit = new Pet.SubmitPetitionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Channel = Pet.Channel.Online,
            Kind = Pet.PetitionKind.Accusation,
            Facts = "该镇副镇长在道路工程招标中收受承包商回扣二十万元。",
            Accused = { new Pet.AccusedPerson { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Common.Level.Township } },
            Disciplines = { Common.Discipline.Integrity },
        };
        if (named)
        {
            submit.Reporter = new Pet.ReporterIdentity { Name = "张三", Unit = "清水县河西镇中心小学", Phone = "13800001111" };
        }

        var petitionId = (await petitions.SubmitPetitionAsync(submit, suite.As(Roles.Intake))).PetitionId;
        await petitions.ScreenPetitionAsync(new Pet.ScreenPetitionRequest { PetitionId = petitionId, Outcome = Pet.ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        if (named)
        {
            await petitions.RecordAcceptanceNoticeAsync(new Pet.RecordAcceptanceNoticeRequest { PetitionId = petitionId, Method = "电话告知" }, suite.As(Roles.Clerk));
        }

        await petitions.TriagePetitionAsync(new Pet.TriagePetitionRequest { PetitionId = petitionId, Proposals = { new Pet.ClueProposalInput { Summary = "反映李四收受工程回扣问题" } } }, suite.As(Roles.Clerk));

        // ClueProposed reaches the Clues service; the petition learns of the clue.
        var listed = await Poll(async () => (await clues.ListCluesAsync(new ListCluesRequest { Source = ClueSource.Petition }, suite.Supervisor())).Clues.SingleOrDefault());
        var clue = await clues.GetClueAsync(new GetClueRequest { ClueId = listed.ClueId }, suite.Supervisor());
        Assert.Equal(petitionId, clue.PetitionId);
        Assert.Matches(@"^XS-2026-\d{6}$", clue.LedgerNumber);
        Assert.Equal(("李四", Common.Level.Township), (clue.Subjects[0].Name, clue.Subjects[0].Level));
        await Poll(async () => (await petitions.GetPetitionAsync(new Pet.GetPetitionRequest { PetitionId = petitionId }, suite.As(Roles.Clerk))) is { Status: Pet.PetitionStatus.ClueLinked } p ? p : null);

        // Letter inquiry, a reply judged untruthful, escalation to preliminary verification.
        var id = clue.ClueId;
        await clues.AssignClueAsync(new AssignClueRequest { ClueId = id, Department = ClueRpc.Department, Handler = "handler-li" }, suite.Supervisor());
        await clues.DecideDisposalAsync(new DecideDisposalRequest { ClueId = id, Method = DisposalMethod.TalkInquiry, CollectiveDecision = ClueRpc.Decision(suite.Today()), Reason = "一般性问题，函询" }, suite.Supervisor());
        await clues.SendInquiryLetterAsync(new SendInquiryLetterRequest { ClueId = id, LetterReference = "函询〔2026〕1号" }, suite.Handler());
        await clues.RecordInquiryReplyAsync(new RecordInquiryReplyRequest { ClueId = id, ReplyReference = "李四复函", CountersignedBy = "河西镇党委书记" }, suite.Handler());
        var escalated = await clues.ReportInquiryAsync(
            new ReportInquiryRequest { ClueId = id, Proposal = InquiryProposal.Escalate, ReplyUntruthful = true, Findings = "复函否认，但银行流水显示有往来", Approver = "王书记" }, suite.Handler());
        Assert.Equal(ClueStatus.Verifying, escalated.Status);
        Assert.True(escalated.ReplyUntruthful);

        // Verification by a team of two; the report, signed by both, files a case.
        await clues.PlanVerificationAsync(new PlanVerificationRequest { ClueId = id, Team = { "核查员甲", "核查员乙" }, PlanReference = "初核方案", Approver = "王书记" }, suite.Handler());
        var filed = await clues.ReportVerificationAsync(
            new ReportVerificationRequest { ClueId = id, Outcome = VerificationOutcome.FileCase, ReportReference = "初核报告", SignedBy = { "核查员乙", "核查员甲" }, Approver = "王书记" }, suite.Handler());
        Assert.Equal(ClueStatus.CaseFiled, filed.Status);

        // 严重警告 plus 政务记过: form 2 on the Party and the government track.
        var today = suite.Today();
        await clues.RecordOutcomeAsync(new RecordOutcomeRequest { ClueId = id, Kind = OutcomeKind.PartySeriousWarning, DecidedOn = today, ApprovedOn = today, CaseCategory = "收受回扣" }, suite.Supervisor());
        var sanctioned = await clues.RecordOutcomeAsync(new RecordOutcomeRequest { ClueId = id, Kind = OutcomeKind.GovDemerit, DecidedOn = today, ApprovedOn = today, CaseCategory = "收受回扣" }, suite.Supervisor());
        Assert.Equal([(OutcomeTrack.Party, 2), (OutcomeTrack.Government, 2)], sanctioned.Outcomes.Select(o => (o.Track, o.Form)));
        var decided = (await suite.EventsAsync("outcome-decided:v1"))
            .Select(m => (Accountability.Contracts.Clues.OutcomeDecided)System.Text.Json.JsonSerializer.Deserialize(m.Payload, typeof(Accountability.Contracts.Clues.OutcomeDecided), ContractJson.Options)!)
            .ToList();
        Assert.Equal([("gov_demerit", "government", 2), ("party_serious_warning", "party", 2)], decided.Select(o => (o.Kind, o.Track, o.Form)).Order());
        Assert.All(decided, o =>
        {
            Assert.True(o.ReplyUntruthful);
            Assert.Equal((today, today), (o.DecidedOn, o.ApprovedOn));
            Assert.Equal("李四", o.Subject.Name);
        });

        var concluded = await clues.ConcludeCaseAsync(new ConcludeCaseRequest { ClueId = id, Summary = "审结，给予严重警告、政务记过处分" }, suite.Supervisor());
        Assert.Equal("case_concluded", concluded.Conclusion);

        // ClueConcluded closes the petition; the reporter is owed feedback within 15 WD, by contact
        // when named, through the receipt code when anonymous (§2.3).
        var closed = await Poll(async () => (await petitions.GetPetitionAsync(new Pet.GetPetitionRequest { PetitionId = petitionId }, suite.As(Roles.Clerk))) is { Status: Pet.PetitionStatus.Closed } p ? p : null);
        Assert.Equal("2026-03-23", Assert.Single(closed.Deadlines, d => d.Kind == Pet.DeadlineKind.Feedback).DueDate); // Monday 2 March + 15 working days
    }

    [Fact]
    public async Task A_proposal_delivered_again_under_other_message_ids_becomes_one_clue()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = new Pet.Petitions.PetitionsClient(suite.Channel);
        var submit = new Pet.SubmitPetitionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Channel = Pet.Channel.Letter,
            Kind = Pet.PetitionKind.Accusation,
            Facts = "该镇副镇长违规收受礼金。",
            Accused = { new Pet.AccusedPerson { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Common.Level.Township } },
            Disciplines = { Common.Discipline.Integrity },
        };
        var petitionId = (await petitions.SubmitPetitionAsync(submit, suite.As(Roles.Intake))).PetitionId;
        await petitions.ScreenPetitionAsync(new Pet.ScreenPetitionRequest { PetitionId = petitionId, Outcome = Pet.ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        var triaged = await petitions.TriagePetitionAsync(new Pet.TriagePetitionRequest { PetitionId = petitionId, Proposals = { new Pet.ClueProposalInput { Summary = "反映收受礼金问题" } } }, suite.As(Roles.Clerk));
        var now = suite.Clock.GetUtcNow();
        var proposal = new ClueProposed
        {
            ProposalId = triaged.ClueProposals[0].ProposalId,
            PetitionId = petitionId,
            RegisterNumber = triaged.RegisterNumber,
            OrganId = "org-city",
            Accused = [new AccusedPersonInfo("李四", "清水县河西镇人民政府", "副镇长", "township", null)],
            Disciplines = ["Integrity"],
            Summary = "反映收受礼金问题",
            NamedReport = false,
            ReceivedAt = now,
            ProposedAt = now,
        };

        // The outbox's own delivery, plus two copies under new message ids (a re-sent publish).
        var bus = suite.Services.GetRequiredService<IBus>();
        await Task.WhenAll(
            bus.Publish(proposal, c => c.MessageId = Guid.NewGuid(), TestContext.Current.CancellationToken),
            bus.Publish(proposal, c => c.MessageId = Guid.NewGuid(), TestContext.Current.CancellationToken));
        await Poll(async () => await suite.Store(CluesModule.Name).CountAsync(InboxEntry.Collection, null) == 3 ? "all handled" : null);

        var listed = await suite.Clues().ListCluesAsync(new ListCluesRequest(), suite.Supervisor());
        var clue = await suite.Clues().GetClueAsync(new GetClueRequest { ClueId = Assert.Single(listed.Clues).ClueId }, suite.Supervisor());
        Assert.Equal(proposal.ProposalId, clue.ProposalId);
        Assert.Equal(ClueSource.Petition, clue.Source);
        Assert.Equal([Common.Discipline.Integrity], clue.Disciplines);
        Assert.Single(await suite.EventsAsync("clue-registered:v1"));
    }

    private static async Task<T> Poll<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The expected state was not reached within 10 s.");
    }
}
