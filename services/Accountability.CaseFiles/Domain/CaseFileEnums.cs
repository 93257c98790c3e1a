namespace Accountability.CaseFiles.Domain;

// Numeric values match the public API's enums (protos/accountability/casefiles/v1), so the gRPC
// layer maps by value; CaseFileEnumsTests checks that names and values agree.

/// <summary>Rank (职级): 局级 is bureau, 处级 division, 科级 section.</summary>
public enum Rank
{
    Unspecified = 0,
    BureauPrincipal = 1,
    BureauDeputy = 2,
    DivisionPrincipal = 3,
    DivisionDeputy = 4,
    SectionPrincipal = 5,
    SectionDeputy = 6,
    Staff = 7,
    Village = 8,
}

/// <summary>What a dossier entry records; one entry per source fact.</summary>
public enum EntryKind
{
    Unspecified = 0,
    Petition = 1,
    PetitionScreened = 2,
    PetitionClosed = 3,
    ClueRegistered = 4,
    ClueStage = 5,
    ClueConcluded = 6,
    FalseAccusation = 7,
    Outcome = 8,
    Talk = 9,
    CommitmentLetter = 10,
    Admonishment = 11,
    AppointmentPostponement = 12,
    AccountabilityMatter = 13,
    ToleranceApplied = 14,
    ToleranceDecided = 15,
    AccountabilityDecided = 16,
    AppealDecided = 17,
    ContinuedUse = 18,
    DecisionFiled = 19,
    PersonalMattersCheck = 20,
    RelativesBusiness = 21,
}

/// <summary>The track an impact period runs on (§0, §9).</summary>
public enum Track
{
    Unspecified = 0,
    Party = 1,
    Government = 2,
    Organisational = 3,
    Admonishment = 4,
}

public enum OpinionPurpose
{
    Unspecified = 0,
    Promotion = 1,  // 提拔任用
    Award = 2,      // 评优评先
    Transfer = 3,   // 交流调任
    Election = 4,   // 换届提名
}

/// <summary>The three answers of §7, ordered by severity.</summary>
public enum OpinionAnswer
{
    Unspecified = 0,
    NoIssueFound = 1,        // 暂未发现影响提拔任用的问题
    DeferUntilResolved = 2,  // 有未办结问题线索，建议暂缓
    NotSuitable = 3,         // 不宜提拔任用
}

public enum OpinionStatus
{
    Unspecified = 0,
    AwaitingSignature = 1,
    Replied = 2,
}

public enum PersonalMattersResult
{
    Unspecified = 0,
    Consistent = 1,   // 一致
    Omission = 2,     // 漏报
    Concealment = 3,  // 瞒报
}

public enum PersonalMattersHandlingKind
{
    Unspecified = 0,
    PostponePromotion = 1,  // 暂缓提拔
    CancelPromotion = 2,    // 取消提拔资格
    Admonishment = 3,       // 诫勉
    PartySanction = 4,      // 党纪处分
    Referral = 5,           // 移送问题线索
    CriticalEducation = 6,  // 批评教育
}

public enum Relation
{
    Unspecified = 0,
    Spouse = 1,
    Child = 2,
    ChildSpouse = 3,
}
