using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>
/// A 诫勉 is complete: held, its written explanation countersigned by the cadre's principal leader
/// and filed with the upper discipline commission and the organisation department. Downstream
/// starts the impact period (影响期) on ImpactStartDate for ImpactMonths.
/// </summary>
[MessageUrn("accountability:talks:admonishment-concluded:v1")]
public sealed record AdmonishmentConcluded
{
    public required string TalkId { get; init; }

    public required string CadreId { get; init; }

    /// <summary>The day the 诫勉 was held, YYYY-MM-DD (China Standard Time).</summary>
    public required string ImpactStartDate { get; init; }

    public required int ImpactMonths { get; init; }

    public string? ClueId { get; init; }

    public string? OutcomeId { get; init; }

    public required DateTimeOffset ConcludedAt { get; init; }
}
