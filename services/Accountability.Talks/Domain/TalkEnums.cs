namespace Accountability.Talks.Domain;

// Numeric values match the public API's enums (protos/accountability/talks/v1), so the gRPC layer
// maps by value; TalkEnumsTests checks that names and values agree.

/// <summary>The talk kinds of shared/domain.md §5 and the inquiry talk of §3.3.</summary>
public enum TalkKind
{
    Unspecified = 0,
    Reminder = 1,             // 提醒谈话 / 约谈提醒
    Admonishment = 2,         // 诫勉谈话
    Inquiry = 3,              // 谈话函询
    PreAppointment = 4,       // 任前廉政谈话
    CollectiveIntegrity = 5,  // 集体廉政谈话 / 集体约谈
    HeartToHeart = 6,         // 谈心谈话
}

/// <summary>shared/domain.md §5 talk lifecycle, with missed and cancelled.</summary>
public enum TalkStatus
{
    Unspecified = 0,
    Requested = 1,
    Scheduled = 2,
    Held = 3,
    FollowUp = 4,
    Closed = 5,
    Missed = 6,
    Cancelled = 7,
}

public enum FollowUpKind
{
    Unspecified = 0,
    WrittenExplanation = 1,   // 书面说明
    SelfCriticism = 2,        // 检讨
    RectificationReport = 3,  // 整改报告
    CommitmentLetter = 4,     // 廉政承诺书
}

/// <summary>Where a 诫勉's countersigned explanation is filed (监督条例 Art.21, §5).</summary>
public enum FilingRecipient
{
    Unspecified = 0,
    UpperDisciplineCommission = 1,  // 上级纪委
    OrganisationDepartment = 2,     // 组织部
}

public enum TalkAction
{
    Schedule,
    Reschedule,
    RecordMissed,
    Cancel,
    RecordHeld,
    RecordFollowUp,
    RecordFiling,
    RecordTestScores,
    Close,
}
