namespace Accountability.Platform.Domain;

/// <summary>
/// The kinds of accountability form (问责条例 Art.8, shared/domain.md §6.1) as the services name them
/// on the wire: a Clues proposal's proposed form, a Tolerance decision's forms. Tolerance's forms
/// table (names, tracks, four-forms numbers) describes exactly these kinds.
/// </summary>
public static class AccountabilityFormKinds
{
    public static readonly IReadOnlyList<string> All =
    [
        "org_inspection",           // 检查 (Party organisations)
        "circulated_criticism",     // 通报
        "reorganisation",           // 改组 (Party organisations)
        "admonishment",             // 诫勉
        "org_suspension",           // 停职检查
        "org_post_adjustment",      // 调整职务
        "org_ordered_resignation",  // 责令辞职
        "org_removal",              // 免职
        "org_demotion",             // 降职
        "party_warning",            // 警告
        "party_serious_warning",    // 严重警告
        "party_post_removal",       // 撤销党内职务
        "party_probation",          // 留党察看
        "party_expulsion",          // 开除党籍
    ];

    public static bool IsKnown(string kind) => All.Contains(kind, StringComparer.Ordinal);
}
