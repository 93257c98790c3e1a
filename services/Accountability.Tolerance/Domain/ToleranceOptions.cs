using Microsoft.Extensions.Options;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// Configuration section "Tolerance". The procedure's time limits, the committee's quorum and the
/// impact periods are policy data (shared/domain.md §6.1, §6.3, §9), most of them UNCONFIRMED local
/// rules, with the defaults given there.
/// </summary>
public sealed class ToleranceOptions
{
    public const string Section = "Tolerance";

    /// <summary>Accept or reject an application within this many WD (UNCONFIRMED, §6.3).</summary>
    public int AcceptWithinWorkingDays { get; set; } = 5;

    /// <summary>Verify an accepted application within this many WD (15–30 suggested, UNCONFIRMED).</summary>
    public int VerifyWithinWorkingDays { get; set; } = 20;

    /// <summary>The written result reaches the applicant within this many WD of the decision (UNCONFIRMED).</summary>
    public int FeedbackWithinWorkingDays { get; set; } = 5;

    /// <summary>An appeal is filed within this many days of the decision (2009 暂行规定; 2019 UNCONFIRMED).</summary>
    public int AppealFilingDays { get; set; } = 15;

    /// <summary>An appeal is decided within this many days of its filing (2009 暂行规定).</summary>
    public int AppealDecisionDays { get; set; } = 30;

    /// <summary>Organisational handling (组织处理) is completed within this many months (§6.1).</summary>
    public int OrganisationalHandlingMonths { get; set; } = 1;

    /// <summary>Majority of the members free to vote (not bound to recuse).</summary>
    public const string EligibleBasis = "eligible";

    /// <summary>Majority of the votes cast.</summary>
    public const string CastBasis = "cast";

    /// <summary>A committee has at least this many members, and at least this many free to vote (not bound to recuse).</summary>
    public int CommitteeMinimumMembers { get; set; } = 3;

    /// <summary>A decision needs votes from more than this share (per cent) of the members free to vote.</summary>
    public int QuorumPercent { get; set; } = 50;

    /// <summary>
    /// Whose majority an outcome needs: "eligible" (default), more than half of the members free to
    /// vote must vote for it, so abstentions and absences do not help a minority carry it; "cast",
    /// more than half of the votes cast (the local rule is UNCONFIRMED, shared/domain.md §6.3).
    /// </summary>
    public string MajorityBasis { get; set; } = EligibleBasis;

    /// <summary>
    /// The accountability decision of a target with a decided tolerance application waits until the
    /// written result reached the applicant (FEEDBACK_GIVEN), so the cadre learns of the tolerance
    /// decision before the accountability decision rests on it (§6.3: result in writing).
    /// </summary>
    public bool RequireFeedbackBeforeDecision { get; set; } = true;

    /// <summary>A rectification task's approaching alert fires this many working days before its due day.</summary>
    public int RectificationApproachingWorkingDays { get; set; } = 2;

    /// <summary>The eligibility rules seeded as v1 when the store holds none.</summary>
    public string RulesSeedFile { get; set; } = Path.Combine(AppContext.BaseDirectory, "seeds", "tolerance", "rules-v1.json");

    /// <summary>Impact period (影响期) in months per form kind, for the continued-use review (§0, §9; 诫勉 and 组织处理 local, UNCONFIRMED nationally).</summary>
    public Dictionary<string, int> ImpactMonths { get; set; } = new(StringComparer.Ordinal)
    {
        ["admonishment"] = 6,
        ["org_suspension"] = 12,
        ["org_post_adjustment"] = 12,
        ["org_ordered_resignation"] = 12,
        ["org_removal"] = 12,
        ["org_demotion"] = 12,
        ["party_warning"] = 12,
        ["party_serious_warning"] = 18,
        ["party_post_removal"] = 24,
        ["party_probation"] = 36,
        ["party_expulsion"] = 60,
    };

    /// <summary>Overrides of a form's four-forms number (1 to 4), by kind.</summary>
    public Dictionary<string, int> FourForms { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Votes needed for a quorum of <paramref name="eligible"/> members free to vote: more than QuorumPercent % of them.</summary>
    public int QuorumOf(int eligible) => eligible * QuorumPercent / 100 + 1;
}

/// <summary>Checks the section at start, naming the key that is wrong; the seed rules must load and be valid.</summary>
public sealed class ToleranceOptionsValidator : IValidateOptions<ToleranceOptions>
{
    public ValidateOptionsResult Validate(string? name, ToleranceOptions options)
    {
        var failures = new List<string>();

        void Range(string key, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                failures.Add($"Tolerance:{key} must be between {min} and {max} (is {value}).");
            }
        }

        Range(nameof(options.AcceptWithinWorkingDays), options.AcceptWithinWorkingDays, 1, 366);
        Range(nameof(options.VerifyWithinWorkingDays), options.VerifyWithinWorkingDays, 1, 366);
        Range(nameof(options.FeedbackWithinWorkingDays), options.FeedbackWithinWorkingDays, 1, 366);
        Range(nameof(options.AppealFilingDays), options.AppealFilingDays, 1, 366);
        Range(nameof(options.AppealDecisionDays), options.AppealDecisionDays, 1, 366);
        Range(nameof(options.OrganisationalHandlingMonths), options.OrganisationalHandlingMonths, 1, 24);
        Range(nameof(options.CommitteeMinimumMembers), options.CommitteeMinimumMembers, 1, 100);
        Range(nameof(options.QuorumPercent), options.QuorumPercent, 0, 99);
        Range(nameof(options.RectificationApproachingWorkingDays), options.RectificationApproachingWorkingDays, 0, 30);
        if (options.MajorityBasis is not (ToleranceOptions.EligibleBasis or ToleranceOptions.CastBasis))
        {
            failures.Add($"Tolerance:MajorityBasis must be \"{ToleranceOptions.EligibleBasis}\" or \"{ToleranceOptions.CastBasis}\" (is \"{options.MajorityBasis}\").");
        }
        foreach (var (kind, months) in options.ImpactMonths)
        {
            if (!FormTable.IsKnown(kind))
            {
                failures.Add($"Tolerance:ImpactMonths:{kind} is not a form kind (e.g. admonishment, org_removal).");
            }
            else
            {
                Range($"ImpactMonths:{kind}", months, 0, 240);
            }
        }

        foreach (var (kind, form) in options.FourForms)
        {
            if (!FormTable.IsKnown(kind))
            {
                failures.Add($"Tolerance:FourForms:{kind} is not a form kind.");
            }
            else
            {
                Range($"FourForms:{kind}", form, 1, 4);
            }
        }

        try
        {
            RuleSeed.Load(options.RulesSeedFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
        {
            failures.Add($"Tolerance:RulesSeedFile '{options.RulesSeedFile}' cannot be used: {e.Message}");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
