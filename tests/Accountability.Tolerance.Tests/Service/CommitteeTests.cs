using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>Acceptance 4: recusal refuses a vote, a decision needs a quorum and a majority, dissent is recorded.</summary>
public sealed class CommitteeTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private const string Unit = "清水县交通运输局";

    private SuiteHost Suite => fixture.Suite;

    [Fact]
    public async Task The_applicant_a_member_of_the_same_unit_and_a_declared_relation_must_recuse_and_their_votes_are_refused_without_storing_anything()
    {
        var id = NewCadre();
        var application = await VerifiedAsync(id);
        var members = new[]
        {
            ToleranceRpc.Member(id, "申请人本人", "县委"),
            ToleranceRpc.Member("r-unit", "同单位 郑", " 清水县 交通运输局 "),
            ToleranceRpc.Member("r-relation", "亲属 冯", "县财政局", id),
            ToleranceRpc.Member("v1", "委员 甲", "县纪委"),
            ToleranceRpc.Member("v2", "委员 乙", "县监委"),
            ToleranceRpc.Member("v3", "委员 丙", "县委组织部"),
            ToleranceRpc.Member("v4", "委员 丁", "县委办"),
        };

        var convened = await Suite.ConveneAsync(application.ApplicationId, members);

        Assert.Equal(
            [(id, "applicant"), ("r-unit", "same unit"), ("r-relation", "declared relation")],
            convened.Committee.Members.Where(m => m.MustRecuse).Select(m => (m.MemberId, m.RecusalReason)));
        foreach (var (member, reason) in new[] { (id, "applicant"), ("r-unit", "same unit"), ("r-relation", "declared relation") })
        {
            var refused = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Suite.VoteAsync(application.ApplicationId, member, ToleranceOutcome.Exempted));
            Assert.Contains($"recuse ({reason})", refused.Status.Detail, StringComparison.Ordinal);
        }

        var after = await Suite.Tolerance().GetApplicationAsync(new GetApplicationRequest { ApplicationId = application.ApplicationId }, Suite.Supervisor());
        Assert.Equal(convened.Version, after.Version);
        Assert.Empty(after.Committee.Votes);
    }

    [Fact]
    public async Task A_decision_without_a_quorum_or_without_a_majority_is_refused_and_one_member_votes_once()
    {
        var application = await VerifiedAsync(NewCadre());
        await Suite.ConveneAsync(application.ApplicationId); // five members: a quorum is three votes
        var tolerance = Suite.Tolerance();
        var decide = () => tolerance.DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = application.ApplicationId, Outcome = ToleranceOutcome.Exempted }, Suite.Supervisor()).ResponseAsync;

        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, decide); // no vote at all
        await Suite.VoteAsync(application.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Exempted);
        var twice = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Exempted));
        Assert.Equal(["member_id"], ToleranceRpc.BadFields(twice));
        var stranger = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.VoteAsync(application.ApplicationId, "m9", ToleranceOutcome.Exempted));
        Assert.Equal(["member_id"], ToleranceRpc.BadFields(stranger));

        var noQuorum = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, decide);
        Assert.Contains("no quorum: 2 of 5 members voted, 3 needed", noQuorum.Status.Detail, StringComparison.Ordinal);

        // Four votes, two against two: no majority. A vote against the suggestion gives its opinion.
        var silent = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Lighter));
        Assert.Equal(["opinion"], ToleranceRpc.BadFields(silent));
        await Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Lighter, "程序有瑕疵");
        await Suite.VoteAsync(application.ApplicationId, "m4", ToleranceOutcome.Lighter, "同意从轻");
        var noMajority = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, decide);
        Assert.Contains("no majority for exempted: 2 of 4 votes", noMajority.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Verified, (await tolerance.GetApplicationAsync(new GetApplicationRequest { ApplicationId = application.ApplicationId }, Suite.Supervisor())).Status);
        Assert.Empty(await Suite.PayloadsAsync("tolerance-decided:v1", application.ApplicationId));

        // The fifth vote carries it; the two others stand as recorded dissent.
        await Suite.VoteAsync(application.ApplicationId, "m5", ToleranceOutcome.Exempted);
        var decided = await decide();
        Assert.Equal((ToleranceOutcome.Exempted, 3, 5), (decided.Decision.Outcome, decided.Decision.VotesFor, decided.Decision.VotesCast));
        Assert.Equal(["m3", "m4"], decided.Committee.Votes.Where(v => v.Dissent).Select(v => v.MemberId));
        var explained = await tolerance.ExplainDecisionAsync(new ExplainDecisionRequest { ApplicationId = application.ApplicationId }, Suite.Supervisor());
        Assert.Equal(["程序有瑕疵", "同意从轻"], explained.Votes.Where(v => v.Dissent).Select(v => v.Opinion));
    }

    [Fact]
    public async Task A_committee_that_could_never_reach_a_quorum_is_refused_and_a_decision_against_the_rules_gives_its_reason()
    {
        var id = NewCadre();
        var application = await VerifiedAsync(id);
        var mostlyRecused = new[]
        {
            ToleranceRpc.Member("x1", "同单位一", Unit),
            ToleranceRpc.Member("x2", "同单位二", Unit),
            ToleranceRpc.Member("x3", "委员", "县纪委"),
        };
        var refused = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.ConveneAsync(application.ApplicationId, mostlyRecused));
        Assert.Equal(["members"], ToleranceRpc.BadFields(refused));
        var tooFew = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.ConveneAsync(application.ApplicationId, ToleranceRpc.FiveMembers().Take(2)));
        Assert.Equal(["members"], ToleranceRpc.BadFields(tooFew));

        // The rules suggest 免予问责; the committee decides 从轻 and must say why.
        await Suite.ConveneAsync(application.ApplicationId);
        foreach (var member in new[] { "m1", "m2", "m3" })
        {
            await Suite.VoteAsync(application.ApplicationId, member, ToleranceOutcome.Lighter, "决策前未充分论证");
        }

        var unexplained = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.Tolerance().DecideApplicationAsync(
            new DecideApplicationRequest { ApplicationId = application.ApplicationId, Outcome = ToleranceOutcome.Lighter }, Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["reason"], ToleranceRpc.BadFields(unexplained));
        var decided = await Suite.Tolerance().DecideApplicationAsync(
            new DecideApplicationRequest { ApplicationId = application.ApplicationId, Outcome = ToleranceOutcome.Lighter, Reason = "决策前未充分论证，不宜免予问责" }, Suite.Supervisor());
        Assert.Equal((ToleranceOutcome.Lighter, ToleranceOutcome.Exempted), (decided.Decision.Outcome, decided.Decision.SuggestedOutcome));
    }

    private static string NewCadre() => "cadre-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Application> VerifiedAsync(string cadreId)
    {
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre(cadreId, "申请人", Unit, "局长"));
        return await Suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
    }
}
