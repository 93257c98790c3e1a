using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Talks.Tests.Service;

public sealed class FirstFormTalkTests
{
    [Theory]
    [InlineData("admonishment", TalkKind.Admonishment)]
    [InlineData("talk_reminder", TalkKind.Reminder)]
    public async Task A_first_form_outcome_of_clues_opens_one_requested_talk_of_its_kind_even_when_delivered_twice(string kind, TalkKind expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        var bus = suite.Services.GetRequiredService<IBus>();
        var cadre = "cadre-ff-" + kind;
        var request = new RequestFirstFormTalk
        {
            RequestId = "talkreq_ff_" + kind,
            ClueId = "clue_ff",
            OutcomeId = "out_ff_" + kind,
            Subject = new AccusedPersonInfo("李四", "河西镇", "副镇长", "township", cadre),
            Kind = kind,
            RequestedAt = suite.Clock.GetUtcNow(),
        };

        // The original, a redelivery under its message id, and a copy under a new id.
        var messageId = Guid.NewGuid();
        await bus.Publish(request, c => c.MessageId = messageId, ct);
        await bus.Publish(request, c => c.MessageId = messageId, ct);
        await bus.Publish(request, c => c.MessageId = Guid.NewGuid(), ct);
        await TalkRpc.Poll(async () => await suite.Store(TalksModule.Name).CountAsync(InboxEntry.Collection, null, ct) >= 2 ? "handled" : null);
        await Task.Delay(300, ct);

        var listed = Assert.Single((await suite.Talks().ListTalksAsync(new ListTalksRequest { CadreId = cadre }, suite.Supervisor())).Talks);
        var talk = await suite.Talks().GetTalkAsync(new GetTalkRequest { TalkId = listed.TalkId }, suite.Supervisor());
        Assert.Equal((expected, TalkStatus.Requested, "clue_ff", request.RequestId, ""), (talk.Kind, talk.Status, talk.ClueId, talk.RequestId, talk.Department));
        Assert.Equal(cadre, Assert.Single(talk.Participants).CadreId);
        Assert.Equal(("request", "system:clues"), (talk.Steps[0].Action, talk.Steps[0].SignedBy));
        Assert.Equal("2026-03-09", Assert.Single(talk.Deadlines, d => d.Kind == "schedule_by").DueDate);
        Assert.Equal(2, await suite.Store(TalksModule.Name).CountAsync(InboxEntry.Collection, null, ct));
    }
}
