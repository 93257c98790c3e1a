using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Hosting;
using Accountability.Platform.Security;
using Accountability.Protos.Audit.V1;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Protos.Talks.V1;
using Accountability.Testing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// The five services as their own processes over a private RabbitMQ node, reached only through the
/// gateway: the Clues scenario (petition → screening → triage → clue registered and linked back →
/// assignment, disposal by talk inquiry → the talk held in Talks → the clue answered → the dossier in
/// CaseFiles) over gRPC, and SubmitPetition as JSON over HTTP/1.1, success and a refused field alike.
/// </summary>
public sealed class GatewayScenarioTests(ITestOutputHelper output)
{
    internal const string Cadre = "c-qingshui-hexi-03";

    [Fact(Timeout = 180_000)]
    public async Task The_clue_scenario_and_json_submission_run_through_the_gateway()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var suite = await SuiteUnderTest.StartAsync(node.AmqpUri, ct);
        var gateway = suite.Gateway;
        var petitions = new Protos.Petitions.V1.Petitions.PetitionsClient(gateway.Channel);
        var clues = new Protos.Clues.V1.Clues.CluesClient(gateway.Channel);
        var talks = new Protos.Talks.V1.Talks.TalksClient(gateway.Channel);
        var caseFiles = new Protos.CaseFiles.V1.CaseFiles.CaseFilesClient(gateway.Channel);
        try
        {
            // The gateway answers its own health; each service's platform services are picked by a header.
            var health = await new Grpc.Health.V1.Health.HealthClient(gateway.Channel).CheckAsync(new Grpc.Health.V1.HealthCheckRequest(), cancellationToken: ct);
            Assert.Equal(Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus.Serving, health.Status);

            var submitted = await petitions.SubmitPetitionAsync(Petition(), suite.As(Roles.Intake));
            await petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级受理" }, suite.As(Roles.Clerk));
            await petitions.TriagePetitionAsync(new TriagePetitionRequest
            {
                PetitionId = submitted.PetitionId,
                Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题" } },
            }, suite.As(Roles.Clerk));
            var linked = await Observe.EventuallyAsync(async () =>
                await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk)) is { Status: PetitionStatus.ClueLinked } p ? p : null, ct, TimeSpan.FromSeconds(60));
            var clueId = Assert.Single(linked.ClueProposals).ClueId;

            await clues.AssignClueAsync(new AssignClueRequest { ClueId = clueId, Department = "dept-1", Handler = "e2e-handler" }, suite.As(Roles.Supervisor));
            await clues.DecideDisposalAsync(new DecideDisposalRequest
            {
                ClueId = clueId,
                Method = DisposalMethod.TalkInquiry,
                CollectiveDecision = new CollectiveDecision { MeetingDate = ClueSteps.Today(), Attendees = { "王书记", "赵主任" }, Approver = "王书记" },
                Reason = "一般性问题，谈话函询",
            }, suite.As(Roles.Supervisor));
            await clues.RequestInquiryTalkAsync(new RequestInquiryTalkRequest { ClueId = clueId, Talkers = { "王书记", "赵主任" } }, suite.As(Roles.Supervisor));

            var talk = await Observe.EventuallyAsync(async () =>
                (await talks.ListTalksAsync(new ListTalksRequest { ClueId = clueId }, suite.As(Roles.Supervisor))).Talks.SingleOrDefault(), ct);
            var start = DateTimeOffset.UtcNow.AddMinutes(5);
            var scheduled = await talks.ScheduleTalkAsync(new ScheduleTalkRequest
            {
                TalkId = talk.TalkId,
                Start = Timestamp.FromDateTimeOffset(start),
                End = Timestamp.FromDateTimeOffset(start.AddHours(1)),
                Place = "纪委谈话室一",
                Talkers = { "王书记", "赵主任" },
                NoteTaker = "clerk-sun",
            }, suite.As(Roles.Supervisor));
            await talks.RecordTalkHeldAsync(new RecordTalkHeldRequest
            {
                TalkId = scheduled.TalkId,
                ExpectedVersion = scheduled.Version,
                Attendance = { new Attendance { CadreId = Cadre, Present = true } },
                Summary = "谈话函询：本人对反映问题作出说明。",
                Statement = "本人说明：未收受回扣。",
                Signatures = { new Protos.Talks.V1.Signature { Who = "王书记", At = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) } },
            }, suite.As(Roles.Supervisor));
            await Observe.EventuallyAsync(async () =>
                await clues.GetClueAsync(new GetClueRequest { ClueId = clueId }, suite.As(Roles.Supervisor)) is { Status: ClueStatus.InquiryAnswered } c ? c : null, ct);

            var dossier = await Observe.EventuallyAsync(async () =>
                await caseFiles.GetDossierAsync(new GetDossierRequest { CadreId = Cadre }, suite.As(Roles.Supervisor)) is { } d
                    && d.OpenMatters.Any(m => m.Record == "clue:" + clueId) ? d : null, ct);
            Assert.Contains(dossier.OpenMatters, m => m.Record == "clue:" + clueId);

            // Audit, event export, reflection and health exist in every service: the header names which.
            var audit = new Audit.AuditClient(gateway.Channel);
            foreach (var name in SuiteUnderTest.Names)
            {
                var area = name.ToLowerInvariant();
                var options = suite.As(Roles.Auditor);
                options.Headers!.Add("x-accountability-service", area);
                var verified = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = area }, options);
                Assert.True(verified.Valid, $"{name}: {verified.Problem}");
            }

            // JSON over HTTP/1.1: submit, read back, and a refused field named as gRPC names it.
            var overJson = await PostJsonAsync(gateway.Json, "/v1/petitions", JsonFormatter.Default.Format(Petition()), suite.Token(Roles.Intake), ct);
            Assert.Equal(HttpStatusCode.OK, overJson.Status);
            var receipt = JsonParser.Default.Parse<SubmitPetitionResponse>(overJson.Body);
            Assert.Equal(16, receipt.ReceiptCode.Length);
            using (var read = new HttpRequestMessage(HttpMethod.Get, "/v1/petitions/" + receipt.PetitionId))
            {
                read.Headers.Authorization = new AuthenticationHeaderValue("Bearer", suite.Token(Roles.Clerk));
                using var reply = await gateway.Json.SendAsync(read, ct);
                Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
                Assert.Equal(HttpVersion.Version11, reply.Version);
                Assert.Equal(receipt.RegisterNumber, JsonParser.Default.Parse<Petition>(await reply.Content.ReadAsStringAsync(ct)).RegisterNumber);
            }

            var invalid = Petition();
            invalid.Facts = "";
            var refused = await PostJsonAsync(gateway.Json, "/v1/petitions", JsonFormatter.Default.Format(invalid), suite.Token(Roles.Intake), ct);
            Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
            var status = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(HttpApi.ErrorDetails)).Parse<Google.Rpc.Status>(refused.Body);
            Assert.Equal(["facts"], Assert.Single(status.Details).Unpack<BadRequest>().FieldViolations.Select(v => v.Field));
            var unauthenticated = await PostJsonAsync(gateway.Json, "/v1/petitions", JsonFormatter.Default.Format(Petition()), token: null, ct);
            Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.Status);
            // Two stored: the gRPC one and the JSON one; the refused ones left nothing.
            Assert.Equal(2, Observe.Count(suite.Petitions.DataDirectory, "petitions.db", "SELECT COUNT(*) FROM petitions"));

            // Each service's OpenAPI document through the gateway.
            using var document = await gateway.Json.GetAsync("/openapi/petitions.json", ct);
            Assert.Equal(HttpStatusCode.OK, document.StatusCode);
            Assert.Contains("\"/v1/petitions\"", await document.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            Assert.Contains("\"/v1/integrity-opinions\"", await gateway.Json.GetStringAsync("/openapi/casefiles.json", ct), StringComparison.Ordinal);

            RunCounts.Record($"{nameof(GatewayScenarioTests)}.{nameof(The_clue_scenario_and_json_submission_run_through_the_gateway)}", new Dictionary<string, long>
            {
                ["petitions_sent"] = 4,
                ["clues"] = Observe.Count(suite.Clues.DataDirectory, "clues.db", "SELECT COUNT(*) FROM clues"),
                ["dossier_entries"] = Observe.Count(suite.CaseFiles.DataDirectory, "casefiles.db", "SELECT COUNT(*) FROM dossier_entries"),
                ["internal_errors"] = 0,
            });
        }
        catch (Exception) when (Report(suite))
        {
            throw;
        }
    }

    internal static SubmitPetitionRequest Petition(string accused = "李四", string cadreId = Cadre) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Channel = Protos.Petitions.V1.Channel.Online,
        Kind = PetitionKind.Accusation,
        Facts = "反映某镇副镇长在道路工程中收受回扣，并安排亲属承接工程。",
        Accused = { new AccusedPerson { Name = accused, Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township, CadreId = cadreId } },
        Disciplines = { Discipline.Integrity },
    };

    internal static async Task<(HttpStatusCode Status, string Body)> PostJsonAsync(HttpClient http, string path, string json, string? token, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var reply = await http.SendAsync(message, ct);
        return (reply.StatusCode, await reply.Content.ReadAsStringAsync(ct));
    }

    private bool Report(SuiteUnderTest suite)
    {
        output.WriteLine(suite.Diagnostics());
        return false;
    }
}
