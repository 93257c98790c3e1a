using MassTransit;

namespace Accountability.Contracts.CaseFiles;

/// <summary>
/// A personal-matters report check (个人有关事项报告查核) found an omission or concealment that is
/// referred to the Clues service as a clue (source "personal_matters_check"), once per ReferralId.
/// Result is "omission" (漏报) or "concealment" (瞒报); Items are the item codes concerned.
/// </summary>
[MessageUrn("accountability:casefiles:personal-matters-referred:v1")]
public sealed record PersonalMattersReferred
{
    public required string ReferralId { get; init; }

    public required string CheckId { get; init; }

    public required AccusedPersonInfo Cadre { get; init; }

    public required int Year { get; init; }

    public required string Result { get; init; }

    public required IReadOnlyList<string> Items { get; init; }

    public required DateTimeOffset ReferredAt { get; init; }
}
