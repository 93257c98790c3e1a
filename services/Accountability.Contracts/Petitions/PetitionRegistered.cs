using MassTransit;

namespace Accountability.Contracts.Petitions;

/// <summary>A petition was registered (登记). Carries no reporter identity and no free text.</summary>
[MessageUrn("accountability:petitions:petition-registered:v1")]
public sealed record PetitionRegistered
{
    public required string PetitionId { get; init; }

    public required string RegisterNumber { get; init; }

    public required string OrganId { get; init; }

    public required string Channel { get; init; }

    public required string Kind { get; init; }

    public required bool Named { get; init; }

    public required IReadOnlyList<AccusedPersonInfo> Accused { get; init; }

    public required IReadOnlyList<string> Disciplines { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>Set when the petition was linked as a repeat (重复举报) of an earlier one.</summary>
    public string? RepeatOfPetitionId { get; init; }
}
