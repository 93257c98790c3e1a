using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using Clue = Accountability.Protos.Clues.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>Personal-matters checks (shared/domain.md §8): their handling, the referral to the Clues service, and their weight in an opinion.</summary>
public sealed class PersonalMattersTests
{
    [Fact]
    public async Task A_concealment_referred_to_the_clues_service_becomes_a_clue_and_the_cadre_is_not_suitable()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = await suite.CadreAsync("c-city-zrzy-02");
        var check = await suite.CaseFiles().RecordPersonalMattersCheckAsync(new RecordPersonalMattersCheckRequest
        {
            IdempotencyKey = "pm-1",
            CadreId = cadre.CadreId,
            Year = 2025,
            Result = PersonalMattersResult.Concealment,
            Items = { new PersonalMattersItem { Code = "housing", Description = "未报告住房一套" }, new PersonalMattersItem { Code = "business", Description = "配偶经营公司未报告" } },
            CheckedOn = "2026-02-20",
            Targeted = true,
        }, suite.OrgDept());

        // Unhandled: the opinion waits for the handling, and a concealment already makes the cadre unsuitable.
        var first = await Opinion(suite, cadre.CadreId);
        Assert.Equal(OpinionAnswer.NotSuitable, first.Answer);
        Assert.Equal(["check:" + check.CheckId], Assert.Single(first.Reasons, r => r.Rule == "concealment_found").Records);
        Assert.Single(first.Reasons, r => r.Rule == "personal_matters_unhandled");

        var referred = await suite.CaseFiles().RecordPersonalMattersHandlingAsync(
            new RecordPersonalMattersHandlingRequest { CheckId = check.CheckId, Kind = PersonalMattersHandlingKind.Referral, DecidedOn = "2026-02-25", Note = "移送纪委", ExpectedVersion = check.Version }, suite.OrgDept());
        var referralId = Assert.Single(referred.Handling).ReferralId;
        Assert.StartsWith("ref_", referralId, StringComparison.Ordinal);
        await CaseRpc.FailsWith(StatusCode.FailedPrecondition, () => suite.CaseFiles().RecordPersonalMattersHandlingAsync(
            new RecordPersonalMattersHandlingRequest { CheckId = check.CheckId, Kind = PersonalMattersHandlingKind.Referral, DecidedOn = "2026-02-25" }, suite.OrgDept()).ResponseAsync);

        // The Clues service registers exactly one clue from the referral, about the same cadre.
        var listed = await CaseRpc.Poll(async () =>
            (await suite.Clues().ListCluesAsync(new Clue.ListCluesRequest { Source = Clue.ClueSource.PersonalMattersCheck }, suite.Supervisor())).Clues.SingleOrDefault());
        var clue = await suite.Clues().GetClueAsync(new Clue.GetClueRequest { ClueId = listed.ClueId }, suite.Supervisor());
        Assert.Equal(cadre.CadreId, Assert.Single(clue.Subjects).CadreId);
        Assert.Contains("瞒报", clue.Summary, StringComparison.Ordinal);

