using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

/// <summary>What every process offers alike: health, reflection, limits, concurrency checks.</summary>
public sealed class PlatformEndpointsTests
{
    [Fact]
    public async Task Health_answers_serving_without_a_token()
    {
        await using var suite = await SuiteHost.StartAsync();
        var reply = await new Health.HealthClient(suite.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Reflection_lists_the_public_services()
    {
        await using var suite = await SuiteHost.StartAsync();
        using var call = new ServerReflection.ServerReflectionClient(suite.Channel).ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var names = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name).ToList();
        Assert.Contains("accountability.petitions.v1.Petitions", names);
        Assert.Contains("accountability.petitions.v1.ReporterDesk", names);
        Assert.Contains("accountability.audit.v1.Audit", names);
    }

    [Theory]
    [InlineData(101)]
    [InlineData(-1)]
    public async Task Page_size_beyond_the_cap_is_refused(int pageSize)
    {
        await using var suite = await SuiteHost.StartAsync();
        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, () => suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest { PageSize = pageSize }, suite.As(Roles.Clerk)).ResponseAsync);
        Assert.Equal(["page_size"], Rpc.BadFields(ex));
    }

    [Fact]
    public async Task Keyset_pages_cover_every_petition_once()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var submitted = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            var reply = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(facts: $"第{i}件：反映不同单位的不同问题，编号{i}。", accusedName: "干部" + i), suite.As(Roles.Intake));
            submitted.Add(reply.PetitionId);
            suite.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var seen = new List<string>();
        var token = "";
        do
        {
            var page = await petitions.ListPetitionsAsync(new ListPetitionsRequest { PageSize = 3, PageToken = token }, suite.As(Roles.Clerk));
            seen.AddRange(page.Petitions.Select(p => p.PetitionId));
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(submitted.Order(), seen.Order());
        Assert.Equal(7, seen.Distinct().Count());
    }

    [Fact]
    public async Task A_forged_page_token_is_invalid_argument()
    {
        await using var suite = await SuiteHost.StartAsync();
        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, () => suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest { PageToken = "bm90LWEtdG9rZW4" }, suite.As(Roles.Clerk)).ResponseAsync);
        Assert.Equal(["page_token"], Rpc.BadFields(ex));
    }

    [Fact]
    public async Task A_request_over_the_size_limit_is_refused_and_nothing_is_stored()
    {
        await using var suite = await SuiteHost.StartAsync();
        var request = PetitionRequests.Anonymous();
        request.Facts = new string('事', 600_000); // about 1.8 MB in UTF-8, over the 1 MiB limit
        await Rpc.FailsWith(StatusCode.ResourceExhausted, () => suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.Intake)).ResponseAsync);
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk));
        Assert.Empty(list.Petitions);
    }

    [Fact]
    public async Task A_stale_expected_version_is_aborted_and_changes_nothing()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var submitted = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var current = await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));

        await Rpc.FailsWith(StatusCode.Aborted, () => petitions.ScreenPetitionAsync(
            new ScreenPetitionRequest { PetitionId = current.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖", ExpectedVersion = current.Version + 1 },
            suite.As(Roles.Clerk)).ResponseAsync);

        var screened = await petitions.ScreenPetitionAsync(
            new ScreenPetitionRequest { PetitionId = current.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖", ExpectedVersion = current.Version },
            suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.Accepted, screened.Status);
        Assert.Equal(current.Version + 1, screened.Version);
    }

    [Fact]
    public async Task An_unknown_petition_is_not_found()
    {
        await using var suite = await SuiteHost.StartAsync();
        await Rpc.FailsWith(StatusCode.NotFound, () => suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = "pet_missing" }, suite.As(Roles.Clerk)).ResponseAsync);
    }
}
