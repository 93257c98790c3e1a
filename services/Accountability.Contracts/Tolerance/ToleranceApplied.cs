using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>A tolerance application (容错申请) was filed for one target of a matter.</summary>
[MessageUrn("accountability:tolerance:tolerance-applied:v1")]
public sealed record ToleranceApplied
{
    public required string ApplicationId { get; init; }

    public required string MatterId { get; init; }

    public required string TargetId { get; init; }

    public AccusedPersonInfo? Cadre { get; init; }

    public required DateTimeOffset FiledAt { get; init; }
}
