using Accountability.Tolerance.Domain;
using Xunit;

namespace Accountability.Tolerance.Tests.Domain;

/// <summary>The seeded rules (seeds/tolerance/rules-v1.json) against a table of cases: 问责条例 Arts.17–18 and the local disqualifiers.</summary>
public sealed class EligibilityTests
{
    private static readonly RuleSetContent Seed = RuleSeed.Load(Path.Combine(AppContext.BaseDirectory, "seeds", "tolerance", "rules-v1.json"));

    public static TheoryData<string, ToleranceGround[], Mitigation[], Facts, bool, ToleranceOutcome, string?> Cases => new()
    {
        { "dissent on the record", [ToleranceGround.RecordedDissent], [], new Facts { CollectiveDecision = true }, true, ToleranceOutcome.NoAccountability, "NA-RECORDED-DISSENT" },
        { "force majeure", [ToleranceGround.ForceMajeure], [], new Facts(), true, ToleranceOutcome.NoAccountability, "NA-FORCE-MAJEURE" },
        { "superior refused to correct", [ToleranceGround.SuperiorRefusedCorrection], [], new Facts(), true, ToleranceOutcome.NoAccountability, "NA-SUPERIOR-REFUSED-CORRECTION" },
        { "pilot decided collectively", [ToleranceGround.UnrestrictedExploration], [Mitigation.RemedialAction], new Facts { CollectiveDecision = true, LossesRecoveredPercent = 40 }, true, ToleranceOutcome.Exempted, "EX-REFORM-EXPLORATION" },
        { "pilot decided by one person, most losses recovered", [ToleranceGround.ReformInexperience], [Mitigation.RemedialAction], new Facts { LossesRecoveredPercent = 50 }, true, ToleranceOutcome.Reduced, "RD-LOSSES-RECOVERED" },
        { "pilot decided by one person, some losses recovered", [ToleranceGround.ReformInexperience], [Mitigation.RemedialAction], new Facts { LossesRecoveredPercent = 49 }, true, ToleranceOutcome.Lighter, "LT-REMEDIAL-ACTION" },
        { "cooperation only", [], [Mitigation.ActiveCooperation], new Facts { CollectiveDecision = true }, true, ToleranceOutcome.Lighter, "LT-ACTIVE-COOPERATION" },
        { "nothing established", [ToleranceGround.UnintendedDevelopmentError], [], new Facts(), true, ToleranceOutcome.NotTolerated, null },
        { "private gain", [ToleranceGround.RecordedDissent], [Mitigation.RemedialAction], new Facts { PrivateGain = true, CollectiveDecision = true }, false, ToleranceOutcome.NotTolerated, "DQ-PRIVATE-GAIN" },
        { "explicit ban defied", [ToleranceGround.UnrestrictedExploration], [], new Facts { DefiedExplicitBan = true, CollectiveDecision = true }, false, ToleranceOutcome.NotTolerated, "DQ-EXPLICIT-BAN" },
        { "major accident", [ToleranceGround.ForceMajeure], [], new Facts { MajorAccident = true }, false, ToleranceOutcome.NotTolerated, "DQ-MAJOR-ACCIDENT" },
        { "repeat error", [ToleranceGround.ReformInexperience], [], new Facts { RepeatError = true, CollectiveDecision = true }, false, ToleranceOutcome.NotTolerated, "DQ-REPEAT-ERROR" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_seeded_rules_decide_each_case(string situation, ToleranceGround[] grounds, Mitigation[] mitigations, Facts facts, bool eligible, ToleranceOutcome outcome, string? rule)
    {
        var result = Eligibility.Evaluate(Seed, new EvaluationInputs { Grounds = [.. grounds], Mitigations = [.. mitigations], Facts = facts });

        Assert.True((eligible, outcome, rule) == (result.Eligible, result.SuggestedOutcome, result.DecidingRuleId), $"{situation}: got {result.Eligible}, {result.SuggestedOutcome}, {result.DecidingRuleId}");
        Assert.Equal(result.DecidingRuleId is null ? 0 : 1, result.FiredRules.Count(r => r.RuleId == result.DecidingRuleId));
    }

    [Fact]
    public void Two_disqualifiers_both_fire_and_the_first_names_the_refusal()
    {
        var result = Eligibility.Evaluate(Seed, new EvaluationInputs { Facts = new Facts { PrivateGain = true, RepeatError = true } });

        Assert.Equal(["DQ-PRIVATE-GAIN", "DQ-REPEAT-ERROR"], result.FiredRules.Select(r => r.RuleId));
        Assert.Equal("DQ-PRIVATE-GAIN", result.DecidingRuleId);
    }

    [Fact]
    public void The_content_hash_is_stable_and_changes_with_any_word_of_a_rule()
    {
        var again = RuleSeed.Load(Path.Combine(AppContext.BaseDirectory, "seeds", "tolerance", "rules-v1.json"));
        Assert.Equal(Seed.Sha256(), again.Sha256());
        Assert.Matches("^[0-9a-f]{64}$", Seed.Sha256());

        var changed = new RuleSetContent
        {
            Title = Seed.Title,
            Basis = Seed.Basis,
            DefaultOutcome = Seed.DefaultOutcome,
            Rules = [.. Seed.Rules.Take(Seed.Rules.Count - 1), new Rule { RuleId = Seed.Rules[^1].RuleId, Kind = Seed.Rules[^1].Kind, Outcome = Seed.Rules[^1].Outcome, When = Seed.Rules[^1].When, Message = Seed.Rules[^1].Message + "。" }],
        };
        Assert.NotEqual(Seed.Sha256(), changed.Sha256());
        Assert.Empty(Seed.Problems(""));
    }
}
