using Xunit;
using Api = Accountability.Protos.Petitions.V1;
using Common = Accountability.Protos.Common.V1;
using Dom = Accountability.Petitions.Domain;

namespace Accountability.Petitions.Tests.Domain;

/// <summary>The gRPC layer maps domain and API enums by number: every value must mean the same on both sides.</summary>
public sealed class PetitionEnumsTests
{
    public static TheoryData<Type, Type> Pairs => new()
    {
        { typeof(Dom.Channel), typeof(Api.Channel) },
        { typeof(Dom.PetitionKind), typeof(Api.PetitionKind) },
        { typeof(Accountability.Platform.Domain.Level), typeof(Common.Level) },
        { typeof(Accountability.Platform.Domain.Discipline), typeof(Common.Discipline) },
        { typeof(Dom.PetitionStatus), typeof(Api.PetitionStatus) },
        { typeof(Dom.ScreeningOutcome), typeof(Api.ScreeningOutcome) },
        { typeof(Dom.ReporterStage), typeof(Api.ReporterStage) },
        { typeof(Dom.ClueProposalStatus), typeof(Api.ClueProposalStatus) },
        { typeof(Dom.Jurisdiction), typeof(Api.Jurisdiction) },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Domain_and_api_enums_agree_value_by_value(Type domain, Type api)
    {
        var domainValues = Enum.GetValues(domain).Cast<object>().ToDictionary(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture), v => v.ToString()!);
        var apiValues = Enum.GetValues(api).Cast<object>().ToDictionary(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture), v => v.ToString()!);
        Assert.Equal(apiValues.Keys.Order(), domainValues.Keys.Order());
        foreach (var (number, name) in domainValues)
        {
            Assert.Equal(name, apiValues[number]);
        }
    }
}
