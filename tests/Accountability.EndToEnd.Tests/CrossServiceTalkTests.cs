using System.Text.Json;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Clues and Talks as separate processes over a private RabbitMQ node: a talk inquiry requested by
/// Clues is scheduled, held and recorded in Talks, and Clues takes the result exactly once, also
/// when the result is delivered again under its own message id and under a new one.
/// </summary>
public sealed class CrossServiceTalkTests(ITestOutputHelper output)
{
    [Fact(Timeout = 180_000)]
    public async Task A_talk_inquiry_requested_by_clues_is_held_in_talks_and_clues_moves_the_clue_on_exactly_once()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var probe = await ClueProposalProbe.StartAsync(node.AmqpUri, "e2e-cross-service-talk-probe", ct);
        await using var clues = await ServiceUnderTest.StartAsync(ServiceBinaries.Clues, node.AmqpUri, ct);
        await using var talks = await ServiceUnderTest.StartAsync(ServiceBinaries.Talks, node.AmqpUri, ct);
        var talksClient = new Protos.Talks.V1.Talks.TalksClient(talks.Channel);
        try
        {
            var clue = await ClueSteps.RegisterAssignAndDisposeAsync(
                clues, ClueSource.InspectionTour, "市委第二巡察组移交",
                new ClueSubject { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township, CadreId = "cadre-e2e-1" },
                "反映其在道路工程招标中收受承包商回扣。", Discipline.Integrity, DisposalMethod.TalkInquiry, "线索处置会研究");
            await clues.Clues.RequestInquiryTalkAsync(new RequestInquiryTalkRequest { ClueId = clue.ClueId, Talkers = { "王书记", "赵主任" } }, clues.As(Roles.Supervisor));

            // The request carries no department: a supervisor works the talk. It starts in a few
            // minutes, and the record can be taken from 30 minutes before the start.
            var listed = await Observe.EventuallyAsync(async () =>
                (await talksClient.ListTalksAsync(new ListTalksRequest { Kind = TalkKind.Inquiry, CadreId = "cadre-e2e-1" }, talks.As(Roles.Supervisor))).Talks.SingleOrDefault(), ct);
            var start = DateTimeOffset.UtcNow.AddMinutes(5);
            var scheduled = await talksClient.ScheduleTalkAsync(new ScheduleTalkRequest
            {
                TalkId = listed.TalkId,
                Start = Timestamp.FromDateTimeOffset(start),
                End = Timestamp.FromDateTimeOffset(start.AddHours(1)),
                Place = "纪委谈话室一",
                Talkers = { "王书记", "赵主任" },
                NoteTaker = "clerk-sun",
            }, talks.As(Roles.Supervisor));
            var held = await talksClient.RecordTalkHeldAsync(new RecordTalkHeldRequest
            {
                TalkId = scheduled.TalkId,
                ExpectedVersion = scheduled.Version,
                Attendance = { new Attendance { CadreId = "cadre-e2e-1", Present = true } },
                Summary = "谈话函询：本人对反映问题作出说明。",
                Statement = "本人说明：未收受回扣。",
                Signatures = { new Protos.Talks.V1.Signature { Who = "王书记", At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) } },
            }, talks.As(Roles.Supervisor));
            Assert.Equal(TalkStatus.Held, held.Status);

            var answered = await Observe.EventuallyAsync(async () =>
                await clues.Clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, clues.As(Roles.Supervisor)) is { Status: ClueStatus.InquiryAnswered } c ? c : null, ct);
            Assert.Equal("system:talks", answered.Steps[^1].SignedBy);

            // Deliver the result again, straight from Talks' outbox: under its original message id
            // (a redelivery) and under a new id (a second relay), then wait for Clues' queue to drain.
            var result = Assert.Single(Observe.Outbox(talks.DataDirectory, "talks.db"), m => m.MessageType.EndsWith("inquiry-talk-held:v1", StringComparison.Ordinal));
            var type = ContractRegistry.Resolve(result.MessageType);
            var payload = JsonSerializer.Deserialize(result.Payload, type, ContractJson.Options)!;
            await probe.PublishAsync(payload, type, result.MessageId, ct);
            await probe.PublishAsync(payload, type, Guid.NewGuid(), ct);
            await Observe.EventuallyAsync(async () => await Observe.QueueDrainedAsync(node, "inquiry-talk-held") ? "drained" : null, ct);

            // Exactly once: one inbox entry per distinct message id handled (the original and the
            // copy under a new id; the redelivery is dropped at the inbox), one step signed by the
            // Talks service, and the clue unchanged since the first result.
            Assert.Equal(2, Observe.Count(clues.DataDirectory, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.inquiry-talk-held:%'"));
            var after = await clues.Clues.GetClueAsync(new GetClueRequest { ClueId = clue.ClueId }, clues.As(Roles.Supervisor));
            Assert.Single(after.Steps, s => s.SignedBy == "system:talks");
            Assert.Single(after.Steps, s => s.Action == "record_inquiry_talk_held");
            Assert.Equal((ClueStatus.InquiryAnswered, answered.Version), (after.Status, after.Version));
        }
        catch (Exception) when (Report(clues, talks))
        {
            throw;
        }
    }

    private bool Report(ServiceUnderTest clues, ServiceUnderTest talks)
    {
        output.WriteLine(clues.Diagnostics());
        output.WriteLine(talks.Diagnostics());
        return false;
    }
}
