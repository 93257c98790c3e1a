namespace Accountability.Talks.Domain;

public sealed record RequestTalk(string IdempotencyKey, TalkKind Kind, string Reason, IReadOnlyList<Participant> Participants, string RequestHash, string? Department = null);

public sealed record RequestResult(Talk Talk, bool Replayed);

/// <summary>Schedule or reschedule; null participants keep the requested ones.</summary>
public sealed record ScheduleTalk(
    string TalkId,
    long ExpectedVersion,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Place,
    IReadOnlyList<string> Talkers,
    string NoteTaker,
    IReadOnlyList<Participant>? Participants,
    string Reason);

public sealed record AttendanceMark(string CadreId, bool Present);

public sealed record RecordTalkHeld(
    string TalkId,
    long ExpectedVersion,
    IReadOnlyList<AttendanceMark> Attendance,
    string Summary,
    string Statement,
    IReadOnlyList<Signature> Signatures,
    IReadOnlyList<Attachment> Attachments,
    IReadOnlyList<FollowUpKind> FollowUps);

public sealed record RecordFollowUp(string TalkId, long ExpectedVersion, string FollowUpId, string Reference, DateTimeOffset? ReceivedAt, Signature? Countersignature);

public sealed record RecordFiling(string TalkId, long ExpectedVersion, FilingRecipient Recipient, string FiledBy, DateTimeOffset? FiledAt);

public sealed record TestScore(string CadreId, int Score);
