using Accountability.Contracts.Clues;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

/// <summary>The Clues service's events reach a petition through the bus and its inbox.</summary>
public sealed class ClueLifecycleTests
{
    [Fact]
    public async Task Petition_closes_when_its_last_clue_concludes_and_a_redelivery_changes_nothing()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var submitted = await petitions.SubmitPetitionAsync(PetitionRequests.Named(PetitionRequests.Reporter()), suite.As(Roles.Intake));
        var id = submitted.PetitionId;
        await petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖" }, suite.As(Roles.Clerk));
        await petitions.RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = id, Method = "电话告知" }, suite.As(Roles.Clerk));
        var triaged = await petitions.TriagePetitionAsync(
            new TriagePetitionRequest
            {
                PetitionId = id,
                Proposals =
                {
                    new ClueProposalInput { Summary = "反映收受工程回扣问题" },
                    new ClueProposalInput { Summary = "反映安排亲属承接工程问题" },
                },
            },
            suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.HandedToSupervision, triaged.Status);
        var first = triaged.ClueProposals[0].ProposalId;
        var second = triaged.ClueProposals[1].ProposalId;
        var bus = suite.Services.GetRequiredService<IBus>();
        var now = suite.Clock.GetUtcNow();

        // The Clues module in the suite registers a clue per proposal and says so by ClueRegistered.
        var linked = await WaitForAsync(suite, id, p => p.Status == PetitionStatus.ClueLinked && p.ClueProposals.All(c => c.Status == ClueProposalStatus.Registered));
        Assert.All(linked.ClueProposals, c => Assert.StartsWith("clue_", c.ClueId, StringComparison.Ordinal));

        // Clues concluding them is simulated here; the Clues tests drive the real path.
        await bus.Publish(new ClueConcluded { ClueId = linked.ClueProposals[0].ClueId, ProposalId = first, PetitionId = id, Result = "accepted_and_closed", ConcludedAt = now });
        var halfway = await WaitForAsync(suite, id, p => p.ClueProposals[0].Status == ClueProposalStatus.Concluded);
        Assert.Equal(PetitionStatus.ClueLinked, halfway.Status);

        var last = new ClueConcluded { ClueId = linked.ClueProposals[1].ClueId, ProposalId = second, PetitionId = id, Result = "first_form", ConcludedAt = now };
        var messageId = Guid.NewGuid();
        await bus.Publish(last, context => context.MessageId = messageId);
        var closed = await WaitForAsync(suite, id, p => p.Status == PetitionStatus.Closed);
        var versionAfterClose = closed.Version;
        var feedback = Assert.Single(closed.Deadlines, d => d.Kind == DeadlineKind.Feedback);
        Assert.Equal("2026-03-23", feedback.DueDate); // Monday 2 March + 15 working days (no holiday in between)

        await bus.Publish(last, context => context.MessageId = messageId);
        await Task.Delay(500);
        var after = await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));
        Assert.Equal(versionAfterClose, after.Version);
        Assert.Single(await suite.OutboxAsync(), m => m.MessageType.EndsWith("petition-closed:v1", StringComparison.Ordinal));

        var given = await petitions.RecordFeedbackAsync(new RecordFeedbackRequest { PetitionId = id, Method = "当面反馈", Summary = "已反馈办理结果" }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.FeedbackGiven, given.Status);
        Assert.All(given.Deadlines, d => Assert.NotNull(d.MetAt));
        var objection = await petitions.RecordObjectionAsync(new RecordObjectionRequest { PetitionId = id, Text = "对处理结果有异议" }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.ObjectionRecorded, objection.Status);
        var reopened = await petitions.ReopenPetitionAsync(new ReopenPetitionRequest
        {
            PetitionId = id,
            Reason = "提供了新的银行流水",
            NewEvidence = { new Protos.Common.V1.AttachmentRef { Name = "银行流水.pdf", Sha256 = new string('a', 64), SizeBytes = 1024 } },
        }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.Reopened, reopened.Status);
    }

    [Fact]
    public async Task An_anonymous_reporter_reads_the_result_feedback_with_the_receipt_code()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var submitted = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var id = submitted.PetitionId;
        await petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖" }, suite.As(Roles.Clerk));
        var triaged = await petitions.TriagePetitionAsync(new TriagePetitionRequest { PetitionId = id, Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题" } } }, suite.As(Roles.Clerk));
        var linked = await WaitForAsync(suite, id, p => p.Status == PetitionStatus.ClueLinked);

        await suite.Services.GetRequiredService<IBus>().Publish(new ClueConcluded
        {
            ClueId = linked.ClueProposals[0].ClueId,
            ProposalId = triaged.ClueProposals[0].ProposalId,
            PetitionId = id,
            Result = "first_form",
            ConcludedAt = suite.Clock.GetUtcNow(),
        });
        var closed = await WaitForAsync(suite, id, p => p.Status == PetitionStatus.Closed);
        Assert.Equal("2026-03-23", Assert.Single(closed.Deadlines, d => d.Kind == DeadlineKind.Feedback).DueDate);
        var desk = suite.Desk();
        Assert.Equal("", (await desk.GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = submitted.ReceiptCode })).Feedback);

        await petitions.RecordFeedbackAsync(new RecordFeedbackRequest { PetitionId = id, Method = "查询码公开", Summary = "经核查，已对被反映人进行谈话提醒。" }, suite.As(Roles.Clerk));

        var status = await desk.GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = submitted.ReceiptCode });
        Assert.Equal(ReporterStage.Concluded, status.Stage);
        Assert.Equal("经核查，已对被反映人进行谈话提醒。", status.Feedback);
    }

    private static async Task<Petition> WaitForAsync(SuiteHost suite, string id, Func<Petition, bool> condition)
    {
        var petitions = suite.Petitions();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var petition = await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));
            if (condition(petition))
            {
                return petition;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Petition {id} did not reach the expected state within 5 s.");
    }
}
