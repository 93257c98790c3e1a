using MassTransit;

namespace Accountability.Contracts.CaseFiles;

/// <summary>
/// The discipline commission signed its integrity opinion reply. Answer is "no_issue_found",
/// "defer_until_resolved" or "not_suitable"; the reasons stay with the archived opinion.
/// </summary>
[MessageUrn("accountability:casefiles:integrity-opinion-replied:v1")]
public sealed record IntegrityOpinionReplied
{
    public required string OpinionId { get; init; }
    public required string CadreId { get; init; }
    public required string Purpose { get; init; }
    public required string Answer { get; init; }
    public required DateTimeOffset RepliedAt { get; init; }
}
