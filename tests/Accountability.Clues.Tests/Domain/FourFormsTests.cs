using Accountability.Clues.Domain;
using Xunit;

namespace Accountability.Clues.Tests.Domain;

public sealed class FourFormsTests
{
    [Theory]
    [InlineData(OutcomeKind.TalkReminder, OutcomeTrack.Education, 1)]
    [InlineData(OutcomeKind.Admonishment, OutcomeTrack.Organisational, 1)]
    [InlineData(OutcomeKind.Exemption, OutcomeTrack.Education, 1)]
    [InlineData(OutcomeKind.PartySeriousWarning, OutcomeTrack.Party, 2)]
    [InlineData(OutcomeKind.GovDemerit, OutcomeTrack.Government, 2)]
    [InlineData(OutcomeKind.OrgRemoval, OutcomeTrack.Organisational, 2)]
    [InlineData(OutcomeKind.PartyProbation, OutcomeTrack.Party, 3)]
    [InlineData(OutcomeKind.GovDemotion, OutcomeTrack.Government, 3)]
    [InlineData(OutcomeKind.OrgDemotion, OutcomeTrack.Organisational, 3)]
    [InlineData(OutcomeKind.ProsecutionReferral, OutcomeTrack.Criminal, 4)]
    public void Defaults_follow_the_four_forms_table(OutcomeKind kind, OutcomeTrack track, int form)
    {
        Assert.Equal((track, form), new FourForms(new CluesOptions()).For(kind));
    }

    [Fact]
    public void Every_outcome_kind_has_a_form_and_a_track()
    {
        var table = new FourForms(new CluesOptions());
        Assert.All(Enum.GetValues<OutcomeKind>().Where(k => k != OutcomeKind.Unspecified), kind =>
        {
            var (track, form) = table.For(kind);
            Assert.NotEqual(OutcomeTrack.Unspecified, track);
            Assert.InRange(form, 1, 4);
        });
    }

    [Fact]
    public void Configuration_overrides_a_form_and_a_track()
    {
        var options = new CluesOptions
        {
            FourForms = { ["gov_demotion"] = 2 },
            Tracks = { ["admonishment"] = "education" },
        };
        var table = new FourForms(options);
        Assert.Equal((OutcomeTrack.Government, 2), table.For(OutcomeKind.GovDemotion));
        Assert.Equal((OutcomeTrack.Education, 1), table.For(OutcomeKind.Admonishment));
    }

    [Fact]
    public void Validation_names_the_bad_keys()
    {
        var options = new CluesOptions
        {
            FourForms = { ["party_warnin"] = 2, ["gov_demerit"] = 5 },
            Tracks = { ["org_removal"] = "army" },
            VerificationTeamMinimum = 1,
        };
        var result = new CluesOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        var message = string.Join(" ", result.Failures!);
        Assert.Contains("Clues:FourForms:party_warnin", message, StringComparison.Ordinal);
        Assert.Contains("Clues:FourForms:gov_demerit", message, StringComparison.Ordinal);
        Assert.Contains("Clues:Tracks:org_removal", message, StringComparison.Ordinal);
        Assert.Contains("Clues:VerificationTeamMinimum", message, StringComparison.Ordinal);
    }
}
