using Accountability.CaseFiles.Tests.Service;
using Accountability.Platform.Security;
using Accountability.Protos.Audit.V1;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.CaseFiles.Tests.Security;

public sealed class AccessControlTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private static readonly string[] DossierReaders = [Roles.Supervisor, Roles.Auditor, Roles.Admin];
    private static readonly string[] OpinionReaders = [Roles.OrgDept, Roles.Supervisor, Roles.Auditor, Roles.Admin];
    private static readonly string[] Checkers = [Roles.OrgDept, Roles.Supervisor];

    /// <summary>
    /// The policy, one line per RPC: the organisation department imports the directory, asks for and
    /// reads opinions and records checks, but never reads a dossier's detail; a dossier spans every
    /// department's matters, so it is for supervisors, auditors and administrators, not for a
    /// handler (who looks cadres up); only a supervisor signs a reply; only an administrator rebuilds.
    /// </summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["ImportDirectory"] = [Roles.Admin, Roles.OrgDept],
        ["GetCadre"] = [.. DossierReaders, Roles.Handler, Roles.OrgDept],
        ["ListCadres"] = [.. DossierReaders, Roles.Handler, Roles.OrgDept],
        ["GetDossier"] = DossierReaders,
        ["GetTimeline"] = DossierReaders,
        ["ListUnmatchedMentions"] = [Roles.Supervisor, Roles.Admin],
        ["RebuildDossiers"] = [Roles.Admin],
        ["RequestIntegrityOpinion"] = [Roles.OrgDept],
        ["RequestIntegrityOpinions"] = [Roles.OrgDept],
        ["SignIntegrityOpinion"] = [Roles.Supervisor],
        ["GetIntegrityOpinion"] = OpinionReaders,
        ["ListIntegrityOpinions"] = OpinionReaders,
        ["RecordPersonalMattersCheck"] = Checkers,
        ["RecordPersonalMattersHandling"] = Checkers,
        ["ListPersonalMattersChecks"] = [.. Checkers, Roles.Auditor, Roles.Admin],
        ["GetComplianceRates"] = [.. Checkers, Roles.Auditor, Roles.Admin],
        ["RecordRelativesBusinessCheck"] = Checkers,
        ["GetPeriodFigures"] = [Roles.Supervisor, Roles.OrgDept, Roles.Auditor, Roles.Admin],
    };

    private SuiteHost Suite => fixture.Suite;

    private static IEnumerable<MethodDescriptor> Methods => Protos.CaseFiles.V1.CaseFiles.Descriptor.Methods;

    [Fact]
    public void Every_casefiles_rpc_has_the_policy_of_the_issue()
    {
        var rules = Suite.Services.GetRequiredService<RpcAccess>().Rules;
        Assert.Equal(Expected.Keys.Order(), Methods.Select(m => m.Name).Order());
        Assert.All(Methods, m =>
        {
            var rule = rules[RpcAccess.FullName(m.Service, m.Name)];
            Assert.False(rule.Anonymous);
            Assert.Equal(Expected[m.Name].Order(), rule.Roles.Order());
        });
        var export = rules[RpcAccess.FullName(Protos.Events.V1.EventExport.Descriptor, "ExportEvents")];
        Assert.Equal([Roles.Admin, Roles.Auditor], export.Roles.Order());
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated()
    {
        Assert.Empty(await AnyRpc.NotRefusedWithoutTokenAsync(Suite.Channel, Methods.Concat(Protos.Events.V1.EventExport.Descriptor.Methods)));
    }

    [Fact]
    public async Task Every_role_an_rpc_does_not_allow_is_denied_and_every_allowed_role_passes_the_gate()
    {
        var (failures, denials) = await AnyRpc.SweepRolesAsync(Suite.Channel, Methods, Roles.All, role => Suite.Token(role), (method, role) => Expected[method.Name].Contains(role));

        Assert.Empty(failures);
        Assert.True(denials > 80, $"only {denials} denied combinations were exercised");
    }

    [Fact]
    public async Task The_organisation_department_reads_the_opinion_with_its_reasons_once_signed_but_not_the_dossier_behind_it()
    {
        var opinion = await Suite.CaseFiles().RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "orgdept-read", CadreId = CaseRpc.LiSi, Purpose = OpinionPurpose.Promotion }, Suite.OrgDept());
        Assert.Equal((OpinionAnswer.Unspecified, "", 0), (opinion.Answer, opinion.AnswerText, opinion.Reasons.Count));
        var unsigned = await Suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, Suite.OrgDept());
        Assert.Equal((OpinionAnswer.Unspecified, "", 0), (unsigned.Answer, unsigned.AnswerText, unsigned.Reasons.Count));
        var listed = await Suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { CadreId = CaseRpc.LiSi }, Suite.OrgDept());
        Assert.All(listed.Opinions, o => Assert.True(o.Status == OpinionStatus.Replied || o.Answer == OpinionAnswer.Unspecified));
        var checking = await Suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, Suite.Supervisor());
        Assert.NotEqual(OpinionAnswer.Unspecified, checking.Answer);
        Assert.NotEqual("", checking.AnswerText);

        await Suite.CaseFiles().SignIntegrityOpinionAsync(new SignIntegrityOpinionRequest { OpinionId = opinion.OpinionId, Signers = { "纪委书记" } }, Suite.Supervisor());
        var read = await Suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, Suite.OrgDept());
        Assert.Equal((checking.Answer, checking.AnswerText, checking.Reasons.Count), (read.Answer, read.AnswerText, read.Reasons.Count));

        var denied = await CaseRpc.FailsWith(StatusCode.PermissionDenied, () =>
            Suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = CaseRpc.LiSi }, Suite.OrgDept()).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        await CaseRpc.FailsWith(StatusCode.PermissionDenied, () =>
            Suite.CaseFiles().GetTimelineAsync(new GetTimelineRequest { CadreId = CaseRpc.LiSi }, Suite.OrgDept()).ResponseAsync);
    }

    [Fact]
    public async Task An_organisation_department_reads_only_its_own_organs_opinions_and_every_read_is_audited()
    {
        var opinion = await Suite.CaseFiles().RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "organ-scope", CadreId = "c-city-fgw-03", Purpose = OpinionPurpose.Award }, Suite.OrgDept());
        var county = new CallOptions(headers: new Metadata
        {
            { "Authorization", "Bearer " + TokenIssuer.Mint(Suite.Auth, "orgdept-qingshui", Roles.OrgDept, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-county-qingshui") },
        });
        await CaseRpc.FailsWith(StatusCode.NotFound, () =>
            Suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, county).ResponseAsync);
        var theirs = await Suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { CadreId = "c-city-fgw-03" }, county);
        Assert.Empty(theirs.Opinions);
        var ours = await Suite.CaseFiles().ListIntegrityOpinionsAsync(new ListIntegrityOpinionsRequest { CadreId = "c-city-fgw-03" }, Suite.OrgDept());
        Assert.Contains(ours.Opinions, o => o.OpinionId == opinion.OpinionId);
        await Suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = opinion.OpinionId }, Suite.As(Roles.Auditor, "auditor-qian"));

        var audit = new Protos.Audit.V1.Audit.AuditClient(Suite.Channel);
        var reads = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Chain = CaseFilesModule.Name, ObjectId = opinion.OpinionId, PageSize = 100 }, Suite.As(Roles.Auditor));
        Assert.Contains(reads.Records, r => r.Action == "integrity_opinion.read" && r.Actor == "auditor-qian");
        var lists = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Chain = CaseFilesModule.Name, ObjectId = "c-city-fgw-03", PageSize = 100 }, Suite.As(Roles.Auditor));
        Assert.Contains(lists.Records, r => r.Action == "integrity_opinion.listed" && r.Actor == "orgdept-zhou" && r.Reason.Contains(opinion.OpinionId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reading_a_dossier_and_every_change_write_audit_records_and_the_chain_verifies()
    {
        var cadre = "c-city-fgw-02";
        await Suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = cadre }, Suite.As(Roles.Auditor, "auditor-qian"));
        await Suite.CaseFiles().GetTimelineAsync(new GetTimelineRequest { CadreId = cadre }, Suite.Supervisor());
        var opinion = await Suite.CaseFiles().RequestIntegrityOpinionAsync(
            new RequestIntegrityOpinionRequest { IdempotencyKey = "audit-1", CadreId = cadre, Purpose = OpinionPurpose.Award }, Suite.OrgDept());
        await Suite.CaseFiles().SignIntegrityOpinionAsync(new SignIntegrityOpinionRequest { OpinionId = opinion.OpinionId, Signers = { "纪委书记" } }, Suite.Supervisor());

        var audit = new Protos.Audit.V1.Audit.AuditClient(Suite.Channel);
        var reads = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Chain = CaseFilesModule.Name, ObjectId = cadre, PageSize = 100 }, Suite.As(Roles.Auditor));
        Assert.Contains(reads.Records, r => r.Action == "dossier.read" && r.Actor == "auditor-qian" && r.Role == Roles.Auditor);
        Assert.Contains(reads.Records, r => r.Action == "dossier.read" && r.Actor == "supervisor-wang" && r.Reason == "timeline");
        var changes = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Chain = CaseFilesModule.Name, ObjectId = opinion.OpinionId, PageSize = 100 }, Suite.As(Roles.Auditor));
        Assert.Equal(["integrity_opinion.replied", "integrity_opinion.requested"], changes.Records.Select(r => r.Action));
        Assert.Equal("orgdept-zhou", changes.Records[1].Actor);

        var verification = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = CaseFilesModule.Name }, Suite.As(Roles.Auditor));
        Assert.True(verification.Valid, verification.Problem);
        Assert.True(verification.RecordsChecked >= 5);
    }
}
