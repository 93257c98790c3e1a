using MassTransit;

namespace Accountability.Contracts.Talks;

/// <summary>A cadre failed the pre-appointment integrity test and its last resit: postpone the appointment (暂缓任用).</summary>
[MessageUrn("accountability:talks:appointment-postponement-recommended:v1")]
public sealed record AppointmentPostponementRecommended
{
    public required string TalkId { get; init; }

    public required string CadreId { get; init; }

    /// <summary>The failed resit's score, out of 100.</summary>
    public required int Score { get; init; }

    public required int PassMark { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}
