using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Google.Protobuf;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

/// <summary>
/// SubmitPetition as JSON over HTTP/1.1 (gRPC JSON transcoding, POST /v1/petitions) behaves as the gRPC
/// call does: the same reply, the same field named in the same google.rpc.BadRequest, the same refusals,
/// and nothing stored when refused.
/// </summary>
public sealed class JsonTranscodingTests
{
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(false));
    private static readonly JsonParser StatusParser = new(JsonParser.Settings.Default.WithTypeRegistry(HttpApi.ErrorDetails));

    private static readonly Dictionary<string, Action<SubmitPetitionRequest>> Mutations = new()
    {
        ["no accused person"] = r => r.Accused.Clear(),
        ["empty facts"] = r => r.Facts = "",
        ["oversize facts"] = r => r.Facts = new string('贿', 20_001),
        ["malformed digest"] = r => r.Attachments.Add(new Protos.Common.V1.AttachmentRef { Name = "转账记录.pdf", Sha256 = "xyz", SizeBytes = 1024 }),
        ["missing idempotency key"] = r => r.IdempotencyKey = "",
        ["unspecified channel"] = r => r.Channel = Channel.Unspecified,
    };

    [Fact]
    public async Task Json_submission_returns_the_receipt_the_grpc_call_returns()
    {
        await using var suite = await SuiteHost.StartAsync();
        using var http = suite.CreateHttpClient();

        var overJson = await PostAsync(http, PetitionRequests.Anonymous(), suite.Token(Roles.Intake));
        var overGrpc = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(accusedName: "王五"), suite.As(Roles.Intake));

        Assert.Equal(HttpStatusCode.OK, overJson.Status);
        var reply = JsonParser.Default.Parse<SubmitPetitionResponse>(overJson.Body);
        Assert.Equal(overGrpc.Status, reply.Status);
        Assert.Equal(overGrpc.ReceiptCode.Length, reply.ReceiptCode.Length);
        Assert.Equal(overGrpc.RegisterNumber[..8], reply.RegisterNumber[..8]);
        Assert.False(reply.Replayed);
        // Stored like any petition: a clerk reads it over gRPC.
        var stored = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = reply.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(reply.RegisterNumber, stored.RegisterNumber);
    }

    [Fact]
    public async Task Json_retry_with_the_same_idempotency_key_returns_the_first_result()
    {
        await using var suite = await SuiteHost.StartAsync();
        using var http = suite.CreateHttpClient();
        var request = PetitionRequests.Anonymous();

        var first = JsonParser.Default.Parse<SubmitPetitionResponse>((await PostAsync(http, request, suite.Token(Roles.Intake))).Body);
        var again = JsonParser.Default.Parse<SubmitPetitionResponse>((await PostAsync(http, request, suite.Token(Roles.Intake))).Body);

        Assert.Equal(first.PetitionId, again.PetitionId);
        Assert.True(again.Replayed);
        Assert.Single((await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk))).Petitions);
    }

    [Theory]
    [InlineData("no accused person", "accused")]
    [InlineData("empty facts", "facts")]
    [InlineData("oversize facts", "facts")]
    [InlineData("malformed digest", "attachments[0].sha256")]
    [InlineData("missing idempotency key", "idempotency_key")]
    [InlineData("unspecified channel", "channel")]
    public async Task Invalid_field_is_named_alike_over_json_and_grpc_and_nothing_is_stored(string mistake, string field)
    {
        await using var suite = await SuiteHost.StartAsync();
        using var http = suite.CreateHttpClient();
        var request = PetitionRequests.Anonymous();
        Mutations[mistake](request);

        var overJson = await PostAsync(http, request, suite.Token(Roles.Intake));
        var overGrpc = await Rpc.FailsWith(StatusCode.InvalidArgument, async () => await suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.Intake)));

        // INVALID_ARGUMENT is 400; the body is the google.rpc.Status the gRPC call carries in its trailer.
        Assert.Equal(HttpStatusCode.BadRequest, overJson.Status);
        var status = StatusParser.Parse<Google.Rpc.Status>(overJson.Body);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        var badRequest = Assert.Single(status.Details).Unpack<BadRequest>();
        Assert.Equal([field], badRequest.FieldViolations.Select(v => v.Field).Distinct());
        Assert.Equal(Rpc.BadFields(overGrpc), badRequest.FieldViolations.Select(v => v.Field));
        Assert.Equal(overGrpc.Status.Detail, status.Message);
        await AssertNothingStoredAsync(suite);
    }

    [Fact]
    public async Task Json_that_is_not_a_petition_is_refused_as_bad_input_and_nothing_is_stored()
    {
        await using var suite = await SuiteHost.StartAsync();
        using var http = suite.CreateHttpClient();

        var reply = await PostRawAsync(http, "{\"facts\": 12, \"accused\": \"李四\"", suite.Token(Roles.Intake));

        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        await AssertNothingStoredAsync(suite);
    }

    [Fact]
    public async Task Unauthenticated_and_forbidden_are_refused_alike_and_nothing_is_stored()
    {
        await using var suite = await SuiteHost.StartAsync();
        using var http = suite.CreateHttpClient();
        var request = PetitionRequests.Anonymous();

        var anonymous = await PostAsync(http, request, token: null);
        var forged = await PostAsync(http, request, token: "not-a-token");
        var wrongRole = await PostAsync(http, request, suite.Token(Roles.OrgDept));
        await Rpc.FailsWith(StatusCode.Unauthenticated, async () => await suite.Petitions().SubmitPetitionAsync(request));
        await Rpc.FailsWith(StatusCode.PermissionDenied, async () => await suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.OrgDept)));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.Status);
        Assert.Equal(HttpStatusCode.Forbidden, wrongRole.Status);
        await AssertNothingStoredAsync(suite);
    }

    [Fact]
    public async Task The_openapi_document_describes_json_submission()
    {
        await using var suite = await SuiteHost.StartAsync();
        using var http = suite.CreateHttpClient();

        using var reply = await http.GetAsync(HttpApi.OpenApiPath, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        using var document = System.Text.Json.JsonDocument.Parse(await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var paths = document.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/v1/petitions").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/v1/petitions/{petitionId}").TryGetProperty("get", out _));
        Assert.True(paths.TryGetProperty("/v1/receipts/status", out _));
    }

    private static Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, SubmitPetitionRequest request, string? token) =>
        PostRawAsync(http, Json.Format(request), token);

    private static async Task<(HttpStatusCode Status, string Body)> PostRawAsync(HttpClient http, string json, string? token)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/v1/petitions") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var reply = await http.SendAsync(message, TestContext.Current.CancellationToken);
        return (reply.StatusCode, await reply.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task AssertNothingStoredAsync(SuiteHost suite)
    {
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk));
        Assert.Empty(list.Petitions);
        Assert.Empty(await suite.OutboxAsync());
    }
}
