using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>
/// Acceptance 4: recusal refuses a vote, a decision needs a quorum and a majority (of the members
/// free to vote, by default), dissent is recorded; a split committee votes again in a new round or
/// the application is withdrawn.
/// </summary>
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
        var twice = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Exempted));
        Assert.Contains("member m2 already voted in round 1", twice.Status.Detail, StringComparison.Ordinal);
        var stranger = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.VoteAsync(application.ApplicationId, "m9", ToleranceOutcome.Exempted));
        Assert.Equal(["member_id"], ToleranceRpc.BadFields(stranger));

        var noQuorum = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, decide);
        Assert.Contains("no quorum: 2 votes of 5 members free to vote, 3 needed", noQuorum.Status.Detail, StringComparison.Ordinal);

        // Four votes, two against two: no majority of the five. A vote against the suggestion gives its opinion.
        var silent = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Lighter));
        Assert.Equal(["opinion"], ToleranceRpc.BadFields(silent));
        await Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Lighter, "程序有瑕疵");
        await Suite.VoteAsync(application.ApplicationId, "m4", ToleranceOutcome.Lighter, "同意从轻");
        var noMajority = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, decide);
        Assert.Contains("no majority for exempted: 2 of 5 members free to vote, 3 needed", noMajority.Status.Detail, StringComparison.Ordinal);
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

    [Fact]
    public async Task A_tied_committee_votes_again_in_a_new_round_and_the_closed_round_stays_on_record()
    {
        // Five members, one of the applicant's unit: four may vote, a quorum is three, a majority three.
        var application = await VerifiedAsync(NewCadre());
        var members = ToleranceRpc.FiveMembers().Take(4).Append(ToleranceRpc.Member("m5", "常委 孙", Unit));
        var convened = await Suite.ConveneAsync(application.ApplicationId, members);
        Assert.Equal((4, 3, "eligible", 1), (convened.Committee.EligibleMembers, convened.Committee.Quorum, convened.Committee.MajorityBasis, convened.Committee.Round));
        await Suite.VoteAsync(application.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Lighter, "损失较大");
        var tied = await Suite.VoteAsync(application.ApplicationId, "m4", ToleranceOutcome.Lighter, "程序不完备");
        var tolerance = Suite.Tolerance();
        Task<Application> Decide(ToleranceOutcome outcome) => tolerance.DecideApplicationAsync(
            new DecideApplicationRequest { ApplicationId = application.ApplicationId, Outcome = outcome, Reason = outcome == ToleranceOutcome.Exempted ? "" : "委员会表决" }, Suite.Supervisor()).ResponseAsync;

        // Two against two: neither outcome can be decided, and the committee cannot be convened again over the votes.
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Decide(ToleranceOutcome.Exempted));
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Decide(ToleranceOutcome.Lighter));
        var reconvene = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Suite.ConveneAsync(application.ApplicationId));
        Assert.Contains("4 votes already cast in round 1", reconvene.Status.Detail, StringComparison.Ordinal);

        // Only the supervisor starts a new round, with the reason; a stale version is ABORTED.
        var startRequest = new StartVotingRoundRequest { ApplicationId = application.ApplicationId, Reason = "表决意见二比二，无法形成多数", ExpectedVersion = tied.Version };
        await ToleranceRpc.FailsWith(StatusCode.PermissionDenied, () => tolerance.StartVotingRoundAsync(startRequest, Suite.Handler()).ResponseAsync);
        await ToleranceRpc.FailsWith(StatusCode.Aborted, () => tolerance.StartVotingRoundAsync(new StartVotingRoundRequest { ApplicationId = application.ApplicationId, Reason = "x", ExpectedVersion = tied.Version - 1 }, Suite.Supervisor()).ResponseAsync);
        var second = await tolerance.StartVotingRoundAsync(startRequest, Suite.Supervisor());
        Assert.Equal((ApplicationStatus.Verified, 2, 0), (second.Status, second.Committee.Round, second.Committee.Votes.Count));
        var closed = Assert.Single(second.Committee.ClosedRounds);
        Assert.Equal((1, "表决意见二比二，无法形成多数", "supervisor-wang"), (closed.Round, closed.Reason, closed.ClosedBy));
        Assert.Equal([("m1", ToleranceOutcome.Exempted), ("m2", ToleranceOutcome.Exempted), ("m3", ToleranceOutcome.Lighter), ("m4", ToleranceOutcome.Lighter)], closed.Votes.Select(v => (v.MemberId, v.Outcome)));
        var step = second.Steps[^1];
        Assert.Equal(("start_voting_round", "VERIFIED", "VERIFIED"), (step.Action, step.From, step.To));
        Assert.Contains("round 1 closed (m1: exempted, m2: exempted, m3: lighter, m4: lighter)", step.Note, StringComparison.Ordinal);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.StartVotingRoundAsync(new StartVotingRoundRequest { ApplicationId = application.ApplicationId, Reason = "无票" }, Suite.Supervisor()).ResponseAsync);

        // The second round: each member votes once more, and three of four carry it.
        await Suite.VoteAsync(application.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Exempted);
        var carried = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.StartVotingRoundAsync(new StartVotingRoundRequest { ApplicationId = application.ApplicationId, Reason = "再议" }, Suite.Supervisor()).ResponseAsync);
        Assert.Contains("exempted has its majority in round 2", carried.Status.Detail, StringComparison.Ordinal);
        await Suite.VoteAsync(application.ApplicationId, "m4", ToleranceOutcome.Lighter, "仍有保留");
        var decided = await Decide(ToleranceOutcome.Exempted);
        Assert.Equal((ToleranceOutcome.Exempted, 3, 4), (decided.Decision.Outcome, decided.Decision.VotesFor, decided.Decision.VotesCast));
        Assert.Equal(["m4"], decided.Committee.Votes.Where(v => v.Dissent).Select(v => v.MemberId));
        Assert.Equal(4, Assert.Single(decided.Committee.ClosedRounds).Votes.Count);
        Assert.Contains("application.start_voting_round", await Suite.AuditActionsAsync(application.ApplicationId));
    }

    [Fact]
    public async Task A_deadlocked_application_is_withdrawn_and_no_longer_holds_the_accountability_decision_back()
    {
        var cadre = NewCadre();
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre(cadre, "僵持", Unit, "局长"));
        var application = await Suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
        await Suite.ConveneAsync(application.ApplicationId);
        await Suite.VoteAsync(application.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Lighter, "不同意免责");
        var voted = await Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Reduced, "建议减轻");
        var tolerance = Suite.Tolerance();
        var decide = () => tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest { MatterId = matter.MatterId, TargetId = "t1", Forms = { "admonishment" }, Basis = "问责条例第八条" }, Suite.Supervisor()).ResponseAsync;
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, decide);

        var withdraw = new WithdrawApplicationRequest { ApplicationId = application.ApplicationId, Reason = "委员会三次表决未形成多数，终止认定", ExpectedVersion = voted.Version };
        await ToleranceRpc.FailsWith(StatusCode.PermissionDenied, () => tolerance.WithdrawApplicationAsync(withdraw, Suite.Handler()).ResponseAsync);
        Assert.Equal(["reason"], ToleranceRpc.BadFields(await ToleranceRpc.FailsWith(StatusCode.InvalidArgument,
            () => tolerance.WithdrawApplicationAsync(new WithdrawApplicationRequest { ApplicationId = application.ApplicationId }, Suite.Supervisor()).ResponseAsync)));
        var withdrawn = await tolerance.WithdrawApplicationAsync(withdraw, Suite.Supervisor());
        Assert.Equal((ApplicationStatus.Withdrawn, "委员会三次表决未形成多数，终止认定"), (withdrawn.Status, withdrawn.WithdrawalReason));
        Assert.All(withdrawn.Deadlines, d => Assert.NotNull(d.MetAt));
        Assert.Equal(3, withdrawn.Committee.Votes.Count);
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Suite.VoteAsync(application.ApplicationId, "m4", ToleranceOutcome.Exempted));
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => tolerance.WithdrawApplicationAsync(new WithdrawApplicationRequest { ApplicationId = application.ApplicationId, Reason = "再次" }, Suite.Supervisor()).ResponseAsync);

        // The target may apply again; or the accountability decision is taken without a tolerance outcome.
        var next = await tolerance.FileApplicationAsync(ToleranceRpc.Application(Suite, matter, "t1", [ToleranceGround.ForceMajeure]), Suite.Handler());
        await tolerance.WithdrawApplicationAsync(new WithdrawApplicationRequest { ApplicationId = next.ApplicationId, Reason = "申请人书面撤回申请" }, Suite.Supervisor());
        var decision = await decide();
        Assert.Equal((ToleranceOutcome.Unspecified, next.ApplicationId), (decision.ToleranceOutcome, decision.ApplicationId));
        Assert.Equal(["application.filed", "application.withdraw"], await Suite.AuditActionsAsync(next.ApplicationId));
    }

    [Fact]
    public async Task By_default_an_outcome_needs_a_majority_of_the_members_free_to_vote_and_by_configuration_of_the_votes_cast()
    {
        // Five may vote, three do: two for 免予问责 is a majority of the votes cast, not of the five.
        var application = await VerifiedAsync(NewCadre());
        await Suite.ConveneAsync(application.ApplicationId);
        await Suite.VoteAsync(application.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m2", ToleranceOutcome.Exempted);
        await Suite.VoteAsync(application.ApplicationId, "m3", ToleranceOutcome.Lighter, "建议从轻");
        var refused = await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Suite.Tolerance().DecideApplicationAsync(
            new DecideApplicationRequest { ApplicationId = application.ApplicationId, Outcome = ToleranceOutcome.Exempted }, Suite.Supervisor()).ResponseAsync);
        Assert.Contains("no majority for exempted: 2 of 5 members free to vote, 3 needed", refused.Status.Detail, StringComparison.Ordinal);

        await using var cast = await SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["Tolerance:MajorityBasis"] = "cast" });
        var matter = await cast.OpenAsync(ToleranceRpc.Cadre("cadre-cast", "多数", Unit, "局长"));
        var other = await cast.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
        Assert.Equal("cast", (await cast.ConveneAsync(other.ApplicationId)).Committee.MajorityBasis);
        await cast.VoteAsync(other.ApplicationId, "m1", ToleranceOutcome.Exempted);
        await cast.VoteAsync(other.ApplicationId, "m2", ToleranceOutcome.Exempted);
        await cast.VoteAsync(other.ApplicationId, "m3", ToleranceOutcome.Lighter, "建议从轻");
        var decided = await cast.Tolerance().DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = other.ApplicationId, Outcome = ToleranceOutcome.Exempted }, cast.Supervisor());
        Assert.Equal((2, 3), (decided.Decision.VotesFor, decided.Decision.VotesCast));
    }

    [Fact]
    public async Task A_relation_declared_by_name_and_unit_recuses_a_member_also_for_a_cadre_without_a_directory_id()
    {
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre("", "无编号", Unit, "科长"), ToleranceRpc.Cadre(NewCadre(), "有编号", Unit, "副局长"));
        var withoutId = await Suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
        var withId = await Suite.VerifiedAsync(matter, "t2", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
        CommitteeMember Declaring(string name, string unit)
        {
            var member = ToleranceRpc.Member("m5", "常委 何", "县财政局");
            member.RelatedPersons.Add(new RelatedPerson { Name = name, Unit = unit });
            return member;
        }

        var first = await Suite.ConveneAsync(withoutId.ApplicationId, ToleranceRpc.FiveMembers().Take(4).Append(Declaring(" 无 编号", " 清水县 交通运输局")));
        Assert.Equal(("m5", "declared relation"), first.Committee.Members.Where(m => m.MustRecuse).Select(m => (m.MemberId, m.RecusalReason)).Single());
        var declared = first.Committee.Members.Single(m => m.MemberId == "m5").RelatedPersons.Single();
        Assert.Equal(("无 编号", "清水县 交通运输局"), (declared.Name, declared.Unit));
        await ToleranceRpc.FailsWith(StatusCode.FailedPrecondition, () => Suite.VoteAsync(withoutId.ApplicationId, "m5", ToleranceOutcome.Exempted));

        var second = await Suite.ConveneAsync(withId.ApplicationId, ToleranceRpc.FiveMembers().Take(4).Append(Declaring("有编号", Unit)));
        Assert.Equal("declared relation", second.Committee.Members.Single(m => m.MemberId == "m5").RecusalReason);

        // A namesake in another unit is no relation.
        var third = await Suite.ConveneAsync(withId.ApplicationId, ToleranceRpc.FiveMembers().Take(4).Append(Declaring("有编号", "县水利局")));
        Assert.DoesNotContain(third.Committee.Members, m => m.MustRecuse);
    }

    [Fact]
    public async Task A_stale_version_is_aborted_for_convening_voting_and_deciding_and_changes_nothing()
    {
        var application = await VerifiedAsync(NewCadre());
        var tolerance = Suite.Tolerance();
        await ToleranceRpc.FailsWith(StatusCode.Aborted, () => tolerance.ConveneCommitteeAsync(new ConveneCommitteeRequest
        {
            ApplicationId = application.ApplicationId, ExpectedVersion = application.Version + 1, Name = "县纪委常委会", MeetingDate = Suite.Today(), Members = { ToleranceRpc.FiveMembers() },
        }, Suite.Supervisor()).ResponseAsync);
        var convened = await Suite.ConveneAsync(application.ApplicationId);

        await ToleranceRpc.FailsWith(StatusCode.Aborted, () => tolerance.RecordVoteAsync(new RecordVoteRequest
        {
            ApplicationId = application.ApplicationId, ExpectedVersion = application.Version, MemberId = "m1", Outcome = ToleranceOutcome.Exempted,
        }, Suite.Supervisor()).ResponseAsync);
        foreach (var member in new[] { "m1", "m2", "m3" })
        {
            await Suite.VoteAsync(application.ApplicationId, member, ToleranceOutcome.Exempted);
        }

        await ToleranceRpc.FailsWith(StatusCode.Aborted, () => tolerance.DecideApplicationAsync(new DecideApplicationRequest
        {
            ApplicationId = application.ApplicationId, ExpectedVersion = convened.Version, Outcome = ToleranceOutcome.Exempted,
        }, Suite.Supervisor()).ResponseAsync);
        var after = await tolerance.GetApplicationAsync(new GetApplicationRequest { ApplicationId = application.ApplicationId }, Suite.Supervisor());
        Assert.Equal((ApplicationStatus.Verified, 3, convened.Version + 3), (after.Status, after.Committee.Votes.Count, after.Version));
        Assert.Empty(await Suite.PayloadsAsync("tolerance-decided:v1", application.ApplicationId));
    }

    private static string NewCadre() => "cadre-" + Guid.NewGuid().ToString("N")[..8];

    private async Task<Application> VerifiedAsync(string cadreId)
    {
        var matter = await Suite.OpenAsync(ToleranceRpc.Cadre(cadreId, "申请人", Unit, "局长"));
        return await Suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(), [ToleranceGround.ReformInexperience]);
    }
}
