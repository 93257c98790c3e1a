namespace Accountability.Clues.Domain;

/// <summary>The deadline kinds of a clue (shared/domain.md §3.1–3.4); durations in <see cref="CluesOptions"/>.</summary>
public static class ClueDeadlines
{
    /// <summary>Disposal opinion within 1 month of receiving the clue (§3.1, Art.21).</summary>
    public const string Disposal = "disposal";

    /// <summary>The written reply to an inquiry letter within 15 WD (§3.3, Art.29).</summary>
    public const string LetterReply = "letter_reply";

    /// <summary>The inquiry report within 1 month of the reply or talk (§3.3, Art.30).</summary>
    public const string InquiryReport = "inquiry_report";

    /// <summary>Preliminary verification, 2 months from entering VERIFYING, extendable once by 1 (§3.4, UNCONFIRMED).</summary>
    public const string Verification = "verification";

    /// <summary>Periodic re-review of a held clue (§3.2, interval UNCONFIRMED).</summary>
    public const string HoldReview = "hold_review";
}
