using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>Matching the people events name to the directory, and never keeping a reporter's identity.</summary>
public sealed class MentionTests
{
    [Fact]
    public async Task A_mention_the_directory_cannot_match_is_kept_and_joins_the_dossier_once_the_cadre_is_imported()
    {
        await using var suite = await SuiteHost.StartAsync();
        var now = suite.Clock.GetUtcNow();
        await suite.PublishAsync(new ClueRegistered
        {
            ClueId = "clue-x",
            LedgerNumber = "XS-2026-000099",
            RegisteredAt = now,
            Source = "audit",
            Subjects = [new AccusedPersonInfo("司马新", "安和市数据局", "副局长", "city", null)],
        });
        await suite.PublishAsync(new ClueStageChanged
        {
            ClueId = "clue-x", LedgerNumber = "XS-2026-000099", Stage = "verifying", PreviousStage = "assigned", Step = 4,
            Subjects = [new AccusedPersonInfo("司马新", "安和市 数据局", "副局长", "city", null)], ChangedAt = now,
        });
        var unmatched = await CaseRpc.Poll(async () =>
        {
            var page = await suite.CaseFiles().ListUnmatchedMentionsAsync(new ListUnmatchedMentionsRequest(), suite.Supervisor());
            return page.Mentions.Count == 1 && page.Mentions[0].Entries == 2 ? page : null;
        });
        Assert.Equal(("司马新", "安和市数据局"), (unmatched.Mentions[0].Name, unmatched.Mentions[0].Unit));

        await suite.CaseFiles().ImportDirectoryAsync(new ImportDirectoryRequest
        {
            Cadres = { new Cadre { CadreId = "c-data-02", Name = "司马新", OrganId = "unit-data", Unit = "安和市数据局", Post = "副局长", Rank = Rank.DivisionDeputy, Level = Common.Level.City } },
        }, suite.As(Roles.Admin));
        var dossier = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = "c-data-02" }, suite.Supervisor());
        var open = Assert.Single(dossier.OpenMatters);
        Assert.Equal(("clue:clue-x", "XS-2026-000099", "verifying"), (open.Record, open.Label, open.Stage));
        Assert.Empty((await suite.CaseFiles().ListUnmatchedMentionsAsync(new ListUnmatchedMentionsRequest(), suite.Supervisor())).Mentions);
    }

    [Fact]
    public async Task A_mention_of_two_namesakes_in_one_unit_is_neither_ones_and_stays_unmatched()
    {
        await using var suite = await SuiteHost.StartAsync();
        await suite.CaseFiles().ImportDirectoryAsync(new ImportDirectoryRequest
        {
            Cadres =
            {
                new Cadre { CadreId = "c-twin-1", Name = "王五", OrganId = "unit-data", Unit = "安和市数据局", Post = "科长", Rank = Rank.SectionPrincipal, Level = Common.Level.City },
                new Cadre { CadreId = "c-twin-2", Name = "王五", OrganId = "unit-data", Unit = "安和市数据局", Post = "副科长", Rank = Rank.SectionDeputy, Level = Common.Level.City },
            },
        }, suite.As(Roles.Admin));
        await suite.PublishAsync(new ClueRegistered
        {
            ClueId = "clue-twin",
            LedgerNumber = "XS-2026-000100",
            RegisteredAt = suite.Clock.GetUtcNow(),
            Source = "audit",
            Subjects = [new AccusedPersonInfo("王五", "安和市数据局", "", "city", null)],
        });
        var unmatched = await CaseRpc.Poll(async () =>
        {
            var page = await suite.CaseFiles().ListUnmatchedMentionsAsync(new ListUnmatchedMentionsRequest(), suite.Supervisor());
            return page.Mentions.Count == 1 ? page : null;
        });
        Assert.Equal(("王五", "安和市数据局", 1), (unmatched.Mentions[0].Name, unmatched.Mentions[0].Unit, unmatched.Mentions[0].Entries));
        foreach (var id in new[] { "c-twin-1", "c-twin-2" })
        {
            var dossier = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = id }, suite.Supervisor());
            Assert.Empty(dossier.OpenMatters);
            Assert.Empty(dossier.Recent);
        }
    }

    [Fact]
    public async Task A_restart_never_reverts_a_directory_update_to_the_seed()
    {
        await using var suite = await SuiteHost.StartAsync();
        var lisi = await suite.CadreAsync(CaseRpc.LiSi);
        var promoted = lisi.Clone();
        promoted.Post = "镇长";
        promoted.Rank = Rank.SectionPrincipal;
        await suite.CaseFiles().ImportDirectoryAsync(new ImportDirectoryRequest { Cadres = { promoted } }, suite.As(Roles.Admin));
        // The seeder runs again as at a restart.
        var seeder = suite.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<CaseFiles.Domain.DirectorySeeder>().Single();
        await seeder.StartAsync(TestContext.Current.CancellationToken);

        var after = await suite.CadreAsync(CaseRpc.LiSi);
        Assert.Equal(("镇长", Rank.SectionPrincipal), (after.Post, after.Rank));
    }

    [Fact]
    public async Task A_named_reporter_is_nowhere_in_the_dossier()
    {
        await using var suite = await SuiteHost.StartAsync();
        var lisi = await suite.CadreAsync(CaseRpc.LiSi);
        var submitted = await suite.Petitions().SubmitPetitionAsync(new Protos.Petitions.V1.SubmitPetitionRequest
        {
            IdempotencyKey = "named-1",
            Channel = Protos.Petitions.V1.Channel.Online,
            Kind = Protos.Petitions.V1.PetitionKind.Accusation,
            Facts = "该镇副镇长在道路工程招标中收受承包商回扣。",
            Accused = { CaseRpc.Accused(lisi) },
            Disciplines = { Common.Discipline.Integrity },
            Reporter = new Protos.Petitions.V1.ReporterIdentity { Name = "欧阳举报", Unit = "河西镇中心小学", Phone = "13800001111" },
        }, suite.As(Roles.Intake));
        var dossier = await suite.DossierWhenAsync(CaseRpc.LiSi, d => d.Recent.Any(e => e.Refs.Contains("petition:" + submitted.PetitionId)));
        var entry = Assert.Single(dossier.Recent, e => e.Kind == EntryKind.Petition);
        Assert.DoesNotContain("实名", entry.Summary, StringComparison.Ordinal);
        Assert.DoesNotContain("匿名", entry.Summary, StringComparison.Ordinal);
        var petitionEntry = Assert.Single(
            (await suite.Store(CaseFilesModule.Name).QueryAsync(CaseFiles.Domain.DossierEntry.Collection, new Platform.Storage.Query(null, "_id", false, 100), TestContext.Current.CancellationToken)).Items,
            e => e.Kind == CaseFiles.Domain.EntryKind.Petition);
        Assert.Equal(CaseFiles.Domain.DossierRecorder.PetitionMentionType, petitionEntry.MessageType);
        Assert.DoesNotContain("named", petitionEntry.Payload, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(submitted.RegisterNumber, petitionEntry.Payload, StringComparison.Ordinal);

        // The petition's screening names nobody; it shows in the timeline through the petition.
        await suite.Petitions().ScreenPetitionAsync(new Protos.Petitions.V1.ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = Protos.Petitions.V1.ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        await CaseRpc.Poll(async () =>
        {
            var timeline = await suite.CaseFiles().GetTimelineAsync(new GetTimelineRequest { CadreId = CaseRpc.LiSi }, suite.Supervisor());
            return timeline.Entries.Any(e => e.Kind == EntryKind.PetitionScreened && e.Refs.Contains("petition:" + submitted.PetitionId)) ? timeline : null;
        });
        var stored = await suite.Store(CaseFilesModule.Name).QueryAsync(CaseFiles.Domain.DossierEntry.Collection, new Platform.Storage.Query(null, "_id", false, 100), TestContext.Current.CancellationToken);
        Assert.All(stored.Items, e =>
        {
            Assert.DoesNotContain("欧阳举报", e.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain("13800001111", e.Payload, StringComparison.Ordinal);
            Assert.DoesNotContain("收受承包商回扣", e.Payload + e.Summary, StringComparison.Ordinal);
        });
    }
}
