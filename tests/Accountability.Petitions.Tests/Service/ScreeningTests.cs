using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using Dom = Accountability.Petitions.Domain;

namespace Accountability.Petitions.Tests.Service;

public sealed class ScreeningTests
{
    [Theory]
    [InlineData(ScreeningOutcome.Accept, PetitionStatus.Accepted, "", "")]
    [InlineData(ScreeningOutcome.RouteUp, PetitionStatus.RoutedUp, "", "org-province")]
    [InlineData(ScreeningOutcome.TransferDown, PetitionStatus.TransferredDown, "org-county-qingshui", "org-county-qingshui")]
    [InlineData(ScreeningOutcome.TransferOtherOrgan, PetitionStatus.TransferredOtherOrgan, "org-public-security", "org-public-security")]
    [InlineData(ScreeningOutcome.NotInScope, PetitionStatus.NonScopeReferred, "", "")]
    [InlineData(ScreeningOutcome.FileRepeat, PetitionStatus.FiledRepeat, "", "")]
    [InlineData(ScreeningOutcome.FileNoSubstance, PetitionStatus.FiledNoSubstance, "", "")]
    public async Task Screening_moves_to_the_outcomes_status(ScreeningOutcome outcome, PetitionStatus expected, string target, string expectedTarget)
    {
        await using var suite = await SuiteHost.StartAsync();
        var earlier = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该局局长违规收受购物卡，金额约五万元。", accusedName: "王五"), suite.As(Roles.Intake));
        // Routing up needs an accused above this (city) organ's jurisdiction: a province-managed cadre.
        var level = outcome == ScreeningOutcome.RouteUp ? Protos.Common.V1.Level.Province : Protos.Common.V1.Level.Township;
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(level: level), suite.As(Roles.Intake));
        Assert.Equal(PetitionStatus.Registered, submitted.Status);

        var screened = await suite.Petitions().ScreenPetitionAsync(new ScreenPetitionRequest
        {
            PetitionId = submitted.PetitionId,
            Outcome = outcome,
            Reason = "分流意见",
            TargetOrganId = target,
            RepeatOfPetitionId = outcome == ScreeningOutcome.FileRepeat ? earlier.PetitionId : "",
        }, suite.As(Roles.Clerk));

        Assert.Equal(expected, screened.Status);
        Assert.Equal((Dom.PetitionStatus)expected, Dom.PetitionStateMachine.ScreeningTargets[(Dom.ScreeningOutcome)outcome]);
        Assert.Equal(outcome, screened.Screening.Outcome);
        Assert.Equal(expectedTarget, screened.Screening.TargetOrganId);
        Assert.Equal(outcome == ScreeningOutcome.FileRepeat ? earlier.PetitionId : "", screened.RepeatOfPetitionId);
        Assert.NotNull(Assert.Single(screened.Deadlines, d => d.Kind == DeadlineKind.Screening).MetAt);
        var stored = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = submitted.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(expected, stored.Status);
    }

    [Fact]
    public async Task Screening_twice_is_refused_naming_the_current_state()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = await SubmitAsync(suite);
        var accepted = await ScreenAsync(suite, id, ScreeningOutcome.Accept);

        var ex = await Rpc.FailsWith(StatusCode.FailedPrecondition, () => ScreenAsync(suite, id, ScreeningOutcome.NotInScope));

        Assert.Contains("ACCEPTED", ex.Status.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(suite, accepted);
    }

    [Fact]
    public async Task Triage_before_acceptance_is_refused_naming_the_current_state()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = await SubmitAsync(suite);
        var before = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));

        var ex = await Rpc.FailsWith(StatusCode.FailedPrecondition, () => TriageAsync(suite, id));

        Assert.Contains("REGISTERED", ex.Status.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(suite, before);
    }

    [Fact]
    public async Task Archive_from_registered_is_refused_naming_the_current_state()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = await SubmitAsync(suite);
        var before = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));

        var ex = await Rpc.FailsWith(StatusCode.FailedPrecondition, async () =>
            await suite.Petitions().ArchivePetitionAsync(new ArchivePetitionRequest { PetitionId = id }, suite.As(Roles.Clerk)));

        Assert.Contains("REGISTERED", ex.Status.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(suite, before);
    }

    [Fact]
    public async Task Acceptance_notice_on_an_anonymous_petition_is_refused_naming_the_current_state()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = await SubmitAsync(suite);
        var accepted = await ScreenAsync(suite, id, ScreeningOutcome.Accept);

        var ex = await Rpc.FailsWith(StatusCode.FailedPrecondition, async () =>
            await suite.Petitions().RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = id, Method = "电话告知" }, suite.As(Roles.Clerk)));

        Assert.Contains("ACCEPTED", ex.Status.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(suite, accepted);
    }

    [Fact]
    public async Task Named_petition_triaged_before_its_acceptance_notice_is_refused_naming_the_current_state()
    {
        await using var suite = await SuiteHost.StartAsync();
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Named(PetitionRequests.Reporter()), suite.As(Roles.Intake));
        var accepted = await ScreenAsync(suite, submitted.PetitionId, ScreeningOutcome.Accept);

        var ex = await Rpc.FailsWith(StatusCode.FailedPrecondition, () => TriageAsync(suite, submitted.PetitionId));

        Assert.Contains("ACCEPTED", ex.Status.Detail, StringComparison.Ordinal);
        await AssertUnchangedAsync(suite, accepted);

        // The same triage is allowed once the reporter has been notified.
        await suite.Petitions().RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = submitted.PetitionId, Method = "电话告知" }, suite.As(Roles.Clerk));
        var triaged = await TriageAsync(suite, submitted.PetitionId);
        Assert.Equal(PetitionStatus.HandedToSupervision, triaged.Status);
    }

    private static async Task<string> SubmitAsync(SuiteHost suite) =>
        (await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake))).PetitionId;

    private static async Task<Petition> ScreenAsync(SuiteHost suite, string id, ScreeningOutcome outcome) =>
        await suite.Petitions().ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = outcome, Reason = "分流意见" }, suite.As(Roles.Clerk));

    private static async Task<Petition> TriageAsync(SuiteHost suite, string id) =>
        await suite.Petitions().TriagePetitionAsync(
            new TriagePetitionRequest { PetitionId = id, Proposals = { new ClueProposalInput { Summary = "反映某镇副镇长收受工程回扣问题" } } },
            suite.As(Roles.Clerk));

    private static async Task AssertUnchangedAsync(SuiteHost suite, Petition before)
    {
        var after = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = before.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.Version, after.Version);
    }
}
