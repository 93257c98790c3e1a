using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Google.Protobuf.WellKnownTypes;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

public sealed class StatisticsTests
{
    [Fact]
    public async Task Statistics_count_received_accepted_repeats_clues_and_the_county_and_township_share()
    {
        await using var suite = await SuiteHost.StartAsync();
        var start = suite.Clock.GetUtcNow();
        var first = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该局局长违规收受购物卡，金额约五万元。", accusedName: "王五", accusedUnit: "清水县交通运输局", level: Level.County), suite.As(Roles.Intake));
        var repeat = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该镇副镇长在道路工程招标中收受承包商回扣二十万元，还安排亲属承接工程"), suite.As(Roles.Intake));
        Assert.Equal(first.PetitionId, repeat.RepeatOfPetitionId);
        await suite.Petitions().ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = first.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        await suite.Petitions().TriagePetitionAsync(new TriagePetitionRequest
        {
            PetitionId = first.PetitionId,
            Proposals =
            {
                new ClueProposalInput { Summary = "反映某镇副镇长收受工程回扣问题" },
                new ClueProposalInput { Summary = "反映某镇副镇长安排亲属承接工程问题" },
            },
        }, suite.As(Roles.Clerk));

        var stats = await suite.Petitions().GetStatisticsAsync(
            new GetStatisticsRequest { From = Timestamp.FromDateTimeOffset(start.AddHours(-1)), To = Timestamp.FromDateTimeOffset(start.AddDays(1)) },
            suite.As(Roles.Supervisor));

        Assert.Equal(3, stats.Received);
        Assert.Equal(1, stats.Accepted);
        Assert.Equal(1, stats.Repeats);
        Assert.Equal(0, stats.Routed);
        Assert.Equal(2, stats.CluesProposed);
        Assert.Equal(3, stats.CountyAndTownship);
        Assert.Equal(100.0, stats.CountyAndTownshipSharePercent);
        Assert.Equal(2, Assert.Single(stats.ByAccusedLevel, l => l.Level == Level.Township).Count);
        Assert.Equal(1, Assert.Single(stats.ByAccusedLevel, l => l.Level == Level.County).Count);
    }
}
