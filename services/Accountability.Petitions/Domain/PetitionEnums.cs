namespace Accountability.Petitions.Domain;

// Numeric values match the public API's enums (protos/accountability/petitions/v1), so the
// gRPC layer maps by value; PetitionEnumsTests checks that names and values agree.

public enum Channel
{
    Unspecified = 0,
    Letter = 1,
    Visit = 2,
    Phone12388 = 3,
    Online = 4,
    Transferred = 5,
}

public enum PetitionKind
{
    Unspecified = 0,
    Accusation = 1,   // 检举控告
    Appeal = 2,       // 申诉
    Suggestion = 3,   // 批评建议
}

public enum Jurisdiction
{
    Unspecified = 0,
    OwnLevel = 1,
    Upper = 2,
    Lower = 3,
}

/// <summary>shared/domain.md §2.6.</summary>
public enum PetitionStatus
{
    Unspecified = 0,
    Registered = 1,
    RoutedUp = 2,
    TransferredDown = 3,
    TransferredOtherOrgan = 4,
    NonScopeReferred = 5,
    FiledRepeat = 6,
    FiledNoSubstance = 7,
    Accepted = 8,
    AcceptanceNotified = 9,
    HandedToSupervision = 10,
    ClueLinked = 11,
    Closed = 12,
    FeedbackGiven = 13,
    ObjectionRecorded = 14,
    Reopened = 15,
    Archived = 16,
}

public enum ScreeningOutcome
{
    Unspecified = 0,
    Accept = 1,
    RouteUp = 2,
    TransferDown = 3,
    TransferOtherOrgan = 4,
    NotInScope = 5,
    FileRepeat = 6,
    FileNoSubstance = 7,
}

public enum ReporterStage
{
    Unspecified = 0,
    Received = 1,
    InProgress = 2,
    Forwarded = 3,
    Concluded = 4,
}

public enum ClueProposalStatus
{
    Unspecified = 0,
    Proposed = 1,
    Registered = 2,
    Concluded = 3,
}
