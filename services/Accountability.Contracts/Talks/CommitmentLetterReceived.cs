using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>A cadre's integrity commitment letter (廉政承诺书) arrived (to the dossier).</summary>
[MessageUrn("accountability:talks:commitment-letter-received:v1")]
public sealed record CommitmentLetterReceived
{
    public required string TalkId { get; init; }

    public required string CadreId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
