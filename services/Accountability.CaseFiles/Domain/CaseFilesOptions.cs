using Microsoft.Extensions.Options;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Configuration section "CaseFiles". The impact-period table (shared/domain.md §9), the opinion
/// decision rules (§7) and the deadlines are policy data with defaults; UNCONFIRMED numbers are
/// marked where they are set.
/// </summary>
public sealed class CaseFilesOptions
{
    public const string Section = "CaseFiles";

    /// <summary>An integrity opinion is replied within this many WD of the request (local rule, §7 [S42]).</summary>
    public int OpinionReplyWorkingDays { get; set; } = 3;

    /// <summary>Impact periods in months per measure (snake_case outcome or accountability form kind), §9.</summary>
    public Dictionary<string, int> ImpactMonths { get; set; } = new()
    {
        ["party_warning"] = 12,
        ["party_serious_warning"] = 18,
        ["party_post_removal"] = 24,
        // 留党察看 is not here: its period is its term plus ProbationAfterRestoredMonths.
        ["party_expulsion"] = 60,
        ["gov_warning"] = 6,
        ["gov_demerit"] = 12,
        ["gov_major_demerit"] = 18,
        ["gov_demotion"] = 24,
        ["gov_dismissal"] = 24,
        // 开除 (政务): no national re-appointment period is set here (UNCONFIRMED); 5 years like 开除党籍.
        ["gov_expulsion"] = 60,
        // 诫勉: 6 months locally (南昌), national text UNCONFIRMED.
        ["admonishment"] = 6,
        // 组织处理: 1 year locally (UNCONFIRMED).
        ["org_suspension"] = 12,
        ["org_post_adjustment"] = 12,
        ["org_ordered_resignation"] = 12,
        ["org_removal"] = 12,
        ["org_demotion"] = 12,
    };

    /// <summary>
    /// Clue stages that hold an opinion back (DEFER_UNTIL_RESOLVED). §7 names inquiry, preliminary
    /// verification and case; a clue still waiting for its disposal (registered, assigned) is a matter
    /// under review too, so it defers and should be fast-tracked. A held clue (暂存待查) does not:
    /// nothing about it is being looked into, so it is only a note.
    /// </summary>
    public string[] DeferStages { get; set; } =
        ["registered", "assigned", "inquiry", "letter_sent", "talk_requested", "inquiry_answered", "verifying", "case_filed"];

    /// <summary>留党察看: months after Party rights are restored (after the 12 or 24-month term), §9.</summary>
    public int ProbationAfterRestoredMonths { get; set; } = 24;

    /// <summary>
    /// 留党察看 decided without a term (an OutcomeDecided published before the event carried one, or an
    /// accountability decision's form, which carries none): the longer term is assumed, so the period
    /// is never shorter than it should be.
    /// </summary>
    public int ProbationTermAssumedMonths { get; set; } = 24;

    /// <summary>A first-form outcome this recent is noted in the opinion (policy, §7).</summary>
    public int RecentFirstFormMonths { get; set; } = 12;

    /// <summary>暂缓提拔 (personal-matters handling) and a failed pre-appointment test hold an opinion back this long (UNCONFIRMED).</summary>
    public int PostponementMonths { get; set; } = 12;

