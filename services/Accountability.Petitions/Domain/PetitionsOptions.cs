namespace Accountability.Petitions.Domain;

/// <summary>
/// Configuration section "Petitions". Deadlines are policy data (shared/domain.md §2.2–2.3),
/// defaults as the rules give them.
/// </summary>
public sealed class PetitionsOptions
{
    public const string Section = "Petitions";

    /// <summary>The organ this instance registers petitions for (seeds/organs/organs.json).</summary>
    public string OrganId { get; set; } = "org-city";

    /// <summary>Routing up or down within 5 WD of receipt (检举控告规则 Arts.15–16): screening is due then.</summary>
    public int ScreeningWorkingDays { get; set; } = 5;

    /// <summary>Acceptance notice to a named reporter within 15 WD of receipt.</summary>
    public int AcceptanceNoticeWorkingDays { get; set; } = 15;

    /// <summary>Result feedback within 15 WD of closure (to an anonymous reporter through the receipt code).</summary>
    public int FeedbackWorkingDays { get; set; } = 15;

    /// <summary>Facts at least this similar (character-bigram Jaccard) about the same accused make a repeat (UNCONFIRMED rule, §2.3).</summary>
    public double RepeatSimilarityThreshold { get; set; } = 0.6;

    /// <summary>
    /// Accused levels an organ handles at its own level, by the organ's level (干部管理权限; the
    /// default follows the usual split: a city organ for city-managed cadres, a county organ for
    /// county, township and village cadres).
    /// </summary>
    public Dictionary<string, List<Level>> OwnLevels { get; set; } = new()
    {
        ["province"] = [Level.Province],
        ["city"] = [Level.City],
        ["county"] = [Level.County, Level.Township, Level.Village],
        ["township"] = [Level.Township, Level.Village],
    };

    /// <summary>Messages and evidence a reporter may add to one petition through the receipt code.</summary>
    public int MaxReporterMessages { get; set; } = 50;

    public int ReceiptFailureLimit { get; set; } = 5;

    public TimeSpan ReceiptFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan ReceiptLockout { get; set; } = TimeSpan.FromMinutes(15);

    public IEnumerable<string> Validate()
    {
        if (ScreeningWorkingDays < 1 || AcceptanceNoticeWorkingDays < 1 || FeedbackWorkingDays < 1)
        {
            yield return "Petitions:ScreeningWorkingDays, AcceptanceNoticeWorkingDays and FeedbackWorkingDays must be at least 1.";
        }

        if (RepeatSimilarityThreshold is <= 0 or > 1)
        {
            yield return "Petitions:RepeatSimilarityThreshold must be in (0, 1].";
        }

        if (ReceiptFailureLimit < 1 || MaxReporterMessages < 1)
        {
            yield return "Petitions:ReceiptFailureLimit and MaxReporterMessages must be at least 1.";
        }
    }
}
