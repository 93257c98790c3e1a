namespace Accountability.CaseFiles.Domain;

/// <summary>A cadre's dossier as of a date: what <see cref="DossierAnalyzer"/> derives from the entries and checks.</summary>
public sealed record DossierView(
    Cadre Cadre,
    DateOnly AsOf,
    IReadOnlyList<ImpactPeriodView> ImpactPeriods,
    IReadOnlyList<MatterView> OpenMatters,
    IReadOnlyList<MatterView> ClosedMatters,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<PersonalMattersCheck> Checks,
    IReadOnlyList<DossierEntry> Timeline);

public sealed record ImpactPeriodView(Track Track, string Measure, DateOnly StartsOn, DateOnly EndsOn, int Months, string Record, bool Active);

/// <summary>A clue ("clue:…") or an accountability matter ("matter:…") about the cadre.</summary>
public sealed record MatterView(string Record, string Label, string Stage, string Result);

/// <summary>
/// What the dossier shows that an integrity opinion must weigh: a rule code of
/// <see cref="CaseFilesOptions.OpinionRules"/>, the detail that fills its text, and the records behind it.
/// </summary>
public sealed record Finding(string Rule, string Detail, IReadOnlyList<string> Records);
