namespace Accountability.Petitions.Domain;

/// <summary>The deadline kinds of a petition (shared/domain.md §2.2–2.3); durations in <see cref="PetitionsOptions"/>.</summary>
public static class PetitionDeadlines
{
    /// <summary>Routing within 5 WD of receipt: screening is due then.</summary>
    public const string Screening = "screening";

    /// <summary>Acceptance notice to a named reporter, 15 WD from receipt.</summary>
    public const string AcceptanceNotice = "acceptance_notice";

    /// <summary>Result feedback to a named reporter, 15 WD from closure.</summary>
    public const string Feedback = "feedback";
}
