using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// An integrity opinion (党风廉政意见回复): the organisation department's request, who made it, the
/// answer with every reason and the records behind it, and the reply (the signatures) archived
/// together (shared/domain.md §7). The reply is due <see cref="CaseFilesOptions.OpinionReplyWorkingDays"/> WD after the request.
/// </summary>
public sealed class IntegrityOpinion : IHasDeadlines
{
    public const string ReplyDeadline = "reply";

    public static readonly CollectionDefinition<IntegrityOpinion> Collection = new(
        "integrity_opinions",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.On("ix_requested", "requestedAt"),
        IndexDefinition.On("ix_cadre_requested", "cadreId", "requestedAt"),
        IndexDefinition.On("ix_batch_requested", "batchId", "requestedAt"),
        IndexDefinition.On("ix_next_due", "nextDueDate"),
        IndexDefinition.On("ix_next_alert", "nextAlertDate"),
        IndexDefinition.On("ix_organ_requested", "requestedOrgan", "requestedAt"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>Keyed hash of the caller and idempotency key (with the cadre id inside a batch).</summary>
    public required string IdempotencyScope { get; init; }

    public required string RequestHash { get; init; }

    public string? BatchId { get; init; }

    public required string CadreId { get; init; }

    public required string CadreName { get; init; }

    public required OpinionPurpose Purpose { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string AsOf { get; set; }

    /// <summary>Whether the requester named the day (else it is the day of the request, and the signing day once signed).</summary>
    public bool AsOfGiven { get; init; }

    /// <summary>The answer; recomputed when the reply is signed (<see cref="AnswerAtRequest"/> keeps the first one if it changed).</summary>
    public required OpinionAnswer Answer { get; set; }

    public required List<OpinionReason> Reasons { get; set; }

    /// <summary>The answer computed at the request, when the signing's recomputation changed it.</summary>
    public OpinionAnswer? AnswerAtRequest { get; set; }

    /// <summary>The requester's organ (from the token): an organisation department reads only its own organ's opinions.</summary>
    public string? RequestedOrgan { get; init; }

    /// <summary>The dossier build the answer was read from.</summary>
    public long Generation { get; init; }

    public OpinionStatus Status { get; set; }

    public required string RequestedBy { get; init; }

    public required string RequestedRole { get; init; }

    public required DateTimeOffset RequestedAt { get; init; }

    public List<string> Signers { get; set; } = [];

    public string? SignedBy { get; set; }

    public DateTimeOffset? RepliedAt { get; set; }

    public List<TrackedDeadline> Deadlines { get; init; } = [];

    public string? NextDueDate { get; set; }

    public string? NextAlertDate { get; set; }
}

public sealed class OpinionReason
{
    public required string Rule { get; init; }

    public required OpinionAnswer Answer { get; init; }

    public required string Text { get; init; }

    public required List<string> Records { get; init; }

    public bool Note { get; init; }
}
