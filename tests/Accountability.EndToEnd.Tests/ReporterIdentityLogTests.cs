using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// A reporter's identity never reaches a log line: the service as its own process, logging at
/// Trace, handles a named petition from submission to the audited reveal, and its whole output
/// is searched for the identity.
/// </summary>
public sealed class ReporterIdentityLogTests
{
    [Fact(Timeout = 120_000)]
    public async Task Reporter_identity_appears_in_no_log_line_even_at_trace_level()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var petitions = await ServiceUnderTest.StartAsync(node.AmqpUri, ct, new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Trace",
            ["Logging__LogLevel__Microsoft"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Trace",
            ["Logging__LogLevel__MassTransit"] = "Trace",
        });
        var reporter = new ReporterIdentity { Name = "欧阳明远", Unit = "安和市第三中学", Phone = "13987654321", Address = "安和市东城区解放路99号", IdNumber = "530102199203034567" };
        var request = new SubmitPetitionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Channel = Channel.Online,
            Kind = PetitionKind.Accusation,
            Reporter = reporter,
            Facts = "举报某局副局长违规收受礼金。",
            Accused = { new AccusedPerson { Name = "赵六", Unit = "安和市住建局", Post = "副局长", Level = Level.City } },
            Disciplines = { Discipline.Integrity },
        };
        var client = petitions.Petitions;
        var submitted = await client.SubmitPetitionAsync(request, petitions.As(Roles.Intake));
        await client.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖" }, petitions.As(Roles.Clerk));
        await client.RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = submitted.PetitionId, Method = "电话" }, petitions.As(Roles.Clerk));
        await client.TriagePetitionAsync(new TriagePetitionRequest { PetitionId = submitted.PetitionId, Proposals = { new ClueProposalInput { Summary = "反映违规收受礼金问题" } } }, petitions.As(Roles.Clerk));
        var revealed = await client.RevealReporterIdentityAsync(new RevealReporterIdentityRequest { PetitionId = submitted.PetitionId, Reason = "核实举报人身份以便反馈" }, petitions.As(Roles.Custodian));
        Assert.Equal(reporter.Phone, revealed.Phone);
        await Task.Delay(TimeSpan.FromSeconds(2), ct); // let the relay publish and log

        var output = petitions.Process.Output;
        Assert.Contains("/accountability.petitions.v1.Petitions/RevealReporterIdentity", output, StringComparison.Ordinal); // the search sees the trace lines
        foreach (var secret in new[] { reporter.Name, reporter.Phone, reporter.IdNumber, reporter.Address })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }

        // Nor in plain text at rest: petitions.db (its WAL too, every row and column), the outbox's
        // events, the whole output and the broker's message store hold it only encrypted, if at all.
        var findings = ReporterIdentityScan.Find([petitions], node, [reporter.Name, reporter.Phone, reporter.IdNumber, reporter.Address], out var places);
        Assert.True(places > 0);
        Assert.True(findings.Count == 0, "reporter identity in plain text:\n" + string.Join('\n', findings.Take(20)));
    }
}
