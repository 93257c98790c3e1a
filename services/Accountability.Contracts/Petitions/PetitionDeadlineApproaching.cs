using MassTransit;

namespace Accountability.Contracts.Petitions;

/// <summary>A deadline falls due within the configured number of working days. Kind as in <see cref="PetitionDeadlineBreached"/>.</summary>
[MessageUrn("accountability:petitions:petition-deadline-approaching:v1")]
public sealed record PetitionDeadlineApproaching
{
    public required string PetitionId { get; init; }

    public required string Kind { get; init; }

    /// <summary>YYYY-MM-DD, the working day it is due.</summary>
    public required string DueDate { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
