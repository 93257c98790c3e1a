namespace Accountability.Tolerance.Domain;

/// <summary>One accountability form (问责条例 Art.8) as the table describes it.</summary>
public sealed record FormEntry(string Kind, string Name, string Track, int Form, bool ForCadres, bool ForOrganisations, bool OrganisationalHandling);

/// <summary>
/// The accountability forms (shared/domain.md §6.1): kind names as the Clues outcomes use them
/// (AccountabilityFormInfo), their track and four-forms number (§4), which targets they apply to,
/// and whether they are organisational handling (组织处理). Forms and impact periods can be changed
/// from configuration (Tolerance:FourForms, Tolerance:ImpactMonths).
/// </summary>
public sealed class FormTable
{
    public static readonly IReadOnlyList<FormEntry> Defaults =
    [
        new("org_inspection", "检查", "education", 1, ForCadres: false, ForOrganisations: true, OrganisationalHandling: false),
        new("circulated_criticism", "通报", "education", 1, ForCadres: true, ForOrganisations: true, OrganisationalHandling: false),
        new("reorganisation", "改组", "organisational", 2, ForCadres: false, ForOrganisations: true, OrganisationalHandling: false),
        new("admonishment", "诫勉", "organisational", 1, ForCadres: true, ForOrganisations: false, OrganisationalHandling: false),
        new("org_suspension", "停职检查", "organisational", 2, ForCadres: true, ForOrganisations: false, OrganisationalHandling: true),
        new("org_post_adjustment", "调整职务", "organisational", 2, ForCadres: true, ForOrganisations: false, OrganisationalHandling: true),
        new("org_ordered_resignation", "责令辞职", "organisational", 2, ForCadres: true, ForOrganisations: false, OrganisationalHandling: true),
        new("org_removal", "免职", "organisational", 2, ForCadres: true, ForOrganisations: false, OrganisationalHandling: true),
        new("org_demotion", "降职", "organisational", 3, ForCadres: true, ForOrganisations: false, OrganisationalHandling: true),
        new("party_warning", "警告", "party", 2, ForCadres: true, ForOrganisations: false, OrganisationalHandling: false),
        new("party_serious_warning", "严重警告", "party", 2, ForCadres: true, ForOrganisations: false, OrganisationalHandling: false),
        new("party_post_removal", "撤销党内职务", "party", 3, ForCadres: true, ForOrganisations: false, OrganisationalHandling: false),
        new("party_probation", "留党察看", "party", 3, ForCadres: true, ForOrganisations: false, OrganisationalHandling: false),
        new("party_expulsion", "开除党籍", "party", 3, ForCadres: true, ForOrganisations: false, OrganisationalHandling: false),
    ];

    private readonly Dictionary<string, FormEntry> _entries;
    private readonly Dictionary<string, int> _impactMonths;

    public FormTable(ToleranceOptions options)
    {
        _entries = Defaults.ToDictionary(e => e.Kind, StringComparer.Ordinal);
        foreach (var (kind, form) in options.FourForms)
        {
            _entries[kind] = _entries[kind] with { Form = form };
        }

        _impactMonths = new Dictionary<string, int>(options.ImpactMonths, StringComparer.Ordinal);
    }

    public FormEntry? Find(string kind) => _entries.GetValueOrDefault(kind);

    /// <summary>Months of the impact period (影响期) the form carries; 0: none.</summary>
    public int ImpactMonths(string kind) => _impactMonths.GetValueOrDefault(kind);

    /// <summary>A kind of the shared vocabulary (<see cref="AccountabilityFormKinds"/>), which the default table describes entry for entry.</summary>
    public static bool IsKnown(string kind) => AccountabilityFormKinds.IsKnown(kind);
}
