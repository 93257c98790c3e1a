using System.Text.Json;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit;

namespace Accountability.Talks.Tests.Service;

public sealed class AdmonishmentTests
{
    [Fact]
    public async Task An_admonishment_is_concluded_once_the_countersigned_explanation_is_filed_with_both_recipients_and_its_event_starts_the_impact_period_on_the_talk_day()
    {
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Admonishment, new ParticipantInput { CadreId = "cadre-jm-1", Name = "郑十一" });
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 9), "upper-leader-chen"), suite.Handler());
        suite.Clock.Advance(TimeSpan.FromDays(1)); // Tuesday 3 March 2026, the day of the 诫勉

        var held = await talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled), suite.Handler());
        var explanation = Assert.Single(held.FollowUps);
        Assert.Equal((TalkStatus.FollowUp, FollowUpKind.WrittenExplanation), (held.Status, explanation.Kind));

        // The explanation needs its principal leader's countersignature, and filing needs the explanation.
        var unsigned = await TalkRpc.FailsWith(StatusCode.InvalidArgument,
            () => talks.RecordFollowUpAsync(new RecordFollowUpRequest { TalkId = talk.TalkId, FollowUpId = explanation.FollowUpId, Reference = "书面说明" }, suite.Handler()).ResponseAsync);
        Assert.Equal(["countersignature.who"], TalkRpc.BadFields(unsigned));
        var early = await TalkRpc.FailsWith(StatusCode.FailedPrecondition,
            () => talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.UpperDisciplineCommission), suite.Handler()).ResponseAsync);
        Assert.Contains("not countersigned", early.Status.Detail, StringComparison.Ordinal);

        suite.Clock.Advance(TimeSpan.FromDays(2));
        var signedAt = Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow().AddHours(-1));
        await talks.RecordFollowUpAsync(new RecordFollowUpRequest
        {
            TalkId = talk.TalkId,
            FollowUpId = explanation.FollowUpId,
            Reference = "书面说明（已签字）",
            Countersignature = new Signature { Who = "河西镇党委书记 冯书记", At = signedAt },
        }, suite.Handler());
        await talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.UpperDisciplineCommission), suite.Handler());
        var notYet = await TalkRpc.FailsWith(StatusCode.FailedPrecondition, () => talks.CloseTalkAsync(new CloseTalkRequest { TalkId = talk.TalkId }, suite.Handler()).ResponseAsync);
        Assert.Contains("not filed", notYet.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(await suite.EventsAsync("admonishment-concluded:v1"));

        var filed = await talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.OrganisationDepartment), suite.Handler());
        await TalkRpc.FailsWith(StatusCode.InvalidArgument, () => talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.OrganisationDepartment), suite.Handler()).ResponseAsync);

        Assert.Equal("河西镇党委书记 冯书记", filed.FollowUps[0].Countersignature.Who);
        Assert.Equal(signedAt, filed.FollowUps[0].Countersignature.At);
        Assert.Equal([FilingRecipient.UpperDisciplineCommission, FilingRecipient.OrganisationDepartment], filed.Filings.Select(f => f.Recipient));
        Assert.All(filed.Filings, f => Assert.Equal("clerk-zhang", f.FiledBy));
        var concluded = Assert.Single(await suite.EventsAsync("admonishment-concluded:v1"));
        using (var payload = JsonDocument.Parse(concluded.Payload))
        {
            Assert.Equal(("cadre-jm-1", "2026-03-03", 6, talk.TalkId), (
                payload.RootElement.GetProperty("cadreId").GetString(),
                payload.RootElement.GetProperty("impactStartDate").GetString(),
                payload.RootElement.GetProperty("impactMonths").GetInt32(),
                payload.RootElement.GetProperty("talkId").GetString()));
        }

        var closed = await talks.CloseTalkAsync(new CloseTalkRequest { TalkId = talk.TalkId, Note = "诫勉完成" }, suite.Handler());
        Assert.Equal(TalkStatus.Closed, closed.Status);
        Assert.Single(await suite.EventsAsync("admonishment-concluded:v1"));
    }

    [Fact]
    public async Task An_admonishment_of_two_cadres_is_filed_and_closed_only_once_both_explanations_are_countersigned_and_concludes_once_per_cadre()
    {
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var talk = await suite.RequestAsync(TalkKind.Admonishment, new ParticipantInput { CadreId = "cadre-jm-a", Name = "甲" }, new ParticipantInput { CadreId = "cadre-jm-b", Name = "乙" });
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(talk.TalkId, suite.Slot(1, 9), "upper-leader-chen"), suite.Handler());
        suite.AdvanceToStart(scheduled);
        var held = await talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled), suite.Handler());
        Assert.Equal(["cadre-jm-a", "cadre-jm-b"], held.FollowUps.Where(f => f.Kind == FollowUpKind.WrittenExplanation).Select(f => f.CadreId).Order());

        // Only cadre A's explanation is countersigned: nothing can be filed or closed, nothing concludes.
        suite.Clock.Advance(TimeSpan.FromDays(1));
        await talks.RecordFollowUpAsync(Countersigned(suite, talk.TalkId, held.FollowUps.Single(f => f.CadreId == "cadre-jm-a").FollowUpId, "甲单位党委书记"), suite.Handler());
        var early = await TalkRpc.FailsWith(StatusCode.FailedPrecondition,
            () => talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.UpperDisciplineCommission), suite.Handler()).ResponseAsync);
        Assert.Contains("not countersigned", early.Status.Detail, StringComparison.Ordinal);
        await TalkRpc.FailsWith(StatusCode.FailedPrecondition, () => talks.CloseTalkAsync(new CloseTalkRequest { TalkId = talk.TalkId }, suite.Handler()).ResponseAsync);
        Assert.Empty(await suite.EventsAsync("admonishment-concluded:v1"));

        // Cadre B's, by B's own principal leader: now it files, and each cadre's 诫勉 concludes once.
        await talks.RecordFollowUpAsync(Countersigned(suite, talk.TalkId, held.FollowUps.Single(f => f.CadreId == "cadre-jm-b").FollowUpId, "乙单位党委书记"), suite.Handler());
        await talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.UpperDisciplineCommission), suite.Handler());
        await talks.RecordAdmonishmentFilingAsync(Filing(talk.TalkId, FilingRecipient.OrganisationDepartment), suite.Handler());
        var concluded = await suite.EventsAsync("admonishment-concluded:v1");
        Assert.Equal(["cadre-jm-a", "cadre-jm-b"], concluded.Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("cadreId").GetString()).Order());
        Assert.Equal(TalkStatus.Closed, (await talks.CloseTalkAsync(new CloseTalkRequest { TalkId = talk.TalkId }, suite.Handler())).Status);
    }

    private static RecordFollowUpRequest Countersigned(SuiteHost suite, string talkId, string followUpId, string leader) => new()
    {
        TalkId = talkId,
        FollowUpId = followUpId,
        Reference = "书面说明（已签字）",
        Countersignature = new Signature { Who = leader, At = Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow().AddHours(-1)) },
    };

    private static RecordAdmonishmentFilingRequest Filing(string talkId, FilingRecipient recipient) =>
        new() { TalkId = talkId, Recipient = recipient, FiledBy = "clerk-zhang" };
}
