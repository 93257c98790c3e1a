using System.Text.Json;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using AuditApi = Accountability.Protos.Audit.V1;

namespace Accountability.Clues.Tests.Service;

/// <summary>Proposing accountability (问责) to the Tolerance service once verification or a case reached findings.</summary>
public sealed class AccountabilityProposalTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    private Protos.Clues.V1.Clues.CluesClient Clues => Suite.Clues();

    [Fact]
    public async Task A_filed_case_proposes_accountability_for_the_chosen_subjects_with_an_event_a_step_and_an_audit_record()
    {
        var registration = ClueRpc.Registration(cadreId: "cadre-prop-1");
        registration.Subjects.Add(new ClueSubject { Name = "王五", Unit = "清水县河西镇人民政府", Post = "镇长", Level = Protos.Common.V1.Level.Township, CadreId = "cadre-prop-2" });
        var clue = await Suite.CaseFiledAsync(registration);

        var proposed = await Clues.ProposeAccountabilityAsync(Proposal(clue.ClueId, 1), Suite.Handler());

        // Recorded on the clue (its state unchanged), signed by the handler, with the proposal id.
        Assert.Equal(ClueStatus.CaseFiled, proposed.Status);
        var step = proposed.Steps[^1];
        Assert.Equal(("propose_accountability", "handler-li", ClueStatus.CaseFiled, ClueStatus.CaseFiled), (step.Action, step.SignedBy, step.From, step.To));
        var message = Assert.Single(await Suite.EventsAsync("accountability-proposed:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
        using var payload = JsonDocument.Parse(message.Payload);
        var root = payload.RootElement;
        Assert.Contains(root.GetProperty("proposalId").GetString()!, step.Note, StringComparison.Ordinal);
        Assert.Equal(["cadre-prop-2"], root.GetProperty("subjects").EnumerateArray().Select(s => s.GetProperty("cadreId").GetString()));
        Assert.Equal(("未履行安全监管职责", "admonishment", ClueRpc.Department), (
            root.GetProperty("dutyBreached").GetString(), root.GetProperty("proposedForm").GetString(), root.GetProperty("department").GetString()));

        var audit = await new AuditApi.Audit.AuditClient(Suite.Channel).ListAuditRecordsAsync(
            new AuditApi.ListAuditRecordsRequest { Chain = CluesModule.Name, ObjectId = clue.ClueId, PageSize = 100 }, Suite.As(Roles.Auditor));
        Assert.Contains(audit.Records, r => r.Action == "clue.propose_accountability" && r.Actor == "handler-li");
    }

    [Fact]
    public async Task A_clue_concluded_after_verification_may_propose_and_one_closed_without_findings_may_not()
    {
        var planned = await Suite.PlannedAsync();
        var refusedWhileVerifying = await ClueRpc.FailsWith(StatusCode.FailedPrecondition,
            () => Clues.ProposeAccountabilityAsync(Proposal(planned.ClueId), Suite.Handler()).ResponseAsync);
        Assert.Contains("VERIFYING (no verification report or case findings)", refusedWhileVerifying.Status.Detail, StringComparison.Ordinal);

        var reported = await Clues.ReportVerificationAsync(new ReportVerificationRequest
        {
            ClueId = planned.ClueId,
            Outcome = VerificationOutcome.Close,
            ReportReference = "初核报告〔2026〕5号",
            SignedBy = { "核查员甲", "核查员乙" },
            Approver = "王书记",
        }, Suite.Handler());
        Assert.Equal(ClueStatus.Concluded, reported.Status);
        var proposed = await Clues.ProposeAccountabilityAsync(Proposal(planned.ClueId), Suite.Handler());
        Assert.Equal("propose_accountability", proposed.Steps[^1].Action);

        var closed = await Suite.DisposedAsync(DisposalMethod.Close);
        var refused = await ClueRpc.FailsWith(StatusCode.FailedPrecondition,
            () => Clues.ProposeAccountabilityAsync(Proposal(closed.ClueId), Suite.Handler()).ResponseAsync);
        Assert.Contains("CONCLUDED (no verification report or case findings)", refused.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await Suite.EventsAsync("accountability-proposed:v1"), m => m.Payload.Contains(closed.ClueId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Bad_input_names_every_field_and_stores_nothing()
    {
        var clue = await Suite.CaseFiledAsync();
        var bad = new ProposeAccountabilityRequest { ClueId = clue.ClueId, ExpectedVersion = -1, ProposedForm = "诫勉", SubjectIndexes = { -1, 0, 0 } };

        var refused = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ProposeAccountabilityAsync(bad, Suite.Handler()).ResponseAsync);
        Assert.Equal(["expected_version", "facts", "duty_breached", "proposed_form", "subject_indexes[0]", "subject_indexes[2]"], ClueRpc.BadFields(refused));

        var unknownSubject = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ProposeAccountabilityAsync(Proposal(clue.ClueId, 3), Suite.Handler()).ResponseAsync);
        Assert.Equal(["subject_indexes[0]"], ClueRpc.BadFields(unknownSubject));

        // A well-formed kind that is not an accountability form (问责条例 Art.8) is refused here, not stored downstream.
        var notAForm = Proposal(clue.ClueId);
        notAForm.ProposedForm = "party_warning_x";
        var unknownForm = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ProposeAccountabilityAsync(notAForm, Suite.Handler()).ResponseAsync);
        Assert.Equal(["proposed_form"], ClueRpc.BadFields(unknownForm));

        var after = await Clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.Supervisor());
        Assert.Equal(clue.Version, after.Version);
        Assert.DoesNotContain(await Suite.EventsAsync("accountability-proposed:v1"), m => m.Payload.Contains(clue.ClueId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_repeated_idempotency_key_returns_the_clue_without_a_second_proposal_and_each_subject_is_proposed_once()
    {
        var registration = ClueRpc.Registration(cadreId: "cadre-once-1");
        registration.Subjects.Add(new ClueSubject { Name = "赵六", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Protos.Common.V1.Level.Township, CadreId = "cadre-once-2" });
        var clue = await Suite.CaseFiledAsync(registration);
        var key = Guid.NewGuid().ToString("N");

        var request = Proposal(clue.ClueId, 0);
        request.IdempotencyKey = key;
        var first = await Clues.ProposeAccountabilityAsync(request, Suite.Handler());
        var again = await Clues.ProposeAccountabilityAsync(request, Suite.Handler());
        Assert.Equal((first.Version, 1), (again.Version, again.AccountabilityProposals.Count));
        Assert.Single(await ProposalsOf(clue.ClueId));

        // The key names that proposal only; the subject is proposed once, with or without a key.
        var otherContent = Proposal(clue.ClueId, 1);
        otherContent.IdempotencyKey = key;
        var reused = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Clues.ProposeAccountabilityAsync(otherContent, Suite.Handler()).ResponseAsync);
        Assert.Equal(["idempotency_key"], ClueRpc.BadFields(reused));
        var twice = await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.ProposeAccountabilityAsync(Proposal(clue.ClueId, 0), Suite.Handler()).ResponseAsync);
        Assert.Contains($"subject 0 {registration.Subjects[0].Name} already proposed in {first.AccountabilityProposals[0].ProposalId}", twice.Status.Detail, StringComparison.Ordinal);
        await ClueRpc.FailsWith(StatusCode.FailedPrecondition, () => Clues.ProposeAccountabilityAsync(Proposal(clue.ClueId), Suite.Handler()).ResponseAsync);
        Assert.Equal(first.Version, (await Clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, Suite.Supervisor())).Version);
        Assert.Single(await ProposalsOf(clue.ClueId));

        // The other subject may still be proposed.
        var second = await Clues.ProposeAccountabilityAsync(Proposal(clue.ClueId, 1), Suite.Handler());
        Assert.Equal([[0], [1]], second.AccountabilityProposals.Select(p => p.SubjectIndexes.ToArray()));
        Assert.Equal(2, (await ProposalsOf(clue.ClueId)).Count);
    }

    private async Task<List<Platform.Messaging.OutboxMessage>> ProposalsOf(string clueId) =>
        (await Suite.EventsAsync("accountability-proposed:v1")).Where(m => m.Payload.Contains(clueId, StringComparison.Ordinal)).ToList();

    private static ProposeAccountabilityRequest Proposal(string clueId, params int[] subjects) => new()
    {
        ClueId = clueId,
        SubjectIndexes = { subjects },
        Facts = "核查发现其分管的建筑工地长期存在安全隐患，未按要求督促整改。",
        DutyBreached = "未履行安全监管职责",
        ProposedForm = "admonishment",
    };
}
