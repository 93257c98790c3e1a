using Xunit;

namespace Accountability.Gateway.Tests;

public sealed class GatewayRoutesTests
{
    private static GatewayOptions AllServices() => new()
    {
        Services = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Petitions"] = "http://petitions:8080",
            ["Clues"] = "http://clues:8080",
            ["Talks"] = "http://talks:8080",
            ["Tolerance"] = "http://tolerance:8080",
            ["CaseFiles"] = "http://casefiles:8080",
        },
    };

    [Theory]
    [InlineData("/accountability.petitions.v1.Petitions/{**method}", "Petitions")]
    [InlineData("/accountability.petitions.v1.ReporterDesk/{**method}", "Petitions")]
    [InlineData("/accountability.clues.v1.Clues/{**method}", "Clues")]
    [InlineData("/accountability.talks.v1.Talks/{**method}", "Talks")]
    [InlineData("/accountability.tolerance.v1.Tolerance/{**method}", "Tolerance")]
    [InlineData("/accountability.casefiles.v1.CaseFiles/{**method}", "CaseFiles")]
    [InlineData("/v1/petitions/{**rest}", "Petitions")]
    [InlineData("/v1/receipts/status/{**rest}", "Petitions")]
    [InlineData("/v1/receipts/messages/{**rest}", "Petitions")]
    [InlineData("/v1/clues/{**rest}", "Clues")]
    [InlineData("/v1/accountability-matters/{**rest}", "Tolerance")]
    [InlineData("/v1/integrity-opinions/{**rest}", "CaseFiles")]
    [InlineData("/v1/integrity-opinion-batches/{**rest}", "CaseFiles")]
    [InlineData("/openapi/casefiles.json", "CaseFiles")]
    public void Each_path_goes_to_the_service_that_declares_it(string path, string service)
    {
        var (routes, _) = GatewayRoutes.Build(AllServices());

        var route = Assert.Single(routes, r => r.Match.Path == path && r.Match.Headers is null);
        Assert.Equal(service, route.ClusterId);
    }

    [Fact]
    public void Platform_services_are_routed_only_with_the_header_naming_the_service()
    {
        var (routes, _) = GatewayRoutes.Build(AllServices());

        var audit = routes.Where(r => r.Match.Path == "/accountability.audit.v1.Audit/{**method}").ToList();
        Assert.Equal(5, audit.Count);
        Assert.All(audit, r => Assert.Equal(GatewayRoutes.ServiceHeader, Assert.Single(r.Match.Headers!).Name));
        Assert.Equal("Clues", Assert.Single(audit, r => r.Match.Headers![0].Values!.Contains("clues")).ClusterId);
    }

    [Fact]
    public void Every_cluster_speaks_http2_exactly()
    {
        var (_, clusters) = GatewayRoutes.Build(AllServices());

        Assert.Equal(5, clusters.Count);
        Assert.All(clusters, c =>
        {
            Assert.Equal(System.Net.HttpVersion.Version20, c.HttpRequest!.Version);
            Assert.Equal(HttpVersionPolicy.RequestVersionExact, c.HttpRequest.VersionPolicy);
        });
    }

    [Fact]
    public void A_service_left_out_gets_no_routes()
    {
        var options = AllServices();
        options.Services["Talks"] = "";

        var (routes, clusters) = GatewayRoutes.Build(options);

        Assert.DoesNotContain(clusters, c => c.ClusterId == "Talks");
        Assert.DoesNotContain(routes, r => r.ClusterId == "Talks");
    }

    [Fact]
    public void Missing_unknown_and_malformed_addresses_are_named()
    {
        var options = AllServices();
        options.Services.Remove("Clues");
        options.Services["Petitions"] = "petitions:8080";
        options.Services["Dossiers"] = "http://dossiers:8080";

        var problems = options.Validate().ToList();

        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Gateway:Services:Clues is missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Services:Petitions = 'petitions:8080'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Gateway:Services:Dossiers names no service", StringComparison.Ordinal));
    }
}
