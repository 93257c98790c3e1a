using Accountability.CaseFiles.Domain;
using Xunit;
using Api = Accountability.Protos.CaseFiles.V1;

namespace Accountability.CaseFiles.Tests.Domain;

/// <summary>The domain enums map to the API by value: their names and values must agree.</summary>
public sealed class CaseFileEnumsTests
{
    [Fact]
    public void Domain_enums_match_the_api_by_value_and_name()
    {
        AssertSame<Rank, Api.Rank>();
        AssertSame<EntryKind, Api.EntryKind>();
        AssertSame<Track, Api.Track>();
        AssertSame<OpinionPurpose, Api.OpinionPurpose>();
        AssertSame<OpinionAnswer, Api.OpinionAnswer>();
        AssertSame<OpinionStatus, Api.OpinionStatus>();
        AssertSame<PersonalMattersResult, Api.PersonalMattersResult>();
        AssertSame<PersonalMattersHandlingKind, Api.PersonalMattersHandlingKind>();
        AssertSame<Relation, Api.Relation>();
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
