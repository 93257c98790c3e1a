namespace Accountability.Platform.Domain;

/// <summary>
/// The six disciplines of the Party (六大纪律) and the duty offences of supervised persons.
/// Values match accountability.common.v1.Discipline, so the API maps by number.
/// </summary>
public enum Discipline
{
    Unspecified = 0,
    Political = 1,
    Organisational = 2,
    Integrity = 3,
    Mass = 4,
    Work = 5,
    Life = 6,
    DutyViolation = 7,
    DutyCrime = 8,
}
