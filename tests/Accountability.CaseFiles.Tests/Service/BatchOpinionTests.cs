using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Xunit;
using OpinionPurpose = Accountability.Protos.CaseFiles.V1.OpinionPurpose;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>The batch form: one answer per candidate (acceptance point 5).</summary>
public sealed class BatchOpinionTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    [Fact]
    public async Task A_batch_of_two_hundred_candidates_answers_each_once_in_order_and_a_repeat_returns_the_same_answers()
    {
        await using var suite = await SuiteHost.StartAsync();
        var candidates = await CadreIdsAsync(suite, 200);

        // Known positions: a sanction approved today (NOT_SUITABLE) and a clue just registered (DEFER).
        int[] sanctioned = [17, 150];
        int[] underReview = [3, 99, 199];
        foreach (var i in sanctioned)
        {
            var cadre = await suite.CadreAsync(candidates[i]);
            await suite.PublishAsync(new Contracts.Clues.OutcomeDecided
            {
                OutcomeId = "out-batch-" + i, ClueId = "clue-batch-" + i, Subject = Person(cadre), Kind = "party_serious_warning", Track = "party", Form = 2,
                DecidedOn = suite.Today(), ApprovedOn = suite.Today(),
            });
            await suite.DossierWhenAsync(cadre.CadreId, d => d.ImpactPeriods.Count == 1);
        }

        foreach (var i in underReview)
        {
            var cadre = await suite.CadreAsync(candidates[i]);
            await suite.PublishAsync(new Contracts.Clues.ClueRegistered
            {
                ClueId = "clue-review-" + i, LedgerNumber = $"XS-2026-{i:000000}", RegisteredAt = suite.Clock.GetUtcNow(), Source = "audit", Subjects = [Person(cadre)],
            });
            await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Count == 1);
        }

        var request = new RequestIntegrityOpinionsRequest { IdempotencyKey = "换届-2026", Purpose = OpinionPurpose.Election, CadreIds = { candidates } };
        var batch = await suite.CaseFiles().RequestIntegrityOpinionsAsync(request, suite.OrgDept());

        Assert.Equal(candidates, batch.Opinions.Select(o => o.CadreId));
        Assert.Equal(200, batch.Opinions.Select(o => o.OpinionId).Distinct().Count());
        Assert.All(batch.Opinions, o =>
        {
            Assert.Equal(batch.BatchId, o.BatchId);
            Assert.Equal(OpinionAnswer.Unspecified, o.Answer); // not the department's until signed
            Assert.Equal(OpinionPurpose.Election, o.Purpose);
            Assert.Equal("orgdept-zhou", o.RequestedBy);
        });

        // The checking side reads every answer: each by its position.
        var listed = new List<IntegrityOpinion>();
        var token = "";
        do
        {
            var page = await suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { BatchId = batch.BatchId, PageSize = 100, PageToken = token }, suite.Supervisor());
            listed.AddRange(page.Opinions);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(batch.Opinions.Select(o => o.OpinionId).Order(), listed.Select(o => o.OpinionId).Order());
        var answers = listed.ToDictionary(o => o.OpinionId, o => o.Answer);
        for (var i = 0; i < candidates.Count; i++)
        {
            var expected = sanctioned.Contains(i) ? OpinionAnswer.NotSuitable : underReview.Contains(i) ? OpinionAnswer.DeferUntilResolved : OpinionAnswer.NoIssueFound;
            Assert.True(expected == answers[batch.Opinions[i].OpinionId], $"position {i} ({candidates[i]}): {answers[batch.Opinions[i].OpinionId]}, expected {expected}");
        }

        var again = await suite.CaseFiles().RequestIntegrityOpinionsAsync(request, suite.OrgDept());
        Assert.Equal(batch.Opinions.Select(o => o.OpinionId), again.Opinions.Select(o => o.OpinionId));
        Assert.Equal(200, await suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, Platform.Storage.Filter.Eq("batchId", batch.BatchId)));
    }

    private static Contracts.AccusedPersonInfo Person(Cadre cadre) => new(cadre.Name, cadre.Unit, cadre.Post, "city", cadre.CadreId);

    [Fact]
    public async Task A_batch_naming_an_unknown_or_repeated_candidate_is_refused_whole_and_stores_nothing()
    {
        var candidates = await CadreIdsAsync(Suite, 3);
        var before = await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, null);
        var ex = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () => Suite.CaseFiles().RequestIntegrityOpinionsAsync(
            new RequestIntegrityOpinionsRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), Purpose = OpinionPurpose.Promotion, CadreIds = { candidates[0], "c-nobody", candidates[1] } }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["cadre_ids[1]"], CaseRpc.BadFields(ex));
        ex = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () => Suite.CaseFiles().RequestIntegrityOpinionsAsync(
            new RequestIntegrityOpinionsRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), Purpose = OpinionPurpose.Promotion, CadreIds = { candidates[2], candidates[2] } }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["cadre_ids[1]"], CaseRpc.BadFields(ex));
        Assert.Equal(before, await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, null));
    }

    private static async Task<List<string>> CadreIdsAsync(SuiteHost suite, int count)
    {
        var ids = new List<string>();
        var token = "";
        while (ids.Count < count)
        {
            var page = await suite.CaseFiles().ListCadresAsync(new ListCadresRequest { PageSize = 100, PageToken = token }, suite.OrgDept());
            ids.AddRange(page.Cadres.Select(c => c.CadreId));
            token = page.NextPageToken;
        }

        return ids.Take(count).ToList();
    }
}
