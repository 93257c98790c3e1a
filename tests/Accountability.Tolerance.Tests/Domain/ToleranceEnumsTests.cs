using Accountability.Platform.Domain;
using Accountability.Tolerance.Domain;
using Xunit;
using Api = Accountability.Protos.Tolerance.V1;

namespace Accountability.Tolerance.Tests.Domain;

/// <summary>The domain enums map to the API by value: their names and values must agree.</summary>
public sealed class ToleranceEnumsTests
{
    [Fact]
    public void Domain_enums_match_the_api_by_value_and_name()
    {
        AssertSame<MatterSource, Api.MatterSource>();
        AssertSame<MatterStatus, Api.MatterStatus>();
        AssertSame<TargetKind, Api.TargetKind>();
        AssertSame<ApplicantKind, Api.ApplicantKind>();
        AssertSame<ApplicationStatus, Api.ApplicationStatus>();
        AssertSame<ToleranceGround, Api.ToleranceGround>();
        AssertSame<Mitigation, Api.Mitigation>();
        AssertSame<AssessmentFactor, Api.AssessmentFactor>();
        AssertSame<VerifiedFact, Api.VerifiedFact>();
        AssertSame<ToleranceOutcome, Api.ToleranceOutcome>();
        AssertSame<RuleKind, Api.RuleKind>();
        AssertSame<FilingRecipient, Api.FilingRecipient>();
        AssertSame<DecisionStatus, Api.DecisionStatus>();
        AssertSame<AppealResult, Api.AppealResult>();
        AssertSame<RectificationStatus, Api.RectificationStatus>();
        AssertSame<ReviewStatus, Api.ReviewStatus>();
        AssertSame<Performance, Api.Performance>();
    }

    [Theory]
    [InlineData(ToleranceOutcome.NoAccountability, "no_accountability")]
    [InlineData(ToleranceOutcome.Exempted, "exempted")]
    [InlineData(ToleranceOutcome.Lighter, "lighter")]
    [InlineData(ToleranceOutcome.Reduced, "reduced")]
    [InlineData(ToleranceOutcome.NotTolerated, "not_tolerated")]
    public void Outcomes_carry_the_wire_codes_of_the_contract(ToleranceOutcome outcome, string code)
    {
        Assert.Equal(code, Names.Snake(outcome));
    }

    [Fact]
    public void Sources_and_recipients_carry_the_wire_codes_of_the_contracts()
    {
        Assert.Equal(["clue", "incident", "inspection", "audit", "other"], Enum.GetValues<MatterSource>().Skip(1).Select(s => Names.Snake(s)));
        Assert.Equal(["org_dept", "party_committee"], Enum.GetValues<FilingRecipient>().Skip(1).Select(f => Names.Snake(f)));
        Assert.Equal(["upheld", "revoked", "amended"], Enum.GetValues<AppealResult>().Skip(1).Select(r => Names.Snake(r)));
    }

    private static void AssertSame<TDomain, TApi>()
        where TDomain : struct, Enum
        where TApi : struct, Enum
    {
        Assert.Equal(
            Enum.GetValues<TApi>().Select(v => (Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture), v.ToString())),
            Enum.GetValues<TDomain>().Select(v => (Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture), v.ToString())));
    }
}
