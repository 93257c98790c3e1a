using Accountability.Platform.Storage;

namespace Accountability.Clues.Domain;

/// <summary>
/// One outcome for one subject (shared/domain.md §4, §10): kept embedded on the clue and, for the
/// period statistics, as its own document, written in the same batch as the clue.
/// </summary>
public sealed class Outcome : IDocument
{
    public static readonly CollectionDefinition<Outcome> Collection = new(
        "outcomes",
        IndexDefinition.On("ix_decided", "decidedOn"),
        IndexDefinition.On("ix_clue", "clueId"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string ClueId { get; init; }

    public required int SubjectIndex { get; init; }

    /// <summary>The subject across clues (<see cref="ClueSubject.Key"/>): what person-times count once.</summary>
    public required string SubjectKey { get; init; }

    public required ClueSubject Subject { get; init; }

    public required OutcomeKind Kind { get; init; }

    public required OutcomeTrack Track { get; init; }

    /// <summary>1 to 4 (四种形态), from the policy table at the time of the decision.</summary>
    public required int Form { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string ApprovedOn { get; init; }

    public string? CaseCategory { get; init; }

    /// <summary>留党察看 only: the probation term in months (12 or 24).</summary>
    public int? TermMonths { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }

    public required string RecordedBy { get; init; }

    /// <summary>A copy for the clue's own list (the stored document keeps its own version).</summary>
    public Outcome Copy() => new()
    {
        Id = Id,
        ClueId = ClueId,
        SubjectIndex = SubjectIndex,
        SubjectKey = SubjectKey,
        Subject = Subject,
        Kind = Kind,
        Track = Track,
        Form = Form,
        DecidedOn = DecidedOn,
        ApprovedOn = ApprovedOn,
        CaseCategory = CaseCategory,
        TermMonths = TermMonths,
        RecordedAt = RecordedAt,
        RecordedBy = RecordedBy,
    };
}
