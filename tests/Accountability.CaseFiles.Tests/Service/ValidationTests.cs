using Accountability.Platform.Security;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>Bad input is INVALID_ARGUMENT naming every bad field, and nothing is stored.</summary>
public sealed class ValidationTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    private Protos.CaseFiles.V1.CaseFiles.CaseFilesClient Api => Suite.CaseFiles();

    [Fact]
    public async Task A_bad_opinion_request_names_its_fields()
    {
        var ex = await Refused(() => Api.RequestIntegrityOpinionAsync(new RequestIntegrityOpinionRequest { AsOf = "2026-13-01" }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["idempotency_key", "cadre_id", "purpose", "as_of"], CaseRpc.BadFields(ex));
        await CaseRpc.FailsWith(StatusCode.NotFound, () =>
            Api.RequestIntegrityOpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "x", CadreId = "c-nobody", Purpose = OpinionPurpose.Promotion }, Suite.OrgDept()).ResponseAsync);
    }

    [Fact]
    public async Task An_opinion_as_of_a_future_day_is_refused_and_nothing_is_stored()
    {
        var before = await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, null);
        var tomorrow = DateOnly.ParseExact(Suite.Today(), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var single = await Refused(() => Api.RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "future-1", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion, AsOf = tomorrow }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["as_of"], CaseRpc.BadFields(single));
        var batch = await Refused(() => Api.RequestIntegrityOpinionsAsync(
            new RequestIntegrityOpinionsRequest { IdempotencyKey = "future-2", CadreIds = { CaseRpc.LiSi }, Purpose = OpinionPurpose.Promotion, AsOf = tomorrow }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["as_of"], CaseRpc.BadFields(batch));
        Assert.Equal(before, await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.IntegrityOpinion.Collection, null));
    }

    [Fact]
    public async Task A_reused_idempotency_key_for_another_request_is_refused()
    {
        await Api.RequestIntegrityOpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "reuse", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion }, Suite.OrgDept());
        var ex = await Refused(() => Api.RequestIntegrityOpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "reuse", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Award }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["idempotency_key"], CaseRpc.BadFields(ex));
    }

    [Fact]
    public async Task An_idempotency_key_of_a_single_request_is_refused_for_a_batch_and_the_reverse()
    {
        await Api.RequestIntegrityOpinionAsync(new RequestIntegrityOpinionRequest { IdempotencyKey = "reuse-single", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion }, Suite.OrgDept());
        var asBatch = await Refused(() => Api.RequestIntegrityOpinionsAsync(
            new RequestIntegrityOpinionsRequest { IdempotencyKey = "reuse-single", CadreIds = { CaseRpc.LiSi }, Purpose = OpinionPurpose.Promotion }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["idempotency_key"], CaseRpc.BadFields(asBatch));

        await Api.RequestIntegrityOpinionsAsync(new RequestIntegrityOpinionsRequest { IdempotencyKey = "reuse-batch", CadreIds = { CaseRpc.LiSi }, Purpose = OpinionPurpose.Promotion }, Suite.OrgDept());
        var asSingle = await Refused(() => Api.RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "reuse-batch", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["idempotency_key"], CaseRpc.BadFields(asSingle));
    }

    [Fact]
    public async Task A_bad_personal_matters_check_names_its_fields_and_stores_nothing()
    {
        var before = await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.PersonalMattersCheck.Collection, null);
        var ex = await Refused(() => Api.RecordPersonalMattersCheckAsync(new RecordPersonalMattersCheckRequest
        {
            IdempotencyKey = "pm-bad",
            CadreId = CaseRpc.LiSi,
            Year = 1999,
            Result = PersonalMattersResult.Concealment,
            Items = { new PersonalMattersItem { Code = "yacht" } },
            CheckedOn = "2099-01-01",
        }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["year", "items[0].code", "checked_on"], CaseRpc.BadFields(ex));
        ex = await Refused(() => Api.RecordPersonalMattersCheckAsync(new RecordPersonalMattersCheckRequest
        {
            IdempotencyKey = "pm-bad-2", CadreId = CaseRpc.LiSi, Year = 2025, Result = PersonalMattersResult.Omission, CheckedOn = "2026-01-10",
        }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["items"], CaseRpc.BadFields(ex));
        Assert.Equal(before, await Suite.Store(CaseFilesModule.Name).CountAsync(CaseFiles.Domain.PersonalMattersCheck.Collection, null));
    }

    [Fact]
    public async Task A_bad_directory_import_names_every_bad_entry_and_stores_nothing()
    {
        var ex = await Refused(() => Api.ImportDirectoryAsync(new ImportDirectoryRequest
        {
            Organs = { new Organ { OrganId = "u-1", Name = "", Level = Common.Level.County } },
            Cadres =
            {
                new Cadre { CadreId = "c-x", Name = "张三", OrganId = "u-1", Unit = "某单位", Post = "科长", Rank = Rank.SectionPrincipal, Level = Common.Level.County },
                new Cadre { CadreId = "c-x", Name = "", OrganId = "u-1", Unit = "某单位", Post = "科长", Level = Common.Level.County },
            },
        }, Suite.As(Roles.Admin)).ResponseAsync);
        Assert.Equal(["cadres[1]", "organs[0].name", "cadres[1].name", "cadres[1].rank"], CaseRpc.BadFields(ex));
        await CaseRpc.FailsWith(StatusCode.NotFound, () => Api.GetCadreAsync(new GetCadreRequest { CadreId = "c-x" }, Suite.Supervisor()).ResponseAsync);
    }

    [Fact]
    public async Task Bad_figures_timeline_and_relatives_requests_name_their_fields()
    {
        var ex = await Refused(() => Api.GetPeriodFiguresAsync(new GetPeriodFiguresRequest { From = "2026-12-31", To = "2026-01-01", CaseYear = 1 }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["to", "case_year"], CaseRpc.BadFields(ex));
        ex = await Refused(() => Api.GetTimelineAsync(new GetTimelineRequest { CadreId = CaseRpc.LiSi, Kinds = { (EntryKind)99 }, PageToken = "nonsense" }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["kinds[0]", "page_token"], CaseRpc.BadFields(ex));
        ex = await Refused(() => Api.RecordRelativesBusinessCheckAsync(new RecordRelativesBusinessCheckRequest
        {
            IdempotencyKey = "rb-bad", CadreId = CaseRpc.LiSi, Year = 2026, SelfChecked = false,
            Businesses = { new RelativeBusiness { Relation = Relation.Unspecified, Business = "" } },
        }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(["businesses[0].relation", "businesses[0].business", "self_checked"], CaseRpc.BadFields(ex));
        ex = await Refused(() => Api.SignIntegrityOpinionAsync(new SignIntegrityOpinionRequest { OpinionId = "", ExpectedVersion = -1 }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["opinion_id", "signers", "expected_version"], CaseRpc.BadFields(ex));
    }

    [Fact]
    public async Task The_directory_is_imported_updated_and_a_later_import_resolves_an_earlier_mention()
    {
        var imported = await Api.ImportDirectoryAsync(new ImportDirectoryRequest
        {
            Organs = { new Organ { OrganId = "unit-new", Name = "安和市数据局", Level = Common.Level.City, ParentId = "unit-city-gov" } },
            Cadres = { new Cadre { CadreId = "c-new-01", Name = "欧阳明", OrganId = "unit-new", Unit = "安和市数据局", Post = "局长", Rank = Rank.DivisionPrincipal, Level = Common.Level.City, Principal = true } },
        }, Suite.As(Roles.Admin));
        Assert.Equal((1, 0, 1, 0), (imported.OrgansAdded, imported.OrgansUpdated, imported.CadresAdded, imported.CadresUpdated));
        var updated = await Api.ImportDirectoryAsync(new ImportDirectoryRequest
        {
            Cadres = { new Cadre { CadreId = "c-new-01", Name = "欧阳明", OrganId = "unit-new", Unit = "安和市数据局", Post = "局长、党组书记", Rank = Rank.DivisionPrincipal, Level = Common.Level.City, Principal = true } },
        }, Suite.OrgDept());
        Assert.Equal((0, 1), (updated.CadresAdded, updated.CadresUpdated));
        Assert.Equal("局长、党组书记", (await Suite.CadreAsync("c-new-01")).Post);
        var cadres = await Api.ListCadresAsync(new ListCadresRequest { OrganId = "unit-new" }, Suite.OrgDept());
        Assert.Equal(["c-new-01"], cadres.Cadres.Select(c => c.CadreId));
    }

    private static Task<RpcException> Refused(Func<Task> call) => CaseRpc.FailsWith(StatusCode.InvalidArgument, call);
}
