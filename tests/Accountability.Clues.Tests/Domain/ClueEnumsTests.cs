using Accountability.Clues.Domain;
using Accountability.Platform.Domain;
using Google.Protobuf.Reflection;
using Xunit;
using Api = Accountability.Protos.Clues.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Clues.Tests.Domain;

/// <summary>The gRPC layer casts enums by value: the domain's names and values must match the proto's.</summary>
public sealed class ClueEnumsTests
{
    public static TheoryData<string, Type, string> Pairs => new()
    {
        { "CLUE_SOURCE", typeof(ClueSource), "ClueSource" },
        { "CLUE_STATUS", typeof(ClueStatus), "ClueStatus" },
        { "DISPOSAL_METHOD", typeof(DisposalMethod), "DisposalMethod" },
        { "INQUIRY_PROPOSAL", typeof(InquiryProposal), "InquiryProposal" },
        { "VERIFICATION_OUTCOME", typeof(VerificationOutcome), "VerificationOutcome" },
        { "KEY_OFFICIAL", typeof(KeyOfficial), "KeyOfficial" },
        { "OUTCOME_KIND", typeof(OutcomeKind), "OutcomeKind" },
        { "OUTCOME_TRACK", typeof(OutcomeTrack), "OutcomeTrack" },
        { "LEVEL", typeof(Level), "Level" },
        { "DISCIPLINE", typeof(Discipline), "Discipline" },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Domain_enum_names_and_values_match_the_proto(string prefix, Type domain, string protoName)
    {
        var proto = Api.CluesReflection.Descriptor.EnumTypes.Concat(Common.CommonReflection.Descriptor.EnumTypes).Single(e => e.Name == protoName);
        var expected = proto.Values.Select(v => (v.Name, v.Number)).OrderBy(v => v.Number).ToList();
        var actual = Enum.GetValues(domain).Cast<object>()
            .Select(v => (prefix + "_" + Names.Snake(v.ToString()!).ToUpperInvariant(), Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)))
            .OrderBy(v => v.Item2)
            .ToList();
        Assert.Equal(expected, actual);
    }
}
