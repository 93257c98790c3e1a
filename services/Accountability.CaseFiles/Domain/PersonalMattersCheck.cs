using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// The check of one cadre's personal-matters report (个人有关事项报告查核) for a year: consistent,
/// omission (漏报) or concealment (瞒报) with the items, and how it was handled (shared/domain.md §8).
/// </summary>
public sealed class PersonalMattersCheck : IDocument
{
    public static readonly CollectionDefinition<PersonalMattersCheck> Collection = new(
        "personal_matters_checks",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.On("ix_cadre_year", "cadreId", "year"),
        IndexDefinition.On("ix_year_recorded", "year", "recordedAt"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string IdempotencyScope { get; init; }

    public string? RequestHash { get; init; }

    public required string CadreId { get; init; }

    /// <summary>The cadre's unit and level when checked, for the rates per organ and level.</summary>
    public required string OrganId { get; init; }

    public required Level Level { get; init; }

    public required int Year { get; init; }

    public required PersonalMattersResult Result { get; init; }

    public List<PersonalMattersItem> Items { get; init; } = [];

    /// <summary>YYYY-MM-DD.</summary>
    public required string CheckedOn { get; init; }

    public bool Targeted { get; init; }

    public List<PersonalMattersHandling> Handling { get; init; } = [];

    public required string RecordedBy { get; init; }

    public required DateTimeOffset RecordedAt { get; init; }
}

public sealed class PersonalMattersItem
{
    public required string Code { get; init; }

    public string Description { get; init; } = "";
}

public sealed class PersonalMattersHandling
{
    public required PersonalMattersHandlingKind Kind { get; init; }

    /// <summary>YYYY-MM-DD.</summary>
    public required string DecidedOn { get; init; }

    public string Note { get; init; } = "";

    /// <summary>The PersonalMattersReferred id of a referral to the Clues service.</summary>
    public string? ReferralId { get; init; }

    public required string RecordedBy { get; init; }
}