    /// <summary>The decision rules: what each finding answers and how the reply words it. {0} is the finding's detail.</summary>
    public Dictionary<string, OpinionRule> OpinionRules { get; set; } = new()
    {
        ["impact_period_active"] = new() { Answer = "not_suitable", Text = "处于影响期内：{0}" },
        ["concealment_found"] = new() { Answer = "not_suitable", Text = "个人有关事项报告查核发现瞒报：{0}" },
        ["promotion_cancelled"] = new() { Answer = "not_suitable", Text = "已被取消提拔资格：{0}" },
        ["criminal_referral"] = new() { Answer = "not_suitable", Text = "涉嫌犯罪已移送起诉：{0}" },
        ["open_clue"] = new() { Answer = "defer_until_resolved", Text = "有未办结问题线索，建议暂缓，待查清问题后再作答复：{0}" },
        ["open_accountability_matter"] = new() { Answer = "defer_until_resolved", Text = "有未作出决定的问责事项：{0}" },
        ["personal_matters_unhandled"] = new() { Answer = "defer_until_resolved", Text = "个人有关事项报告查核发现问题，尚未处理：{0}" },
        ["promotion_postponed"] = new() { Answer = "defer_until_resolved", Text = "处于暂缓提拔期内：{0}" },
        ["appointment_postponed"] = new() { Answer = "defer_until_resolved", Text = "任前廉政测试未通过，建议暂缓任用：{0}" },
        ["party_sanction_pending"] = new() { Answer = "defer_until_resolved", Text = "拟给予党纪处分，尚待作出处分决定：{0}" },
        ["matter_closed"] = new() { Answer = "no_issue_found", Text = "反映问题已了结：{0}" },
        ["false_accusation_cleared"] = new() { Answer = "no_issue_found", Text = "经查系诬告陷害，已澄清正名：{0}" },
        ["impact_period_ended"] = new() { Answer = "no_issue_found", Text = "影响期已满：{0}" },
        ["recent_first_form"] = new() { Answer = "no_issue_found", Text = "近期受到第一种形态处理：{0}" },
        ["exempted_by_tolerance"] = new() { Answer = "no_issue_found", Text = "经容错纠错认定免予或不予问责，不影响使用：{0}" },
        ["held_clue"] = new() { Answer = "no_issue_found", Text = "有暂存待查问题线索：{0}" },
        ["omission_handled"] = new() { Answer = "no_issue_found", Text = "个人有关事项报告漏报，已处理：{0}" },
    };

    /// <summary>The case categories the period paragraph quotes (free text on outcomes, §13).</summary>
    public string PartyDisciplineCategory { get; set; } = "违反党纪";

    public string DrunkDrivingCategory { get; set; } = "醉驾";

    /// <summary>
    /// Where each source service's event export is served (RebuildDossiers); in the all-in-one host,
    /// the host itself. Every source of <see cref="DossierRecorder.Sources"/> must be named; an empty
    /// address leaves that source out (a deployment without it), and a rebuild is then refused while
    /// the dossiers hold facts of that source.
    /// </summary>
    public Dictionary<string, string> Sources { get; set; } = [];

    /// <summary>
    /// The rebuild's last read of each source (after switching over) starts this many seconds before
    /// where its replay ended, so events a source committed late behind that position are not missed
    /// (event ids already replayed are dropped). Longer than any write batch takes to commit.
    /// </summary>
    public int ExportLookBackSeconds { get; set; } = 300;

    /// <summary>Directory files imported at start (JSON units or cadres, CSV cadres), relative to the program's folder.</summary>
    public string[] DirectorySeeds { get; set; } = ["seeds/directory/units.json", "seeds/directory/cadres.csv"];

    public const string Probation = "party_probation";

    /// <summary>The impact period of a measure; 留党察看 is its term (or the assumed one) plus the months after restoration.</summary>
    public int MonthsFor(string measure, int? termMonths = null) =>
        measure == Probation ? (termMonths ?? ProbationTermAssumedMonths) + ProbationAfterRestoredMonths : ImpactMonths.GetValueOrDefault(measure);
}

/// <summary>One decision rule: the answer a finding gives ("no_issue_found" answers are notes) and the reply's wording.</summary>
public sealed class OpinionRule
{
    public string Answer { get; set; } = "";

    public string Text { get; set; } = "";
}

/// <summary>Checks the section at start, naming the key that is wrong.</summary>
public sealed class CaseFilesOptionsValidator : IValidateOptions<CaseFilesOptions>
{
    /// <summary>Every finding the engine can make; each needs a rule.</summary>
    public static readonly string[] Findings =
    [
        "impact_period_active", "concealment_found", "promotion_cancelled", "criminal_referral", "open_clue", "open_accountability_matter",
        "personal_matters_unhandled", "promotion_postponed", "appointment_postponed", "matter_closed", "false_accusation_cleared",
        "impact_period_ended", "recent_first_form", "exempted_by_tolerance", "held_clue", "omission_handled", "party_sanction_pending",
    ];

    /// <summary>
    /// Every sanction and handling kind the Clues service (OutcomeDecided) and the Tolerance service
    /// (AccountabilityDecided forms) can emit that starts an impact period: each needs its months, so
    /// a missing key cannot silently mean none. (留党察看 is its term plus ProbationAfterRestoredMonths;
    /// 谈话提醒, 批评教育, 责令检查, 免予处分, 移送起诉, 通报, 检查, 改组 start no period.)
    /// </summary>
    public static readonly string[] PeriodKinds =
    [
        "party_warning", "party_serious_warning", "party_post_removal", "party_expulsion",
        "gov_warning", "gov_demerit", "gov_major_demerit", "gov_demotion", "gov_dismissal", "gov_expulsion",
        "admonishment", "org_suspension", "org_post_adjustment", "org_ordered_resignation", "org_removal", "org_demotion",
    ];

