namespace Accountability.Tolerance.Domain;

// Numeric values match the public API's enums (protos/accountability/tolerance/v1), so the gRPC
// layer maps by value; ToleranceEnumsTests checks that names and values agree.

/// <summary>Where an accountability matter (问责事项) came from; wire names as AccountabilityMatterOpened.Source.</summary>
public enum MatterSource
{
    Unspecified = 0,
    Clue = 1,        // the Clues service's AccountabilityProposed
    Incident = 2,    // 事故、事件
    Inspection = 3,  // 巡视巡察、监督检查
    Audit = 4,       // 审计
    Other = 5,
}

public enum MatterStatus
{
    Unspecified = 0,
    Open = 1,
    Decided = 2,
    Closed = 3,
}

/// <summary>问责条例 Art.8: Party organisations or leading cadres.</summary>
public enum TargetKind
{
    Unspecified = 0,
    Cadre = 1,         // 领导干部
    Organisation = 2,  // 党组织
}

public enum ApplicantKind
{
    Unspecified = 0,
    Cadre = 1,
    Unit = 2,
}

/// <summary>shared/domain.md §6.3: 申请 → 受理 → 核实 → 认定 → 反馈 → 报备; or ended early (不予受理, 撤回).</summary>
public enum ApplicationStatus
{
    Unspecified = 0,
    Submitted = 1,
    Accepted = 2,
    Rejected = 3,
    Verified = 4,
    Decided = 5,
    FeedbackGiven = 6,
    Filed = 7,
    Withdrawn = 8,
}

/// <summary>问责条例 Art.17 (不予或者免予问责), shared/domain.md §6.2.</summary>
public enum ToleranceGround
{
    Unspecified = 0,
    ReformInexperience = 1,          // 改革创新、先行先试中因缺乏经验出现失误
    UnrestrictedExploration = 2,     // 上级尚无明确限制的探索性试验中的失误
    UnintendedDevelopmentError = 3,  // 推动发展中的无意过失
    RecordedDissent = 4,             // 对错误决策明确提出反对或保留意见
    ForceMajeure = 5,                // 不可抗力、难以预见等因素
    SuperiorRefusedCorrection = 6,   // 向上级提出纠正意见未被采纳
}

/// <summary>问责条例 Art.18 (从轻或者减轻问责).</summary>
public enum Mitigation
{
    Unspecified = 0,
    RemedialAction = 1,      // 及时采取补救措施，挽回损失或者消除不良影响
    ActiveCooperation = 2,   // 积极配合问责调查，主动承担责任
    Other = 3,
}

/// <summary>The assessment factors of shared/domain.md §6.3 (陕西).</summary>
public enum AssessmentFactor
{
    Unspecified = 0,
    Motive = 1,               // 动机态度
    ObjectiveConditions = 2,  // 客观条件
    Procedure = 3,            // 程序方法
    NatureAndDegree = 4,      // 性质程度
    Consequences = 5,         // 后果影响
    LossRecovery = 6,         // 挽回损失
}

/// <summary>The verified facts the eligibility rules read (<see cref="Facts"/>).</summary>
public enum VerifiedFact
{
    Unspecified = 0,
    PrivateGain = 1,
    DefiedExplicitBan = 2,
    MajorAccident = 3,
    RepeatError = 4,
    CollectiveDecision = 5,
    LossesRecoveredPercent = 6,
}

/// <summary>ToleranceDecided.Outcome, in snake_case on the wire.</summary>
public enum ToleranceOutcome
{
    Unspecified = 0,
    NoAccountability = 1,  // 不予问责
    Exempted = 2,          // 免予问责
    Lighter = 3,           // 从轻问责
    Reduced = 4,           // 减轻问责
    NotTolerated = 5,      // 不予容错
}

public enum RuleKind
{
    Unspecified = 0,
    Disqualifier = 1,
    Outcome = 2,
}

/// <summary>Where a decision is filed (报备); DecisionFiled.FiledWith in snake_case.</summary>
public enum FilingRecipient
{
    Unspecified = 0,
    OrgDept = 1,          // 组织部
    PartyCommittee = 2,   // 同级党委
}

public enum DecisionStatus
{
    Unspecified = 0,
    Effective = 1,
    Revoked = 2,
    Superseded = 3,
}

/// <summary>AppealDecided.Result in snake_case.</summary>
public enum AppealResult
{
    Unspecified = 0,
    Upheld = 1,
    Revoked = 2,
    Amended = 3,
}

public enum RectificationStatus
{
    Unspecified = 0,
    Open = 1,
    Completed = 2,
}

/// <summary>
/// A continued-use review (shared/domain.md §6.4). Stored: Running, Reviewed, Approved, Cancelled;
/// Due is what a running review is once its impact period has ended (read, never stored).
/// </summary>
public enum ReviewStatus
{
    Unspecified = 0,
    Running = 1,
    Due = 2,
    Reviewed = 3,
    Approved = 4,
    Cancelled = 5,
}

public enum Performance
{
    Unspecified = 0,
    Outstanding = 1,     // 表现突出
    Satisfactory = 2,    // 表现一般
    Unsatisfactory = 3,  // 表现较差
}

/// <summary>The acts on an application; the next status comes from <see cref="ApplicationStateMachine"/>.</summary>
public enum ApplicationAction
{
    Accept,
    Reject,
    Verify,
    ConveneCommittee,
    RecordVote,
    Decide,
    StartVotingRound,
    Withdraw,
    RecordFeedback,
    File,
    Publish,
}
