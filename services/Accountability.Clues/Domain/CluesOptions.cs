using Microsoft.Extensions.Options;

namespace Accountability.Clues.Domain;

/// <summary>
/// Configuration section "Clues". Deadlines, the team size and the four-forms table are policy
/// data (shared/domain.md §3, §4), with the defaults the rules give.
/// </summary>
public sealed class CluesOptions
{
    public const string Section = "Clues";

    /// <summary>The organ this instance keeps the ledger for (seeds/organs/organs.json): every ledger number is numbered under it.</summary>
    public string OrganId { get; set; } = "org-city";

    /// <summary>Disposal opinion within 1 month of receiving the clue (§3.1, Art.21).</summary>
    public int DisposalMonths { get; set; } = 1;

    /// <summary>Written reply to an inquiry letter within 15 WD (§3.3, Art.29).</summary>
    public int LetterReplyWorkingDays { get; set; } = 15;

    /// <summary>Inquiry report within 1 month of the reply or the talk (§3.3, Art.30).</summary>
    public int InquiryReportMonths { get; set; } = 1;

    /// <summary>Preliminary verification time limit (§3.4: UNCONFIRMED, the 1994 rules' 2 months).</summary>
    public int VerificationMonths { get; set; } = 2;

    /// <summary>The one extension of a verification (§3.4: UNCONFIRMED, 1 month).</summary>
    public int VerificationExtensionMonths { get; set; } = 1;

    /// <summary>Re-review interval of a held clue (§3.2: UNCONFIRMED).</summary>
    public int HoldReviewMonths { get; set; } = 3;

    /// <summary>A verification team has at least this many people (§3.4, Art.33).</summary>
    public int VerificationTeamMinimum { get; set; } = 2;

    /// <summary>Organ levels that may approve a false-accusation finding: prefecture (地市级) or above (§2.5).</summary>
    public List<string> FalseAccusationApprovalLevels { get; set; } = ["city", "province"];

    /// <summary>Overrides of the form (1–4) per outcome kind, keyed by snake_case kind: Clues:FourForms:gov_demotion = 2.</summary>
    public Dictionary<string, int> FourForms { get; set; } = [];

    /// <summary>Overrides of the track per outcome kind: Clues:Tracks:admonishment = education.</summary>
    public Dictionary<string, string> Tracks { get; set; } = [];
}

/// <summary>Checks the section at start, naming the key that is wrong.</summary>
public sealed class CluesOptionsValidator : IValidateOptions<CluesOptions>
{
    public ValidateOptionsResult Validate(string? name, CluesOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.OrganId))
        {
            failures.Add("Clues:OrganId is required.");
        }

        void Positive(string key, int value, int min = 1)
        {
            if (value < min)
            {
                failures.Add($"Clues:{key} must be at least {min} (is {value}).");
            }
        }

        Positive(nameof(options.DisposalMonths), options.DisposalMonths);
        Positive(nameof(options.LetterReplyWorkingDays), options.LetterReplyWorkingDays);
        Positive(nameof(options.InquiryReportMonths), options.InquiryReportMonths);
        Positive(nameof(options.VerificationMonths), options.VerificationMonths);
        Positive(nameof(options.VerificationExtensionMonths), options.VerificationExtensionMonths);
        Positive(nameof(options.HoldReviewMonths), options.HoldReviewMonths);
        Positive(nameof(options.VerificationTeamMinimum), options.VerificationTeamMinimum, 2);
        if (options.FalseAccusationApprovalLevels.Count == 0)
        {
            failures.Add("Clues:FalseAccusationApprovalLevels needs at least one organ level.");
        }

        failures.AddRange(FourForms.Problems(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
