using System.Text.Json;
using Accountability.Platform.Security;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Xunit;

namespace Accountability.Talks.Tests.Service;

public sealed class CollectiveTalkTests
{
    [Fact]
    public async Task A_collective_integrity_talk_of_300_records_attendance_in_one_call_makes_up_for_absentees_and_postpones_a_failed_resit()
    {
        await using var suite = await SuiteHost.StartAsync();
        var talks = suite.Talks();
        var requested = await suite.RequestAsync(TalkKind.CollectiveIntegrity, TalkRpc.Cadres(300));
        var scheduled = await talks.ScheduleTalkAsync(TalkRpc.Schedule(requested.TalkId, suite.Slot(1, 14, 120), "secretary-wang", "director-li"), suite.Handler());
        Assert.Equal(300, scheduled.Participants.Count);
        suite.AdvanceToStart(scheduled);

        string[] absent = ["cadre-010", "cadre-020", "cadre-030", "cadre-040", "cadre-050"];
        var held = await talks.RecordTalkHeldAsync(TalkRpc.Held(scheduled, absent, FollowUpKind.CommitmentLetter), suite.Handler());

        Assert.Equal(TalkStatus.FollowUp, held.Status);
        Assert.Equal(absent, held.AbsentCadreIds.Order());
        Assert.Equal(295, held.Participants.Count(p => p.Present));
        Assert.Equal(295, held.FollowUps.Count(f => f.Kind == FollowUpKind.CommitmentLetter));
        Assert.Equal(5, held.MakeUpTalkIds.Count);
        foreach (var id in held.MakeUpTalkIds)
        {
            var makeUp = await talks.GetTalkAsync(new GetTalkRequest { TalkId = id }, suite.Handler());
            Assert.Equal((TalkStatus.Requested, TalkKind.CollectiveIntegrity, held.TalkId), (makeUp.Status, makeUp.Kind, makeUp.MakeUpOf));
            Assert.Contains(Assert.Single(makeUp.Participants).CadreId, absent);
        }

        var ofAbsentee = await talks.ListTalksAsync(new ListTalksRequest { CadreId = "cadre-030" }, suite.Handler());
        Assert.Equal(2, ofAbsentee.Talks.Count);
        var talkHeld = Assert.Single(await suite.EventsAsync("talk-held:v1"));
        using (var payload = JsonDocument.Parse(talkHeld.Payload))
        {
            Assert.Equal(295, payload.RootElement.GetProperty("presentCadreIds").GetArrayLength());
            Assert.Equal(5, payload.RootElement.GetProperty("absentCadreIds").GetArrayLength());
        }

        // Everyone present sits the test in one call; two fail, one of them fails the resit too.
        var first = new RecordTestScoresRequest { TalkId = held.TalkId };
        first.Scores.AddRange(held.Participants.Where(p => p.Present).Select(p => new TestScore { CadreId = p.CadreId, Score = p.CadreId switch { "cadre-001" => 50, "cadre-002" => 40, _ => 85 } }));
        await talks.RecordTestScoresAsync(first, suite.Handler());
        Assert.Empty(await suite.EventsAsync("appointment-postponement-recommended:v1"));

        await talks.RecordTestScoresAsync(new RecordTestScoresRequest { TalkId = held.TalkId, Scores = { new TestScore { CadreId = "cadre-001", Score = 72 }, new TestScore { CadreId = "cadre-002", Score = 55 } } }, suite.Handler());

        var postponement = Assert.Single(await suite.EventsAsync("appointment-postponement-recommended:v1"));
        using (var payload = JsonDocument.Parse(postponement.Payload))
        {
            Assert.Equal("cadre-002", payload.RootElement.GetProperty("cadreId").GetString());
            Assert.Equal(held.TalkId, payload.RootElement.GetProperty("talkId").GetString());
            Assert.Equal(55, payload.RootElement.GetProperty("score").GetInt32());
        }

        var noMoreResits = await TalkRpc.FailsWith(StatusCode.InvalidArgument,
            () => talks.RecordTestScoresAsync(new RecordTestScoresRequest { TalkId = held.TalkId, Scores = { new TestScore { CadreId = "cadre-002", Score = 90 } } }, suite.Handler()).ResponseAsync);
        Assert.Equal(["scores[0].cadre_id"], TalkRpc.BadFields(noMoreResits));
        var absentee = await TalkRpc.FailsWith(StatusCode.InvalidArgument,
            () => talks.RecordTestScoresAsync(new RecordTestScoresRequest { TalkId = held.TalkId, Scores = { new TestScore { CadreId = "cadre-010", Score = 90 } } }, suite.Handler()).ResponseAsync);
        Assert.Equal(["scores[0].cadre_id"], TalkRpc.BadFields(absentee));

        // The organisation department reads the results.
        var results = await talks.GetTestResultsAsync(new GetTalkRequest { TalkId = held.TalkId }, suite.As(Roles.OrgDept));
        Assert.Equal(60, results.PassMark);
        Assert.Equal(295, results.Results.Count);
        Assert.Equal([50, 72], results.Results.Single(r => r.CadreId == "cadre-001").Attempts);
        Assert.True(results.Results.Single(r => r.CadreId == "cadre-001").Passed);
        Assert.True(results.Results.Single(r => r.CadreId == "cadre-002").PostponementRecommended);

        var stats = await talks.GetTalkStatisticsAsync(new GetTalkStatisticsRequest
        {
            From = Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow().AddDays(-1)),
            To = Timestamp.FromDateTimeOffset(suite.Clock.GetUtcNow().AddDays(1)),
        }, suite.Supervisor());
        var collective = stats.ByKind.Single(k => k.Kind == TalkKind.CollectiveIntegrity);
        Assert.Equal((1L, 295L), (collective.TalksHeld, collective.PersonTimes));
        Assert.Equal(1, stats.TalksHeld);
    }
}
