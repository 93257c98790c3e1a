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
        var candidates = await CadreIdsAsync(200);
        var request = new RequestIntegrityOpinionsRequest { IdempotencyKey = "换届-2026", Purpose = OpinionPurpose.Election, CadreIds = { candidates } };

        var batch = await Suite.CaseFiles().RequestIntegrityOpinionsAsync(request, Suite.OrgDept());

        Assert.Equal(candidates, batch.Opinions.Select(o => o.CadreId));
        Assert.Equal(200, batch.Opinions.Select(o => o.OpinionId).Distinct().Count());
        Assert.All(batch.Opinions, o =>
        {
            Assert.Equal(batch.BatchId, o.BatchId);
            Assert.NotEqual(OpinionAnswer.Unspecified, o.Answer);
            Assert.Equal(OpinionPurpose.Election, o.Purpose);
            Assert.Equal("orgdept-zhou", o.RequestedBy);
        });

        var listed = new List<IntegrityOpinion>();
        var token = "";
        do
        {
            var page = await Suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { BatchId = batch.BatchId, PageSize = 100, PageToken = token }, Suite.OrgDept());
            listed.AddRange(page.Opinions);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(batch.Opinions.Select(o => o.OpinionId).Order(), listed.Select(o => o.OpinionId).Order());
        var again = await Suite.CaseFiles().RequestIntegrityOpinionsAsync(request, Suite.OrgDept());
        Assert.Equal(batch.Opinions.Select(o => o.OpinionId), again.Opinions.Select(o => o.OpinionId));
        Assert.Equal(200, await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, Platform.Storage.Filter.Eq("batchId", batch.BatchId)));
    }

    [Fact]
    public async Task A_batch_naming_an_unknown_or_repeated_candidate_is_refused_whole_and_stores_nothing()
    {
        var candidates = await CadreIdsAsync(3);
        var before = await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, null);
        var ex = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () => Suite.CaseFiles().RequestIntegrityOpinionsAsync(
            new RequestIntegrityOpinionsRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), Purpose = OpinionPurpose.Promotion, CadreIds = { candidates[0], "c-nobody", candidates[1] } }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["cadre_ids[1]"], CaseRpc.BadFields(ex));
        ex = await CaseRpc.FailsWith(global::Grpc.Core.StatusCode.InvalidArgument, () => Suite.CaseFiles().RequestIntegrityOpinionsAsync(
            new RequestIntegrityOpinionsRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), Purpose = OpinionPurpose.Promotion, CadreIds = { candidates[2], candidates[2] } }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["cadre_ids[1]"], CaseRpc.BadFields(ex));
        Assert.Equal(before, await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, null));
    }

    private async Task<List<string>> CadreIdsAsync(int count)
    {
        var ids = new List<string>();
        var token = "";
        while (ids.Count < count)
        {
            var page = await Suite.CaseFiles().ListCadresAsync(new ListCadresRequest { PageSize = 100, PageToken = token }, Suite.OrgDept());
            ids.AddRange(page.Cadres.Select(c => c.CadreId));
            token = page.NextPageToken;
        }

        return ids.Take(count).ToList();
    }
}
