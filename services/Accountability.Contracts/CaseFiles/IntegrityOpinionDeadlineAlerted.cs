using MassTransit;

namespace Accountability.Contracts.CaseFiles;

/// <summary>
/// An integrity opinion (党风廉政意见回复) is due soon (Alert "approaching") or its reply is late
/// ("breached"): the organisation department waits for it before it starts its review.
/// </summary>
[MessageUrn("accountability:casefiles:integrity-opinion-deadline-alerted:v1")]
public sealed record IntegrityOpinionDeadlineAlerted
{
    public required string OpinionId { get; init; }
    public required string CadreId { get; init; }
    public required string Alert { get; init; }
    /// <summary>YYYY-MM-DD.</summary>
    public required string DueDate { get; init; }
    public required DateTimeOffset DetectedAt { get; init; }
}
