namespace Accountability.Contracts.Tolerance;

/// <summary>
/// One accountability form (问责条例 Art.8) applied to a target. Kind uses the outcome names of
/// <see cref="Clues.OutcomeDecided"/> where one exists ("admonishment", "org_suspension",
/// "org_post_adjustment", "org_ordered_resignation", "org_removal", "org_demotion", "party_warning", ...)
/// plus "circulated_criticism" (通报), "org_inspection" (检查, organisations) and "reorganisation" (改组).
/// Track and Form as in OutcomeDecided. ImpactStartsOn (YYYY-MM-DD) is set for a form that carries
/// an impact period (影响期); the downstream table decides its length.
/// </summary>
public sealed record AccountabilityFormInfo
{
    public required string Kind { get; init; }

    public required string Track { get; init; }

    public required int Form { get; init; }

    public string? ImpactStartsOn { get; init; }
}
