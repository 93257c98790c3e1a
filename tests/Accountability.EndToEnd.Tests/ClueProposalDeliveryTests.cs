using System.Diagnostics;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// The Petitions service as its own process, a private RabbitMQ node, and a consumer in the test
/// process: the outbox delivers a clue proposal exactly once, also across a broker outage.
/// The tests of this class run one after another (one broker and one service at a time).
/// </summary>
public sealed class ClueProposalDeliveryTests(ITestOutputHelper output)
{
    private const string Queue = "e2e-clue-proposed";
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(4);

    private enum Outage
    {
        GracefulStop,
        Kill,
    }

    [Fact(Timeout = 120_000)]
    public async Task Accept_and_triage_delivers_clue_proposal_exactly_once_over_rabbitmq()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var probe = await ClueProposalProbe.StartAsync(node.AmqpUri, Queue, ct);
        await using var petitions = await ServiceUnderTest.StartAsync(node.AmqpUri, ct);
        try
        {
            var accepted = await SubmitAndAcceptAsync(petitions);
            var proposalId = await TriageAsync(petitions, accepted);

            var deliveries = await probe.WaitForAsync(proposalId, TimeSpan.FromSeconds(30), ct);
            Assert.True(deliveries.Count == 1, $"expected exactly one delivery of {proposalId} within 30 s, got {deliveries.Count}");
            Assert.Equal(accepted.PetitionId, deliveries[0].PetitionId);
            Assert.NotNull(deliveries[0].MessageId);

            await Task.Delay(QuietPeriod, ct);
            Assert.Single(probe.Of(proposalId));
            Assert.Single(probe.Deliveries);
        }
        catch (Exception) when (Report(node, probe, petitions))
        {
            throw;
        }
    }

    [Fact(Timeout = 150_000)]
    public Task Clue_proposal_survives_broker_restart_between_write_and_relay() => SurvivesOutageAsync(Outage.GracefulStop, TestContext.Current.CancellationToken);

    [Fact(Timeout = 150_000)]
    public Task Clue_proposal_survives_broker_kill_between_write_and_relay() => SurvivesOutageAsync(Outage.Kill, TestContext.Current.CancellationToken);

    private async Task SurvivesOutageAsync(Outage outage, CancellationToken ct)
    {
        RabbitRequirement.Ensure();
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var probe = await ClueProposalProbe.StartAsync(node.AmqpUri, Queue, ct);
        await using var petitions = await ServiceUnderTest.StartAsync(node.AmqpUri, ct);
        try
        {
            var accepted = await SubmitAndAcceptAsync(petitions);

            var watch = Stopwatch.StartNew();
            if (outage == Outage.Kill)
            {
                await node.KillAsync();
            }
            else
            {
                await node.StopAsync();
            }

            output.WriteLine($"[{watch.Elapsed.TotalSeconds:F1}s] broker down ({outage})");

            // The write commits in SQLite while the broker is down; the relay keeps retrying.
            var proposalId = await TriageAsync(petitions, accepted);
            output.WriteLine($"[{watch.Elapsed.TotalSeconds:F1}s] triaged: {proposalId}");
            await Task.Delay(TimeSpan.FromSeconds(3), ct);
            Assert.Empty(probe.Of(proposalId));

            await node.RestartAsync();
            output.WriteLine($"[{watch.Elapsed.TotalSeconds:F1}s] broker up again");

            var deliveries = await probe.WaitForAsync(proposalId, TimeSpan.FromSeconds(60), ct);
            output.WriteLine($"[{watch.Elapsed.TotalSeconds:F1}s] deliveries of the proposal: {deliveries.Count}");
            Assert.True(deliveries.Count > 0, $"no delivery of {proposalId} within 60 s after the broker came back");

            await Task.Delay(QuietPeriod, ct);
            var all = probe.Of(proposalId);
            Assert.Single(all.Select(d => d.ProposalId).Distinct());
            Assert.True(all.Count == 1, $"expected exactly one delivery of {proposalId}, got {all.Count}: {string.Join(", ", all)}");
            Assert.Single(probe.Deliveries);
        }
        catch (Exception) when (Report(node, probe, petitions))
        {
            throw;
        }
    }

    private static async Task<Petition> SubmitAndAcceptAsync(ServiceUnderTest petitions)
    {
        var submitted = await petitions.Petitions.SubmitPetitionAsync(
            new SubmitPetitionRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString("N"),
                Channel = Channel.Online,
                Kind = PetitionKind.Accusation,
                Facts = "该镇副镇长在道路工程招标中收受承包商回扣二十万元，并安排亲属承接工程。",
                Accused = { new AccusedPerson { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township } },
                Disciplines = { Discipline.Integrity },
            },
            petitions.As(Roles.Intake));
        Assert.Equal(PetitionStatus.Registered, submitted.Status);

        var screened = await petitions.Petitions.ScreenPetitionAsync(
            new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "属本级管辖，予以受理" },
            petitions.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.Accepted, screened.Status);
        return screened;
    }

    private static async Task<string> TriageAsync(ServiceUnderTest petitions, Petition accepted)
    {
        var triaged = await petitions.Petitions.TriagePetitionAsync(
            new TriagePetitionRequest
            {
                PetitionId = accepted.PetitionId,
                Proposals =
                {
                    new ClueProposalInput { Summary = "反映河西镇副镇长在道路工程招标中收受回扣、安排亲属承接工程的问题。", Disciplines = { Discipline.Integrity } },
                },
            },
            petitions.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.HandedToSupervision, triaged.Status);
        return Assert.Single(triaged.ClueProposals).ProposalId;
    }

    private bool Report(RabbitMqNode node, ClueProposalProbe probe, ServiceUnderTest petitions)
    {
        output.WriteLine($"broker: {node} running={node.IsRunning}");
        output.WriteLine($"probe: {probe.HealthDescription()}; deliveries: {string.Join(", ", probe.Deliveries)}");
        output.WriteLine(petitions.Diagnostics());
        output.WriteLine("--- broker log tail ---\n" + node.LogTail());
        return false;
    }
}
