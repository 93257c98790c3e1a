using Accountability.Petitions.Domain;
using Xunit;

namespace Accountability.Petitions.Tests.Domain;

/// <summary>
/// The normaliser folds what a full-width input method types, whatever the host's globalization mode
/// (the suite runs invariant, where string.Normalize folds nothing): found by fuzz/ (the afl run and
/// fuzz/regressions/normaliser/fullwidth-digit-not-folded.bin).
/// </summary>
public sealed class RepeatMatcherTests
{
    public static TheoryData<string, string> SameText => new()
    {
        { "２０２３年３月", "2023年3月" },
        { "ＡＢＣ贸易公司", "abc贸易公司" },
        { "收受好处费３０万元。", "收受好处费30万元!" },
        { "王　某某", "王某某" },
        { "IMG＿２０２３．jpg", "img2023jpg" },
    };

    [Theory]
    [MemberData(nameof(SameText))]
    public void Full_width_and_half_width_forms_normalise_alike(string fullWidth, string halfWidth)
    {
        Assert.Equal(RepeatMatcher.Normalise(halfWidth), RepeatMatcher.Normalise(fullWidth));
    }

    [Fact]
    public void Facts_typed_in_full_width_repeat_the_same_facts_typed_in_half_width()
    {
        var score = RepeatMatcher.Similarity("２０２３年３月，王某某收受开发商好处费３０万元。", "2023年3月,王某某收受开发商好处费30万元!");

        Assert.Equal(1, score);
    }

    [Fact]
    public void Normal_form_is_its_own_normal_form()
    {
        const string text = "\t匿名举报\r\n村委会主任张某\u200b挪用扶贫专项资金\u3000共计５万元\u001b[0m，ＡＢＣ。";
        var normal = RepeatMatcher.Normalise(text);

        Assert.Equal("匿名举报村委会主任张某挪用扶贫专项资金共计5万元0mabc", normal);
        Assert.Equal(normal, RepeatMatcher.Normalise(normal));
    }
}
