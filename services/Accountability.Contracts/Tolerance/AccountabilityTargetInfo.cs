namespace Accountability.Contracts.Tolerance;

/// <summary>
/// One target of an accountability matter: a cadre (Cadre set) or a Party organisation
/// (OrganisationName set). Kind is "cadre" or "organisation"; TargetId is unique within the matter.
/// </summary>
public sealed record AccountabilityTargetInfo
{
    public required string TargetId { get; init; }

    public required string Kind { get; init; }

    public AccusedPersonInfo? Cadre { get; init; }

    public string? OrganisationName { get; init; }
}
