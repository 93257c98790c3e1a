using Accountability.Contracts.Clues;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

/// <summary>Real-name verification, repeats that would loop, reopening, the reporter's message quota, false accusations.</summary>
public sealed class ReporterFollowUpTests
{
    [Fact]
    public async Task A_name_the_clerk_cannot_confirm_makes_the_petition_anonymous_and_owes_no_notice()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var submitted = await petitions.SubmitPetitionAsync(PetitionRequests.Named(PetitionRequests.Reporter()), suite.As(Roles.Intake));
        var accepted = await petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖" }, suite.As(Roles.Clerk));
        Assert.Contains(accepted.Deadlines, d => d.Kind == DeadlineKind.AcceptanceNotice);

        var refuted = await petitions.VerifyReporterAsync(new VerifyReporterRequest { PetitionId = submitted.PetitionId, Verified = false, Method = "电话回拨无人接听，号码为空号" }, suite.As(Roles.Clerk));

        Assert.False(refuted.Named);
        Assert.DoesNotContain(refuted.Deadlines, d => d.Kind == DeadlineKind.AcceptanceNotice);
        await Rpc.FailsWith(StatusCode.FailedPrecondition, () => petitions.RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = submitted.PetitionId, Method = "电话" }, suite.As(Roles.Clerk)).ResponseAsync);
        var triaged = await petitions.TriagePetitionAsync(new TriagePetitionRequest { PetitionId = submitted.PetitionId, Proposals = { new ClueProposalInput { Summary = "反映收受回扣问题" } } }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.HandedToSupervision, triaged.Status);
    }

    [Fact]
    public async Task Linking_an_original_as_a_repeat_of_its_own_repeat_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var original = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var repeat = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(facts: PetitionRequests.DefaultFacts + "。"), suite.As(Roles.Intake));
        Assert.Equal(original.PetitionId, repeat.RepeatOfPetitionId);

        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, () => petitions.OverrideRepeatAsync(
            new OverrideRepeatRequest { PetitionId = original.PetitionId, RepeatOfPetitionId = repeat.PetitionId, Reason = "误判" }, suite.As(Roles.Clerk)).ResponseAsync);

        Assert.Equal(["repeat_of_petition_id"], Rpc.BadFields(ex));
        var stored = await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = original.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal("", stored.RepeatOfPetitionId);
    }

    [Fact]
    public async Task Reopening_without_new_evidence_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, () => suite.Petitions().ReopenPetitionAsync(
            new ReopenPetitionRequest { PetitionId = "pet_any", Reason = "举报人有异议" }, suite.As(Roles.Clerk)).ResponseAsync);
        Assert.Equal(["new_evidence"], Rpc.BadFields(ex));
    }

    [Fact]
    public async Task The_reporter_can_add_messages_up_to_the_quota_and_clerks_read_them()
    {
        await using var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["Petitions:MaxReporterMessages"] = "2" });
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var desk = suite.Desk();
        await desk.AddReporterMessageAsync(new AddReporterMessageRequest { ReceiptCode = submitted.ReceiptCode, Text = "补充：工程合同编号HX-2025-17" });
        await desk.AddReporterMessageAsync(new AddReporterMessageRequest { ReceiptCode = submitted.ReceiptCode, Text = "补充：付款发生在2025年12月" });

        await Rpc.FailsWith(StatusCode.ResourceExhausted, () => desk.AddReporterMessageAsync(new AddReporterMessageRequest { ReceiptCode = submitted.ReceiptCode, Text = "第三条" }).ResponseAsync);

        var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(["补充：工程合同编号HX-2025-17", "补充：付款发生在2025年12月"], petition.ReporterMessages.Select(m => m.Text));
    }

    [Fact]
    public async Task A_false_accusation_found_by_clues_marks_the_petition()
    {
        await using var suite = await SuiteHost.StartAsync();
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        await suite.Services.GetRequiredService<IBus>().Publish(new FalseAccusationFound
        {
            ClueId = "clue-9",
            PetitionId = submitted.PetitionId,
            ApprovingOrganId = "org-city",
            FoundAt = suite.Clock.GetUtcNow(),
        });

        for (var attempt = 0; attempt < 100; attempt++)
        {
            var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));
            if (petition.FalseAccusation)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The petition was not marked within 5 s.");
    }
}
