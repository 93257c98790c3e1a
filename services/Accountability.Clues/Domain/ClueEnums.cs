namespace Accountability.Clues.Domain;

// Numeric values match the public API's enums (protos/accountability/clues/v1 and common/v1),
// so the gRPC layer maps by value; ClueEnumsTests checks that names and values agree.

public enum ClueSource
{
    Unspecified = 0,
    Petition = 1,              // 信访举报
    InspectionTour = 2,        // 巡视巡察
    Audit = 3,                 // 审计
    Supervision = 4,           // 监督检查
    CaseHandling = 5,          // 审查调查
    JudicialTransfer = 6,      // 司法机关移送
    OtherOrganTransfer = 7,    // 其他机关移送
    PersonalMattersCheck = 8,  // 个人有关事项报告查核
}

/// <summary>shared/domain.md §3.6, with the inquiry split by its mode (letter or talk).</summary>
public enum ClueStatus
{
    Unspecified = 0,
    Registered = 1,
    Assigned = 2,
    Inquiry = 3,
    LetterSent = 4,
    TalkRequested = 5,
    InquiryAnswered = 6,
    Verifying = 7,
    Held = 8,
    CaseFiled = 9,
    Concluded = 10,
}

/// <summary>The disposal methods (处置方式) of shared/domain.md §3.2.</summary>
public enum DisposalMethod
{
    Unspecified = 0,
    TalkInquiry = 1,              // 谈话函询
    PreliminaryVerification = 2,  // 初步核实
    Hold = 3,                     // 暂存待查
    Close = 4,                    // 予以了结
    TransferInvestigation = 5,    // 移送审查调查 (立案)
}

/// <summary>The proposals of an inquiry report (监督执纪规则 Art.30, shared/domain.md §3.3).</summary>
public enum InquiryProposal
{
    Unspecified = 0,
    AcceptAndClose = 1,  // 采信了结
    FirstForm = 2,
    InquireAgain = 3,
    Escalate = 4,        // 初步核实
}

/// <summary>The proposals of a verification report (shared/domain.md §3.4).</summary>
public enum VerificationOutcome
{
    Unspecified = 0,
    FileCase = 1,
    Close = 2,
    TalkReminder = 3,
    Hold = 4,
    Transfer = 5,
}

/// <summary>Who must be reported to the upper organ (监督执纪规则 Art.22, shared/domain.md §3.1).</summary>
public enum KeyOfficial
{
    Unspecified = 0,
    None = 1,
    CommitteeMember = 2,            // 同级党委委员、候补委员
    DisciplineStandingMember = 3,   // 纪委常委
    SupervisoryMember = 4,          // 监委委员
    SubordinatePrincipal = 5,       // 下级地方、单位主要负责人
}

/// <summary>What an outcome is; its track and form come from <see cref="FourForms"/>.</summary>
public enum OutcomeKind
{
    Unspecified = 0,
    TalkReminder = 1,            // 谈话提醒
    CriticalEducation = 2,       // 批评教育
    OrderedSelfExamination = 3,  // 责令检查
    Admonishment = 4,            // 诫勉
    Exemption = 5,               // 免予处分
    PartyWarning = 10,           // 警告
    PartySeriousWarning = 11,    // 严重警告
    PartyPostRemoval = 12,       // 撤销党内职务
    PartyProbation = 13,         // 留党察看
    PartyExpulsion = 14,         // 开除党籍
    GovWarning = 20,             // 政务警告
    GovDemerit = 21,             // 记过
    GovMajorDemerit = 22,        // 记大过
    GovDemotion = 23,            // 降级
    GovDismissal = 24,           // 撤职
    GovExpulsion = 25,           // 开除
    OrgSuspension = 30,          // 停职检查
    OrgPostAdjustment = 31,      // 调整职务
    OrgOrderedResignation = 32,  // 责令辞职
    OrgRemoval = 33,             // 免职
    OrgDemotion = 34,            // 降职
    ProsecutionReferral = 40,    // 移送起诉
}

public enum OutcomeTrack
{
    Unspecified = 0,
    Party = 1,
    Government = 2,
    Organisational = 3,
    Education = 4,
    Criminal = 5,
}

/// <summary>The acts that move a clue (or record something on it).</summary>
public enum ClueAction
{
    Assign,
    FlagForUpperReport,
    DecideDisposal,
    SendInquiryLetter,
    RequestInquiryTalk,
    RecordInquiryReply,
    RecordInquiryTalkHeld,
    ReportInquiry,
    PlanVerification,
    RecordVerificationMeasure,
    ExtendVerification,
    ReportVerification,
    RecordOutcome,
    ConcludeCase,
    ReviewHold,
    RecordFalseAccusation,

    /// <summary>The Talks service reports the requested talk did not take place (cancelled, missed, subject absent): recorded, the clue keeps waiting.</summary>
    RecordInquiryTalkNotHeld,

    /// <summary>Proposes accountability (问责) to the Tolerance service: recorded, the clue keeps its state.</summary>
    ProposeAccountability,
}
