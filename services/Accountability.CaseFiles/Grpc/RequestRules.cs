using System.Globalization;
using Accountability.Platform.Errors;

namespace Accountability.CaseFiles.Grpc;

/// <summary>Field limits and shared checks of the CaseFiles API, applied before anything is stored.</summary>
public static class RequestRules
{
    public const int MaxShortText = 200;
    public const int MaxText = 2_000;
    public const int MaxBatch = 500;
    public const int MaxImportOrgans = 2_000;
    public const int MaxImportCadres = 5_000;
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>The items of a personal-matters report (shared/domain.md §8): 8 family items and 6 asset items.</summary>
    public static readonly IReadOnlySet<string> ItemCodes = new HashSet<string>(StringComparer.Ordinal)
    {
        // family: 婚姻, 因私护照, 因私出国(境), 往来港澳台, 子女与外国人通婚, 配偶子女移居国(境)外, 配偶子女从业, 配偶子女被追究刑事责任
        "marriage", "passport", "trips_abroad", "hk_macau_taiwan", "child_foreign_marriage", "emigration", "family_jobs", "family_criminal",
        // assets: 工资, 劳务所得, 房产, 股票基金投资型保险, 经商办企业, 境外资产
        "salary", "labour_income", "housing", "investments", "business", "overseas_assets",
    };

    /// <summary>A YYYY-MM-DD date; empty is allowed unless required. Returns the date when valid.</summary>
    public static DateOnly? Date(RequestValidator v, string field, string value, bool required = false)
    {
        if (value.Length == 0)
        {
            if (required)
            {
                v.Add(field, "is required");
            }

            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year is < MinYear or > MaxYear)
        {
            v.Add(field, $"must be a date YYYY-MM-DD between {MinYear} and {MaxYear}");
            return null;
        }

        return date;
    }

    public static void Year(RequestValidator v, string field, int year, bool allowZero = false)
    {
        if (!(allowZero && year == 0) && year is < MinYear or > MaxYear)
        {
            v.Add(field, $"must be a year between {MinYear} and {MaxYear}");
        }
    }

    /// <summary>Ids: each present and bounded, none twice.</summary>
    public static void DistinctIds(RequestValidator v, string field, IReadOnlyList<string> ids)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            v.Id($"{field}[{i}]", ids[i]);
            if (ids[i].Length > 0 && !seen.Add(ids[i]))
            {
                v.Add($"{field}[{i}]", "is listed twice");
            }
        }
    }
}
