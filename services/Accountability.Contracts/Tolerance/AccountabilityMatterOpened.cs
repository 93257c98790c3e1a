using MassTransit;

namespace Accountability.Contracts.Tolerance;

/// <summary>
/// An accountability matter (问责事项) was opened. Source is "clue" (from a Clues proposal, ClueId
/// set), "incident", "inspection", "audit" or "other".
/// </summary>
[MessageUrn("accountability:tolerance:matter-opened:v1")]
public sealed record AccountabilityMatterOpened
{
    public required string MatterId { get; init; }

    public required string Source { get; init; }

    public string? ClueId { get; init; }

    public required IReadOnlyList<AccountabilityTargetInfo> Targets { get; init; }

    public required DateTimeOffset OpenedAt { get; init; }
}
