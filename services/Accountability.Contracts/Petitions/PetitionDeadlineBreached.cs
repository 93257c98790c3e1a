using MassTransit;

namespace Accountability.Contracts.Petitions;

/// <summary>A deadline passed unmet. Kind is "screening", "acceptance_notice" or "feedback".</summary>
[MessageUrn("accountability:petitions:petition-deadline-breached:v1")]
public sealed record PetitionDeadlineBreached
{
    public required string PetitionId { get; init; }

    public required string Kind { get; init; }

    /// <summary>YYYY-MM-DD, the working day it was due.</summary>
    public required string DueDate { get; init; }

    public required DateTimeOffset DetectedAt { get; init; }
}
