using Accountability.EndToEnd.Tests.Infrastructure;
using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.EndToEnd.Tests;

/// <summary>
/// Clues and CaseFiles as separate processes over a private RabbitMQ node: the dossier follows the
/// clue's stages from Clues' events, an integrity opinion defers on the open clue, and a rebuild
/// reads Clues' event export over a real socket and gives the same dossier.
/// </summary>
public sealed class CrossServiceCaseFilesTests(ITestOutputHelper output)
{
    private const string Cadre = "c-qingshui-hexi-03";

    [Fact(Timeout = 180_000)]
    public async Task The_dossier_follows_the_clues_service_over_rabbitmq_and_rebuilds_from_its_export()
    {
        RabbitRequirement.Ensure();
        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var clues = await ServiceUnderTest.StartAsync(ServiceBinaries.Clues, node.AmqpUri, ct);
        await using var caseFiles = await ServiceUnderTest.StartAsync(ServiceBinaries.CaseFiles, node.AmqpUri, ct, new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = clues.Auth.SigningKey,
            ["CaseFiles__Sources__clues"] = $"http://127.0.0.1:{clues.Port}",
            ["CaseFiles__Sources__petitions"] = "",
            ["CaseFiles__Sources__talks"] = "",
            ["CaseFiles__Sources__tolerance"] = "",
        });
        var api = new Protos.CaseFiles.V1.CaseFiles.CaseFilesClient(caseFiles.Channel);
        try
        {
            var clue = await ClueSteps.RegisterAssignAndDisposeAsync(
                clues, ClueSource.InspectionTour, "市委第二巡察组移交",
                new ClueSubject { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township },
                "反映其在道路工程招标中收受承包商回扣。", Discipline.Integrity, DisposalMethod.PreliminaryVerification, "线索处置会研究");

            // Matched by name and unit to the directory's 李四; the latest stage is verification. Each
            // event type has its own queue, so they may arrive in any order: wait for all three.
            var dossier = await Observe.EventuallyAsync(async () =>
                await api.GetDossierAsync(new GetDossierRequest { CadreId = Cadre }, caseFiles.As(Roles.Supervisor)) is { } d
                    && d.OpenMatters.Any(m => m.Stage == "verifying") && d.EntryCount == 3 ? d : null, ct);
            Assert.Equal(("clue:" + clue.ClueId, clue.LedgerNumber), (dossier.OpenMatters[0].Record, dossier.OpenMatters[0].Label));
            var opinion = await api.RequestIntegrityOpinionAsync(
                new RequestIntegrityOpinionRequest { IdempotencyKey = "e2e-1", CadreId = Cadre, Purpose = OpinionPurpose.Promotion }, caseFiles.As(Roles.OrgDept));
            // The department sees the answer once signed; the checking supervisor reads it before.
            var checkedOpinion = await api.GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, caseFiles.As(Roles.Supervisor));
            Assert.Equal(OpinionAnswer.DeferUntilResolved, checkedOpinion.Answer);

            var rebuilt = await api.RebuildDossiersAsync(new RebuildDossiersRequest(), caseFiles.As(Roles.Admin, TimeSpan.FromSeconds(60)));
            var replay = Assert.Single(rebuilt.Sources);
            Assert.Equal("clues", replay.Source);
            Assert.Equal(3, replay.Events); // registered, assigned, verifying
            var after = await api.GetDossierAsync(new GetDossierRequest { CadreId = Cadre, AsOf = dossier.AsOf }, caseFiles.As(Roles.Supervisor));
            Assert.Equal(2, after.Generation);
            after.Generation = dossier.Generation;
            Assert.Equal(dossier, after);
        }
        catch (Exception) when (Report(clues, caseFiles))
        {
            throw;
        }
    }

    private bool Report(ServiceUnderTest clues, ServiceUnderTest caseFiles)
    {
        output.WriteLine(clues.Diagnostics());
        output.WriteLine(caseFiles.Diagnostics());
        return false;
    }
}
