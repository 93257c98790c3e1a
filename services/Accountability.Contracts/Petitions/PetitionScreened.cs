using MassTransit;

namespace Accountability.Contracts.Petitions;

/// <summary>
/// A clerk screened a petition. Outcome is one of "accept", "route_up", "transfer_down",
/// "transfer_other_organ", "not_in_scope", "file_repeat", "file_no_substance".
/// </summary>
[MessageUrn("accountability:petitions:petition-screened:v1")]
public sealed record PetitionScreened
{
    public required string PetitionId { get; init; }

    public required string Outcome { get; init; }

    public string? TargetOrganId { get; init; }

    /// <summary>Went straight to the upper organ because it accuses this organ's own principal.</summary>
    public bool DirectToUpper { get; init; }

    public required DateTimeOffset ScreenedAt { get; init; }
}
