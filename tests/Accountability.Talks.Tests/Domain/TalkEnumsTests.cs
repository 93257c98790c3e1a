using Accountability.Talks.Domain;
using Xunit;
using Api = Accountability.Protos.Talks.V1;

namespace Accountability.Talks.Tests.Domain;

/// <summary>The domain enums map to the API by value: their names and values must agree.</summary>
public sealed class TalkEnumsTests
{
    [Fact]
    public void Domain_enums_match_the_api_by_value_and_name()
    {
        AssertSame<TalkKind, Api.TalkKind>();
        AssertSame<TalkStatus, Api.TalkStatus>();
        AssertSame<FollowUpKind, Api.FollowUpKind>();
        AssertSame<FilingRecipient, Api.FilingRecipient>();
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
