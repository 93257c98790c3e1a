using Accountability.Platform.Security;
using Accountability.Protos.Tolerance.V1;
using Accountability.Testing;
using Google.Protobuf;
using Grpc.Core;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>Acceptance 3: eligibility rules as versioned data; a decision explains itself with the rules it was made with.</summary>
public sealed class RuleVersionTests
{
    [Fact]
    public async Task A_disqualified_application_is_ineligible_naming_the_rule_and_version_and_a_later_rule_set_leaves_its_explanation_unchanged()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var matter = await suite.OpenAsync(ToleranceRpc.Cadre("cadre-gain", "钱多", "清水县住建局", "局长"), ToleranceRpc.Cadre("cadre-later", "后来", "清水县住建局", "副局长"));

        // Verification finds private gain: ineligible, by DQ-PRIVATE-GAIN of the seeded v1.
        var application = await suite.VerifiedAsync(matter, "t1", ToleranceRpc.Facts(privateGain: true, recovered: 80),
            [ToleranceGround.UnintendedDevelopmentError], [Mitigation.RemedialAction]);
        var evaluation = application.Evaluation;
        Assert.Equal((false, ToleranceOutcome.NotTolerated, "DQ-PRIVATE-GAIN", "v1"), (evaluation.Eligible, evaluation.SuggestedOutcome, evaluation.DecidingRuleId, evaluation.RuleSetVersion));
        Assert.Contains("谋取私利", Assert.Single(evaluation.FiredRules, r => r.Kind == RuleKind.Disqualifier).Message, StringComparison.Ordinal);
        var v1 = await tolerance.GetRuleSetAsync(new GetRuleSetRequest(), suite.Supervisor());
        Assert.Equal(("v1", v1.ContentSha256, true), (evaluation.RuleSetVersion, evaluation.RuleSetSha256, v1.Active));

