using System.Text.Json;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Clues and Tolerance as separate processes over a private RabbitMQ node: an accountability
/// proposal from a filed case opens one matter in Tolerance, also when the proposal is delivered
/// again under its own message id and under a new one.
/// </summary>
public sealed class CrossServiceToleranceTests(ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task An_accountability_proposal_from_clues_opens_exactly_one_matter_in_tolerance()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var probe = await ClueProposalProbe.StartAsync(node.AmqpUri, "e2e-cross-service-tolerance-probe", ct);
        await using var clues = await ServiceUnderTest.StartAsync(ServiceBinaries.Clues, node.AmqpUri, ct);
        await using var tolerance = await ServiceUnderTest.StartAsync(ServiceBinaries.Tolerance, node.AmqpUri, ct);
        var toleranceClient = new Protos.Tolerance.V1.Tolerance.ToleranceClient(tolerance.Channel);
        try
        {
            var clue = await ClueSteps.RegisterAssignAndDisposeAsync(
                clues, ClueSource.Supervision, "专项监督检查",
                new ClueSubject { Name = "赵六", Unit = "清水县应急管理局", Post = "局长", Level = Level.County, CadreId = "cadre-e2e-acc" },
                "反映该局对危化品仓储长期疏于监管。", Discipline.Work, DisposalMethod.TransferInvestigation, "立案审查");
            await clues.Clues.ProposeAccountabilityAsync(new ProposeAccountabilityRequest
            {
                ClueId = clue.ClueId,
                Facts = "未按要求开展危化品仓储安全检查。",
                DutyBreached = "安全监管职责",
                ProposedForm = "admonishment",
            }, clues.As(Roles.Supervisor));

            var listed = await Observe.EventuallyAsync(async () =>
                (await toleranceClient.ListMattersAsync(new ListMattersRequest { Source = MatterSource.Clue }, tolerance.As(Roles.Supervisor))).Matters.SingleOrDefault(), ct);
            var matter = await toleranceClient.GetMatterAsync(new GetMatterRequest { MatterId = listed.MatterId }, tolerance.As(Roles.Supervisor));
            Assert.Equal((clue.ClueId, "dept-1", "cadre-e2e-acc"), (matter.ClueId, matter.Department, Assert.Single(matter.Targets).Cadre.CadreId));

            // Deliver the proposal again from Clues' outbox: under its original id and under a new one.
            var proposal = Assert.Single(Observe.Outbox(clues.DataDirectory, "clues.db"), m => m.MessageType.EndsWith("accountability-proposed:v1", StringComparison.Ordinal));
            var type = ContractRegistry.Resolve(proposal.MessageType);
            var payload = JsonSerializer.Deserialize(proposal.Payload, type, ContractJson.Options)!;
            await probe.PublishAsync(payload, type, proposal.MessageId, ct);
            await probe.PublishAsync(payload, type, Guid.NewGuid(), ct);
            await Observe.EventuallyAsync(async () => await Observe.QueueDrainedAsync(node, "accountability-proposed") ? "drained" : null, ct);

            Assert.Equal(2, Observe.Count(tolerance.DataDirectory, "tolerance.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'tolerance.accountability-proposed:%'"));
            Assert.Single((await toleranceClient.ListMattersAsync(new ListMattersRequest(), tolerance.As(Roles.Supervisor))).Matters);
            Assert.Single(Observe.Outbox(tolerance.DataDirectory, "tolerance.db"), m => m.MessageType.EndsWith("matter-opened:v1", StringComparison.Ordinal));
        }
        catch (Exception) when (Report(clues, tolerance))
        {
            throw;
        }
    }

    private bool Report(ServiceUnderTest clues, ServiceUnderTest tolerance)
    {
        output.WriteLine(clues.Diagnostics());
        output.WriteLine(tolerance.Diagnostics());
        return false;
    }
}
