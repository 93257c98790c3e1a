using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// An appeal against an accountability decision was decided. Result is "upheld", "revoked" (the
/// decision no longer counts) or "amended" (a new AccountabilityDecided supersedes it).
/// </summary>
[MessageUrn("accountability:tolerance:appeal-decided:v1")]
public sealed record AppealDecided
{
    public required string AppealId { get; init; }

    public required string MatterId { get; init; }

    public required string DecisionId { get; init; }

    public required string Result { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    public required DateTimeOffset DecidedAt { get; init; }
}