        // The new clue, once CaseFiles hears of it, is an open matter in the dossier as well.
        await suite.DossierWhenAsync(cadre.CadreId, d => d.OpenMatters.Any(m => m.Record == "clue:" + clue.ClueId));
        var later = await Opinion(suite, cadre.CadreId);
        Assert.Equal(OpinionAnswer.NotSuitable, later.Answer);
        Assert.Contains(later.Reasons, r => r.Rule == "open_clue" && r.Records.Contains("clue:" + clue.ClueId));
        Assert.DoesNotContain(later.Reasons, r => r.Rule == "personal_matters_unhandled");
    }

    [Fact]
    public async Task An_omission_defers_until_handled_then_a_postponement_defers_for_its_term_and_a_consistent_check_has_no_handling()
    {
        await using var suite = await SuiteHost.StartAsync();
        var cadre = "c-city-scjg-02";
        var check = await suite.CaseFiles().RecordPersonalMattersCheckAsync(new RecordPersonalMattersCheckRequest
        {
            IdempotencyKey = "pm-2", CadreId = cadre, Year = 2025, Result = PersonalMattersResult.Omission,
            Items = { new PersonalMattersItem { Code = "hk_macau_taiwan", Description = "少报赴港一次" } }, CheckedOn = "2026-02-20",
        }, suite.OrgDept());
        Assert.Equal(OpinionAnswer.DeferUntilResolved, (await Opinion(suite, cadre)).Answer);

        await suite.CaseFiles().RecordPersonalMattersHandlingAsync(
            new RecordPersonalMattersHandlingRequest { CheckId = check.CheckId, Kind = PersonalMattersHandlingKind.PostponePromotion, DecidedOn = "2026-02-27" }, suite.OrgDept());
        var postponed = await Opinion(suite, cadre);
        Assert.Equal(OpinionAnswer.DeferUntilResolved, postponed.Answer);
        Assert.Contains("2026-02-27起暂缓提拔", Assert.Single(postponed.Reasons, r => r.Rule == "promotion_postponed").Text, StringComparison.Ordinal);

        suite.Clock.Advance(TimeSpan.FromDays(366));
        var after = await Opinion(suite, cadre);
        Assert.Equal(OpinionAnswer.NoIssueFound, after.Answer);
        Assert.True(Assert.Single(after.Reasons, r => r.Rule == "omission_handled").Note);

        var consistent = await suite.CaseFiles().RecordPersonalMattersCheckAsync(new RecordPersonalMattersCheckRequest
        {
            IdempotencyKey = "pm-3", CadreId = cadre, Year = 2026, Result = PersonalMattersResult.Consistent, CheckedOn = suite.Today(),
        }, suite.OrgDept());
        await CaseRpc.FailsWith(StatusCode.FailedPrecondition, () => suite.CaseFiles().RecordPersonalMattersHandlingAsync(
            new RecordPersonalMattersHandlingRequest { CheckId = consistent.CheckId, Kind = PersonalMattersHandlingKind.Admonishment, DecidedOn = suite.Today() }, suite.OrgDept()).ResponseAsync);
        var listed = await suite.CaseFiles().ListPersonalMattersChecksAsync(new ListPersonalMattersChecksRequest { CadreId = cadre }, suite.OrgDept());
        Assert.Equal(2, listed.Checks.Count);

        // The checks are part of the dossier's timeline.
        var timeline = await suite.CaseFiles().GetTimelineAsync(new GetTimelineRequest { CadreId = cadre, Kinds = { EntryKind.PersonalMattersCheck } }, suite.Supervisor());
        Assert.Equal(["2026年度个人有关事项报告查核：一致", "2025年度个人有关事项报告查核：漏报（hk_macau_taiwan）；处理：暂缓提拔"], timeline.Entries.Select(e => e.Summary));
        Assert.Equal("check:" + check.CheckId, Assert.Single(timeline.Entries[1].Refs));
    }

    [Fact]
    public async Task The_relatives_self_check_is_recorded_once_per_cadre_and_year()
    {
        await using var suite = await SuiteHost.StartAsync();
        var recorded = await suite.CaseFiles().RecordRelativesBusinessCheckAsync(new RecordRelativesBusinessCheckRequest
        {
            IdempotencyKey = "rb-1", CadreId = "c-city-nyj-01", Year = 2026, SelfChecked = true,
            Businesses = { new RelativeBusiness { Relation = Relation.Spouse, Business = "某农资公司", WithinScope = true } },
        }, suite.OrgDept());
        Assert.Equal(1, recorded.RiskPoints);
        var replay = await suite.CaseFiles().RecordRelativesBusinessCheckAsync(new RecordRelativesBusinessCheckRequest
        {
            IdempotencyKey = "rb-1", CadreId = "c-city-nyj-01", Year = 2026, SelfChecked = true,
            Businesses = { new RelativeBusiness { Relation = Relation.Spouse, Business = "某农资公司", WithinScope = true } },
        }, suite.OrgDept());
        Assert.Equal(recorded.CheckId, replay.CheckId);
        await CaseRpc.FailsWith(StatusCode.FailedPrecondition, () => suite.CaseFiles().RecordRelativesBusinessCheckAsync(new RecordRelativesBusinessCheckRequest
        {
            IdempotencyKey = "rb-2", CadreId = "c-city-nyj-01", Year = 2026, SelfChecked = true,
        }, suite.OrgDept()).ResponseAsync);
    }

    private static async Task<IntegrityOpinion> Opinion(SuiteHost suite, string cadreId) =>
        await suite.OpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = Guid.NewGuid().ToString("N"), CadreId = cadreId, Purpose = OpinionPurpose.Promotion });
}
