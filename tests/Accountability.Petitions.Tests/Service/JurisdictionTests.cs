using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

/// <summary>Jurisdiction follows the accused's level and the organ's level (the suite runs as the city organ).</summary>
public sealed class JurisdictionTests
{
    [Theory]
    [InlineData(Level.Province, Jurisdiction.Upper)]
    [InlineData(Level.City, Jurisdiction.OwnLevel)]
    [InlineData(Level.County, Jurisdiction.Lower)]
    [InlineData(Level.Township, Jurisdiction.Lower)]
    [InlineData(Level.Village, Jurisdiction.Lower)]
    public async Task The_accused_level_places_the_petition(Level level, Jurisdiction expected)
    {
        await using var suite = await SuiteHost.StartAsync();
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(level: level), suite.As(Roles.Intake));
        var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(expected, petition.Jurisdiction);
    }

    [Fact]
    public async Task Routing_up_a_petition_within_this_organs_jurisdiction_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(level: Level.City), suite.As(Roles.Intake));
        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, () => suite.Petitions().ScreenPetitionAsync(
            new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.RouteUp, Reason = "上级管辖" }, suite.As(Roles.Clerk)).ResponseAsync);
        Assert.Equal(["outcome"], Rpc.BadFields(ex));
        var stored = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.Registered, stored.Status);
    }

    [Fact]
    public async Task Transferring_down_a_petition_about_a_city_cadre_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(level: Level.City), suite.As(Roles.Intake));
        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, () => suite.Petitions().ScreenPetitionAsync(
            new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.TransferDown, Reason = "下级管辖", TargetOrganId = "org-county-qingshui" }, suite.As(Roles.Clerk)).ResponseAsync);
        Assert.Equal(["outcome"], Rpc.BadFields(ex));
    }

    [Fact]
    public async Task A_petition_accusing_this_organs_principal_goes_straight_up()
    {
        await using var suite = await SuiteHost.StartAsync();
        var request = PetitionRequests.Anonymous(level: Level.City);
        request.Accused[0].IsOrganPrincipal = true;
        var submitted = await suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.Intake));
        var routed = await suite.Petitions().ScreenPetitionAsync(
            new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.RouteUp, Reason = "反映本机关主要负责人" }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.RoutedUp, routed.Status);
        Assert.True(routed.Screening.DirectToUpper);
        Assert.Equal("org-province", routed.Screening.TargetOrganId);
    }
}