        // The committee cannot tolerate it; it decides 不予容错.
        await suite.ConveneAsync(application.ApplicationId);
        var tolerated = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument,
            () => suite.VoteAsync(application.ApplicationId, "m1", ToleranceOutcome.Reduced, "挽回损失较多"));
        Assert.Contains("rule DQ-PRIVATE-GAIN of rules v1", tolerated.Status.Detail, StringComparison.Ordinal);
        foreach (var member in new[] { "m1", "m2", "m3" })
        {
            await suite.VoteAsync(application.ApplicationId, member, ToleranceOutcome.NotTolerated);
        }

        await tolerance.DecideApplicationAsync(new DecideApplicationRequest { ApplicationId = application.ApplicationId, Outcome = ToleranceOutcome.NotTolerated }, suite.Supervisor());
        await suite.FeedbackAsync(application.ApplicationId);
        var decision = await tolerance.DecideAccountabilityAsync(new DecideAccountabilityRequest
        {
            MatterId = matter.MatterId,
            TargetId = "t1",
            Forms = { "party_serious_warning", "org_removal" },
            Basis = "谋取私利，不予容错",
        }, suite.Supervisor());
        Assert.Equal("v1", Assert.Single(await suite.PayloadsAsync("tolerance-decided:v1", application.ApplicationId)).GetProperty("ruleSetVersion").GetString());

        var before = await tolerance.ExplainDecisionAsync(new ExplainDecisionRequest { DecisionId = decision.DecisionId }, suite.Supervisor());
        Assert.True(before.Reproduced);
        Assert.Equal((application.ApplicationId, "v1", "DQ-PRIVATE-GAIN", ToleranceOutcome.NotTolerated),
            (before.ApplicationId, before.Evaluation.RuleSetVersion, before.Evaluation.DecidingRuleId, before.ToleranceDecision.Outcome));
        Assert.Equal(["party_serious_warning", "org_removal"], before.AccountabilityDecision.Forms.Select(f => f.Kind));

        // An administrator publishes v2, which drops the private-gain disqualifier and rewords the others.
        var rules = v1.Clone();
        rules.Rules.Remove(rules.Rules.Single(r => r.RuleId == "DQ-PRIVATE-GAIN"));
        foreach (var rule in rules.Rules)
        {
            rule.Message = "（2027 修订）" + rule.Message;
        }

        var published = await tolerance.PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = rules, Note = "修订" }, suite.As(Roles.Admin));
        Assert.Equal(("v2", 2, true), (published.Version, published.Sequence, published.Active));
        Assert.NotEqual(v1.ContentSha256, published.ContentSha256);

        // The old decision's explanation is exactly what it was, and still reproduces under v1.
        var after = await tolerance.ExplainDecisionAsync(new ExplainDecisionRequest { DecisionId = decision.DecisionId }, suite.Supervisor());
        Assert.Equal(before.ToByteString(), after.ToByteString());
        var byApplication = await tolerance.ExplainDecisionAsync(new ExplainDecisionRequest { ApplicationId = application.ApplicationId }, suite.Supervisor());
        Assert.Equal((decision.DecisionId, true, "v1"), (byApplication.DecisionId, byApplication.Reproduced, byApplication.Evaluation.RuleSetVersion));
        var old = await tolerance.GetRuleSetAsync(new GetRuleSetRequest { Version = "v1" }, suite.Supervisor());
        Assert.Equal((false, v1.ContentSha256), (old.Active, old.ContentSha256));
        Assert.Contains(old.Rules, r => r.RuleId == "DQ-PRIVATE-GAIN");

        // A new application with the same facts is evaluated under v2.
        var later = await suite.VerifiedAsync(matter, "t2", ToleranceRpc.Facts(privateGain: true, recovered: 80), [ToleranceGround.UnintendedDevelopmentError], [Mitigation.RemedialAction]);
        Assert.Equal(("v2", true, ToleranceOutcome.Exempted), (later.Evaluation.RuleSetVersion, later.Evaluation.Eligible, later.Evaluation.SuggestedOutcome));
        Assert.StartsWith("（2027 修订）", later.Evaluation.FiredRules[0].Message, StringComparison.Ordinal);

        Assert.Equal(["rule_set.published"], await suite.AuditActionsAsync("v2"));
        await suite.AssertAuditChainValidAsync();
    }

    [Fact]
    public async Task A_rule_set_with_bad_rules_is_refused_naming_each_field_and_nothing_is_published()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var bad = new RuleSet
        {
            Title = "",
            Rules =
            {
                new Rule { RuleId = "R1", Kind = RuleKind.Disqualifier, Outcome = ToleranceOutcome.Exempted, Message = "x", When = { new RuleCondition { Fact = VerifiedFact.PrivateGain } } },
                new Rule { RuleId = "R1", Kind = RuleKind.Outcome, Message = "", When = { new RuleCondition { Fact = VerifiedFact.LossesRecoveredPercent, Is = true } } },
                new Rule { RuleId = "R3", Kind = RuleKind.Outcome, Outcome = ToleranceOutcome.Lighter, Message = "y" },
                new Rule { RuleId = "R4", Kind = RuleKind.Outcome, Outcome = ToleranceOutcome.Lighter, Message = "z", When = { new RuleCondition { Ground = ToleranceGround.ForceMajeure, Mitigation = Mitigation.Other } } },
            },
        };

        var refused = await ToleranceRpc.FailsWith(StatusCode.InvalidArgument,
            () => tolerance.PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = bad }, suite.As(Roles.Admin)).ResponseAsync);

        Assert.Equal(
            ["rule_set.title", "rule_set.default_outcome", "rule_set.rules[0].outcome", "rule_set.rules[0].when[0]", "rule_set.rules[1].rule_id",
             "rule_set.rules[1].outcome", "rule_set.rules[1].message", "rule_set.rules[1].when[0]", "rule_set.rules[2].when", "rule_set.rules[3].when[0]"],
            ToleranceRpc.BadFields(refused));
        Assert.Equal("v1", (await tolerance.GetRuleSetAsync(new GetRuleSetRequest(), suite.Supervisor())).Version);
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.GetRuleSetAsync(new GetRuleSetRequest { Version = "v2" }, suite.Supervisor()).ResponseAsync);
    }

    [Fact]
    public async Task Publishing_the_active_content_again_returns_the_active_version_and_going_back_to_an_older_content_is_a_new_version()
    {
        await using var suite = await SuiteHost.StartAsync();
        var tolerance = suite.Tolerance();
        var admin = suite.As(Roles.Admin);
        var v1 = await tolerance.GetRuleSetAsync(new GetRuleSetRequest(), suite.Supervisor());

        // A retried publication of what is already active stores nothing.
        var same = await tolerance.PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = v1, Note = "重复发布" }, admin);
        Assert.Equal(("v1", v1.ContentSha256, true), (same.Version, same.ContentSha256, same.Active));
        await ToleranceRpc.FailsWith(StatusCode.NotFound, () => tolerance.GetRuleSetAsync(new GetRuleSetRequest { Version = "v2" }, suite.Supervisor()).ResponseAsync);

        var changed = v1.Clone();
        changed.Title += "（修订）";
        var v2 = await tolerance.PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = changed }, admin);
        var retried = await tolerance.PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = changed }, admin);
        Assert.Equal(("v2", "v2"), (v2.Version, retried.Version));

        // Restoring v1's content is a decision of its own: v3.
        var restored = await tolerance.PublishRuleSetAsync(new PublishRuleSetRequest { RuleSet = v1, Note = "恢复 v1" }, admin);
        Assert.Equal(("v3", v1.ContentSha256), (restored.Version, restored.ContentSha256));
        Assert.Equal(["rule_set.published"], await suite.AuditActionsAsync("v2"));
    }
}
