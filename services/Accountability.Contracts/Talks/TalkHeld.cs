using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>
/// A talk was held (to the dossier: every talk a cadre attended). Kind is "reminder",
/// "admonishment", "inquiry", "pre_appointment", "collective_integrity" or "heart_to_heart".
/// </summary>
[MessageUrn("accountability:talks:talk-held:v1")]
public sealed record TalkHeld
{
    public required string TalkId { get; init; }

    public required string Kind { get; init; }

    public required DateTimeOffset HeldAt { get; init; }

    public required IReadOnlyList<string> PresentCadreIds { get; init; }

    public required IReadOnlyList<string> AbsentCadreIds { get; init; }

    public string? ClueId { get; init; }
}
