using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// The committee decided a tolerance application. Outcome is "no_accountability" (不予问责),
/// "exempted" (免予问责), "lighter" (从轻问责), "reduced" (减轻问责) or "not_tolerated" (不予容错).
/// RuleSetVersion names the eligibility rules the evaluation used.
/// </summary>
[MessageUrn("accountability:tolerance:tolerance-decided:v1")]
public sealed record ToleranceDecided
{
    public required string ApplicationId { get; init; }

    public required string MatterId { get; init; }

    public required string TargetId { get; init; }

    public AccusedPersonInfo? Cadre { get; init; }

    public required string Outcome { get; init; }

    public required string RuleSetVersion { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}
