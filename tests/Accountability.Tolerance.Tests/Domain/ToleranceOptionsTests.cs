using Accountability.Tolerance.Domain;
using Xunit;

namespace Accountability.Tolerance.Tests.Domain;

public sealed class ToleranceOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_a_quorum_is_more_than_half_the_members()
    {
        var options = new ToleranceOptions();

        Assert.True(new ToleranceOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal((ToleranceOptions.EligibleBasis, true, 2), (options.MajorityBasis, options.RequireFeedbackBeforeDecision, options.RectificationApproachingWorkingDays));
        Assert.Equal([2, 2, 3, 3, 4, 4], new[] { 2, 3, 4, 5, 6, 7 }.Select(options.QuorumOf));
        Assert.Equal(4, new ToleranceOptions { QuorumPercent = 66 }.QuorumOf(5)); // two thirds of five is more than three
    }

    [Fact]
    public void Bad_settings_are_refused_at_start_naming_the_key()
    {
        var options = new ToleranceOptions
        {
            AcceptWithinWorkingDays = 0,
            QuorumPercent = 100,
            MajorityBasis = "members",
            RectificationApproachingWorkingDays = -1,
            RulesSeedFile = "/nonexistent/rules-v1.json",
            ImpactMonths = new() { ["admonishment"] = -1, ["warning"] = 6 },
            FourForms = new() { ["org_removal"] = 5 },
        };

        var failures = new ToleranceOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Tolerance:AcceptWithinWorkingDays", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:QuorumPercent", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:ImpactMonths:admonishment", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:ImpactMonths:warning is not a form kind", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:FourForms:org_removal", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:RulesSeedFile", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:MajorityBasis must be \"eligible\" or \"cast\"", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Tolerance:RectificationApproachingWorkingDays", StringComparison.Ordinal));
        Assert.Equal(8, failures.Count);
    }

    [Fact]
    public void The_forms_table_carries_the_impact_periods_and_overrides_of_the_configuration()
    {
        var table = new FormTable(new ToleranceOptions { FourForms = new() { ["circulated_criticism"] = 2 }, ImpactMonths = new() { ["admonishment"] = 3 } });

        Assert.Equal(("诫勉", "organisational", 1, 3), (table.Find("admonishment")!.Name, table.Find("admonishment")!.Track, table.Find("admonishment")!.Form, table.ImpactMonths("admonishment")));
        Assert.Equal(2, table.Find("circulated_criticism")!.Form);
        Assert.Equal(0, table.ImpactMonths("org_removal")); // replaced table: no entry, no impact period
        Assert.True(table.Find("org_removal")!.OrganisationalHandling);
        Assert.False(table.Find("reorganisation")!.ForCadres);
        Assert.Null(table.Find("party_warning_x"));
        var defaults = new FormTable(new ToleranceOptions());
        Assert.Equal((6, 12, 12, 0), (defaults.ImpactMonths("admonishment"), defaults.ImpactMonths("org_removal"), defaults.ImpactMonths("party_warning"), defaults.ImpactMonths("circulated_criticism")));
    }

    [Fact]
    public void The_forms_table_describes_exactly_the_shared_form_kinds_the_clues_service_checks_proposals_against()
    {
        Assert.Equal(Accountability.Platform.Domain.AccountabilityFormKinds.All, FormTable.Defaults.Select(e => e.Kind));
    }
}
