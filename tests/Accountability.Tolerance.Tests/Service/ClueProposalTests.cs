using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>A matter opened from the Clues service's AccountabilityProposed: once per proposal id.</summary>
public sealed class ClueProposalTests
{
    private const string Consumer = "tolerance.accountability-proposed";

    [Fact]
    public async Task A_clue_proposal_opens_one_matter_with_source_clue_whatever_message_id_it_arrives_under()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var bus = suite.Services.GetRequiredService<IBus>();
        var proposal = new AccountabilityProposed
        {
            ProposalId = "accprop_" + Guid.NewGuid().ToString("N"),
            ClueId = "clue_bridge",
            Subjects =
            [
                new AccusedPersonInfo("李四", "河西镇人民政府", "副镇长", "township", "cadre-prop-a"),
                new AccusedPersonInfo("王五", "河西镇人民政府", "站长", "township", null),
            ],
            Facts = "危桥改造项目长期停滞，汛期发生垮塌。",
            DutyBreached = "未履行安全监管职责",
            ProposedForm = "admonishment",
            Department = ToleranceRpc.Department,
            ProposedAt = suite.Clock.GetUtcNow(),
        };

        // The same proposal under two message ids (a copy re-published by an operator, say).
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await bus.Publish(proposal, c => c.MessageId = first, ct);
        await bus.Publish(proposal, c => c.MessageId = second, ct);
        await ToleranceRpc.Poll(async () =>
            await suite.Store(ToleranceModule.Name).GetAsync(InboxEntry.Collection, InboxEntry.IdFor(Consumer, first), ct) is not null
            && await suite.Store(ToleranceModule.Name).GetAsync(InboxEntry.Collection, InboxEntry.IdFor(Consumer, second), ct) is not null ? "both handled" : null);

        var summary = Assert.Single((await suite.Tolerance().ListMattersAsync(new ListMattersRequest { Source = MatterSource.Clue }, suite.Handler())).Matters);
        var matter = await suite.Tolerance().GetMatterAsync(new GetMatterRequest { MatterId = summary.MatterId }, suite.Handler());
        Assert.Equal((MatterSource.Clue, "clue_bridge", proposal.ProposalId, ToleranceRpc.Department, "admonishment", MatterStatus.Open),
            (matter.Source, matter.ClueId, matter.ProposalId, matter.Department, matter.ProposedForm, matter.Status));
        Assert.Equal([("t1", "cadre-prop-a", Common.Level.Township), ("t2", "", Common.Level.Township)], matter.Targets.Select(t => (t.TargetId, t.Cadre.CadreId, t.Cadre.Level)));
        Assert.Equal(("system:clues", "system"), (matter.Steps[0].SignedBy, matter.Steps[0].Role));

        var opened = Assert.Single(await suite.PayloadsAsync("matter-opened:v1", matter.MatterId));
        Assert.Equal(("clue", "clue_bridge", 2), (opened.GetProperty("source").GetString(), opened.GetProperty("clueId").GetString(), opened.GetProperty("targets").GetArrayLength()));
        Assert.Equal(["matter.opened"], await suite.AuditActionsAsync(matter.MatterId));
        await suite.AssertAuditChainValidAsync();
    }

    [Fact]
    public async Task A_proposed_form_this_build_does_not_know_is_left_out_of_the_matter()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var proposal = new AccountabilityProposed
        {
            ProposalId = "accprop_" + Guid.NewGuid().ToString("N"),
            ClueId = "clue_unknown_form",
            Subjects = [new AccusedPersonInfo("赵七", "河东镇人民政府", "镇长", "township", "cadre-prop-x")],
            Facts = "防汛物资储备不足。",
            DutyBreached = "未履行防汛职责",
            ProposedForm = "gov_warning",
            Department = ToleranceRpc.Department,
            ProposedAt = suite.Clock.GetUtcNow(),
        };
        await suite.Services.GetRequiredService<IBus>().Publish(proposal, ct);

        var summary = await ToleranceRpc.Poll(async () => (await suite.Tolerance().ListMattersAsync(new ListMattersRequest { CadreId = "cadre-prop-x" }, suite.Handler())).Matters.SingleOrDefault());
        var matter = await suite.Tolerance().GetMatterAsync(new GetMatterRequest { MatterId = summary.MatterId }, suite.Handler());
        Assert.Equal(("clue_unknown_form", ""), (matter.ClueId, matter.ProposedForm));
    }
}
