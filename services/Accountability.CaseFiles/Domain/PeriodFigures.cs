namespace Accountability.CaseFiles.Domain;

/// <summary>The figures the users quote (shared/domain.md §13), for a period.</summary>
public sealed record PeriodFigures
{
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public int PetitionsReceived { get; init; }
    public int CluesFromPetitions { get; init; }
    public int CluesCountyTownship { get; init; }
    public double CluesCountyTownshipPercent { get; init; }
    /// <summary>Person-times (人次) per form 1 to 4.</summary>
    public required IReadOnlyDictionary<int, int> Forms { get; init; }
    public int FirstForm { get; init; }
    public int SecondThirdForm { get; init; }
    public required IReadOnlyDictionary<string, int> CaseCategories { get; init; }
    public int PartyDiscipline { get; init; }
    public int DrunkDriving { get; init; }
    public int CaseYear { get; init; }
    public int CasesConcluded { get; init; }
    public int BureauLevelSanctioned { get; init; }
    public int DivisionLevelSanctioned { get; init; }
    /// <summary>Talks held and person-times present, by talk kind.</summary>
    public required IReadOnlyDictionary<string, (int Talks, int PersonTimes)> Talks { get; init; }
    public int AccountabilityDecisions { get; init; }
    public int AccountabilityExempted { get; init; }
    public required IReadOnlyDictionary<string, int> ToleranceDecisions { get; init; }
    public required IReadOnlyList<YearCompliance> Compliance { get; init; }
    public int RelativesSelfChecked { get; init; }
    public int RelativesWithBusiness { get; init; }
    public int RelativesRiskPoints { get; init; }
}

public sealed record YearCompliance(int Year, int Checked, int Consistent, double RatePercent, int Omissions, int Concealments, int Postponed, int Cancelled, int Admonished, int PartySanctioned, int Referred);
