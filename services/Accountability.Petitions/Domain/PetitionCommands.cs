namespace Accountability.Petitions.Domain;

public sealed record SubmitPetition(
    string IdempotencyKey,
    Channel Channel,
    PetitionKind Kind,
    ReporterIdentityData? Reporter,
    IReadOnlyList<AccusedPerson> Accused,
    string Facts,
    IReadOnlyList<Discipline> Disciplines,
    IReadOnlyList<Attachment> Attachments,
    DateTimeOffset? ReceivedAt,
    string? SourceOrganId,
    string RequestHash);

public sealed record SubmitResult(Petition Petition, string ReceiptCode, bool Replayed);

public sealed record ScreenPetition(string PetitionId, ScreeningOutcome Outcome, string Reason, string? TargetOrganId, string? RepeatOf, long ExpectedVersion);

public sealed record ClueProposalInput(string Summary, IReadOnlyList<int> AccusedIndexes, IReadOnlyList<Discipline> Disciplines);
