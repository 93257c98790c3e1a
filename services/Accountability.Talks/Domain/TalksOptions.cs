using Microsoft.Extensions.Options;

namespace Accountability.Talks.Domain;

/// <summary>
/// Configuration section "Talks". Deadlines, the pass mark and the impact period are policy data
/// (shared/domain.md §5), with local defaults where no national rule is known (UNCONFIRMED).
/// </summary>
public sealed class TalksOptions
{
    public const string Section = "Talks";

    /// <summary>A talk requested by the Clues service is scheduled within this many WD (UNCONFIRMED).</summary>
    public int ScheduleWithinWorkingDays { get; set; } = 5;

    /// <summary>The reminder fires this many WD before the talk's day.</summary>
    public int ReminderWorkingDays { get; set; } = 1;

    /// <summary>An inquiry talk has at least this many talkers (监督执纪规则 Art.28: two staff present).</summary>
    public int InquiryTalkersMinimum { get; set; } = 2;

    /// <summary>A collective talk holds at most this many participants.</summary>
    public int MaxParticipants { get; set; } = 500;

    /// <summary>Pre-appointment integrity test pass mark out of 100 (local rule, §5 [S51]).</summary>
    public int PassMark { get; set; } = 60;

    /// <summary>Resits after a failed integrity test (local rule, §5 [S51]).</summary>
    public int Resits { get; set; } = 1;

    /// <summary>The 诫勉 impact period in months (6 locally, UNCONFIRMED nationally; §0, §9).</summary>
    public int AdmonishmentImpactMonths { get; set; } = 6;

    /// <summary>Follow-up due dates in WD after the talk, keyed by snake_case kind (UNCONFIRMED).</summary>
    public Dictionary<string, int> FollowUpWorkingDays { get; set; } = new()
    {
        ["written_explanation"] = 5,
        ["self_criticism"] = 5,
        ["rectification_report"] = 20,
        ["commitment_letter"] = 5,
    };

    public int FollowUpDays(FollowUpKind kind) => FollowUpWorkingDays[Names.Snake(kind)];
}

/// <summary>Checks the section at start, naming the key that is wrong.</summary>
public sealed class TalksOptionsValidator : IValidateOptions<TalksOptions>
{
    public ValidateOptionsResult Validate(string? name, TalksOptions options)
    {
        var failures = new List<string>();

        void Range(string key, int value, int min, int max)
        {
            if (value < min || value > max)
            {
                failures.Add($"Talks:{key} must be between {min} and {max} (is {value}).");
            }
        }

        Range(nameof(options.ScheduleWithinWorkingDays), options.ScheduleWithinWorkingDays, 1, 366);
        Range(nameof(options.ReminderWorkingDays), options.ReminderWorkingDays, 0, 30);
        Range(nameof(options.InquiryTalkersMinimum), options.InquiryTalkersMinimum, 1, 10);
        Range(nameof(options.MaxParticipants), options.MaxParticipants, 1, 2000);
        Range(nameof(options.PassMark), options.PassMark, 1, 100);
        Range(nameof(options.Resits), options.Resits, 0, 5);
        Range(nameof(options.AdmonishmentImpactMonths), options.AdmonishmentImpactMonths, 1, 60);
        foreach (var kind in Enum.GetValues<FollowUpKind>().Where(k => k != FollowUpKind.Unspecified))
        {
            if (!options.FollowUpWorkingDays.TryGetValue(Names.Snake(kind), out var days))
            {
                failures.Add($"Talks:FollowUpWorkingDays:{Names.Snake(kind)} is required.");
            }
            else
            {
                Range($"FollowUpWorkingDays:{Names.Snake(kind)}", days, 1, 366);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
