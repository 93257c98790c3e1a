using Accountability.Contracts.Talks;
using Accountability.Platform.Messaging;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Clues.Tests.Service;

/// <summary>The Talks service's answers to a talk inquiry, as the Clues consumers take them.</summary>
public sealed class TalkResultTests
{
    [Fact]
    public async Task Only_the_pending_requests_talk_results_count_and_a_not_held_notice_is_recorded_once_while_the_clue_keeps_waiting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var clues = suite.Clues();
        var bus = suite.Services.GetRequiredService<IBus>();
        var disposed = await suite.DisposedAsync(DisposalMethod.TalkInquiry);
        var requested = await clues.RequestInquiryTalkAsync(new RequestInquiryTalkRequest { ClueId = disposed.ClueId, Talkers = { "王书记", "赵主任" } }, suite.Handler());
        Assert.Equal(ClueStatus.TalkRequested, requested.Status);
        var request = Assert.Single(await suite.EventsAsync("request-inquiry-talk:v1"));
        Assert.StartsWith("talkreq_", requested.PendingTalkRequestId, StringComparison.Ordinal);
        Assert.Contains(requested.PendingTalkRequestId, request.Payload, StringComparison.Ordinal);

        // A result of another (earlier) request changes nothing.
        await DeliverAsync(suite, bus, "clues.inquiry-talk-held", new InquiryTalkHeld
        {
            RequestId = "talkreq_earlier",
            ClueId = disposed.ClueId,
            TalkId = "talk_earlier",
            HeldAt = suite.Clock.GetUtcNow(),
            StatementReceived = true,
        }, ct);
        await DeliverAsync(suite, bus, "clues.inquiry-talk-not-held", NotHeld(disposed.ClueId, "talkreq_earlier", suite.Clock.GetUtcNow()), ct);
        var unchanged = await clues.GetClueAsync(new GetClueRequest { ClueId = disposed.ClueId }, suite.Supervisor());
        Assert.Equal((ClueStatus.TalkRequested, requested.Version), (unchanged.Status, unchanged.Version));

        // The pending request's not-held notice: one step signed by the Talks service, the same
        // message id again and a copy under a new id add nothing, and the clue still waits.
        var notice = NotHeld(disposed.ClueId, requested.PendingTalkRequestId, suite.Clock.GetUtcNow());
        var id = await DeliverAsync(suite, bus, "clues.inquiry-talk-not-held", notice, ct);
        await DeliverAsync(suite, bus, "clues.inquiry-talk-not-held", notice, ct, id);
        await DeliverAsync(suite, bus, "clues.inquiry-talk-not-held", notice, ct);
        var noted = await clues.GetClueAsync(new GetClueRequest { ClueId = disposed.ClueId }, suite.Supervisor());
        var step = Assert.Single(noted.Steps, s => s.Action == "record_inquiry_talk_not_held");
        Assert.Equal((ClueStatus.TalkRequested, ClueStatus.TalkRequested, ClueStatus.TalkRequested, "system:talks"), (noted.Status, step.From, step.To, step.SignedBy));
        Assert.Contains("missed", step.Note, StringComparison.Ordinal);
        Assert.Equal(requested.Version + 1, noted.Version);

        // The handler can report the inquiry unanswered from here (inquire again).
        var again = await clues.ReportInquiryAsync(new ReportInquiryRequest
        {
            ClueId = disposed.ClueId,
            Proposal = InquiryProposal.InquireAgain,
            Findings = "谈话未能进行，拟再次谈话",
            Approver = "王书记",
        }, suite.Handler());
        Assert.Equal(ClueStatus.Inquiry, again.Status);
    }

    [Fact]
    public async Task The_pending_requests_talk_held_moves_the_clue_to_inquiry_answered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var clues = suite.Clues();
        var disposed = await suite.DisposedAsync(DisposalMethod.TalkInquiry);
        var requested = await clues.RequestInquiryTalkAsync(new RequestInquiryTalkRequest { ClueId = disposed.ClueId, Talkers = { "王书记", "赵主任" } }, suite.Handler());
        await DeliverAsync(suite, suite.Services.GetRequiredService<IBus>(), "clues.inquiry-talk-held", new InquiryTalkHeld
        {
            RequestId = requested.PendingTalkRequestId,
            ClueId = disposed.ClueId,
            TalkId = "talk_pending",
            HeldAt = suite.Clock.GetUtcNow(),
            StatementReceived = false,
        }, ct);
        var answered = await clues.GetClueAsync(new GetClueRequest { ClueId = disposed.ClueId }, suite.Supervisor());
        Assert.Equal((ClueStatus.InquiryAnswered, "system:talks"), (answered.Status, answered.Steps[^1].SignedBy));
    }

    private static InquiryTalkNotHeld NotHeld(string clueId, string requestId, DateTimeOffset at) => new()
    {
        RequestId = requestId,
        ClueId = clueId,
        TalkId = "talk_x",
        Reason = "missed",
        Note = "被谈话人因公出差",
        RecordedAt = at,
    };

    /// <summary>Publishes on the suite's bus under <paramref name="messageId"/> (default a new one) and waits until the consumer's inbox holds it.</summary>
    private static async Task<Guid> DeliverAsync<T>(SuiteHost suite, IBus bus, string consumer, T message, CancellationToken ct, Guid? messageId = null)
        where T : class
    {
        var id = messageId ?? Guid.NewGuid();
        await bus.Publish(message, c => c.MessageId = id, ct);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await suite.Store(CluesModule.Name).GetAsync(InboxEntry.Collection, InboxEntry.IdFor(consumer, id), ct) is not null)
            {
                // A redelivery of a handled id leaves no trace: give it a moment to be skipped.
                await Task.Delay(messageId is null ? 0 : 200, ct);
                return id;
            }

            await Task.Delay(50, ct);
        }

        throw new TimeoutException($"{consumer} did not handle {id} within 10 s.");
    }
}