    private static readonly string[] Answers = ["no_issue_found", "defer_until_resolved", "not_suitable"];

    private static readonly string[] Stages = ["registered", "assigned", "inquiry", "letter_sent", "talk_requested", "inquiry_answered", "verifying", "held", "case_filed"];

    public ValidateOptionsResult Validate(string? name, CaseFilesOptions options)
    {
        var failures = new List<string>();
        if (options.OpinionReplyWorkingDays is < 1 or > 60)
        {
            failures.Add($"CaseFiles:OpinionReplyWorkingDays must be between 1 and 60 (is {options.OpinionReplyWorkingDays}).");
        }

        foreach (var kind in PeriodKinds.Where(k => !options.ImpactMonths.ContainsKey(k)))
        {
            failures.Add($"CaseFiles:ImpactMonths:{kind} is required (the months of its impact period).");
        }

        foreach (var (measure, months) in options.ImpactMonths)
        {
            if (months is < 1 or > 240)
            {
                failures.Add($"CaseFiles:ImpactMonths:{measure} must be between 1 and 240 (is {months}).");
            }
        }

        if (options.ImpactMonths.ContainsKey(CaseFilesOptions.Probation))
        {
            failures.Add($"CaseFiles:ImpactMonths:{CaseFilesOptions.Probation} must not be set: 留党察看 runs its term plus CaseFiles:ProbationAfterRestoredMonths.");
        }

        if (options.ProbationAfterRestoredMonths is < 0 or > 120)
        {
            failures.Add($"CaseFiles:ProbationAfterRestoredMonths must be between 0 and 120 (is {options.ProbationAfterRestoredMonths}).");
        }

        if (options.ProbationTermAssumedMonths is not (12 or 24))
        {
            failures.Add($"CaseFiles:ProbationTermAssumedMonths must be 12 or 24 (is {options.ProbationTermAssumedMonths}).");
        }

        foreach (var stage in options.DeferStages.Where(s => !Stages.Contains(s)))
        {
            failures.Add($"CaseFiles:DeferStages holds '{stage}', which is not a clue stage ({string.Join(", ", Stages)}).");
        }

        foreach (var finding in Findings)
        {
            if (!options.OpinionRules.TryGetValue(finding, out var rule))
            {
                failures.Add($"CaseFiles:OpinionRules:{finding} is required.");
            }
            else if (!Answers.Contains(rule.Answer))
            {
                failures.Add($"CaseFiles:OpinionRules:{finding}:Answer must be one of {string.Join(", ", Answers)} (is '{rule.Answer}').");
            }
            else if (string.IsNullOrWhiteSpace(rule.Text))
            {
                failures.Add($"CaseFiles:OpinionRules:{finding}:Text is required.");
            }
        }

        if (options.RecentFirstFormMonths is < 0 or > 120)
        {
            failures.Add($"CaseFiles:RecentFirstFormMonths must be between 0 and 120 (is {options.RecentFirstFormMonths}).");
        }

        if (options.ExportLookBackSeconds is < 0 or > 86_400)
        {
            failures.Add($"CaseFiles:ExportLookBackSeconds must be between 0 and 86400 (is {options.ExportLookBackSeconds}).");
        }

        if (options.PostponementMonths is < 0 or > 120)
        {
            failures.Add($"CaseFiles:PostponementMonths must be between 0 and 120 (is {options.PostponementMonths}).");
        }

        // Every source a dossier is built from must be named: an address, or "" to leave it out on purpose.
        var known = DossierRecorder.Sources.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        foreach (var source in known.Where(s => !options.Sources.ContainsKey(s)))
        {
            failures.Add($"CaseFiles:Sources:{source} is required (its export's address, or \"\" to leave the source out).");
        }

        foreach (var source in options.Sources.Keys.Where(s => !known.Contains(s)))
        {
            failures.Add($"CaseFiles:Sources:{source} is not a source of the dossiers ({string.Join(", ", known)}).");
        }

        foreach (var (source, address) in options.Sources.Where(s => s.Value.Length > 0))
        {
            if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
            {
                failures.Add($"CaseFiles:Sources:{source} must be an http(s) address (is '{address}').");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
