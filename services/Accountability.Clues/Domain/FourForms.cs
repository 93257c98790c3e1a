namespace Accountability.Clues.Domain;

/// <summary>
/// The "four forms" (四种形态) and track of each outcome kind (shared/domain.md §4, §0): a policy
/// table with defaults, each entry overridable from configuration (Clues:FourForms, Clues:Tracks).
/// </summary>
public sealed class FourForms
{
    /// <summary>The defaults of §4: first-form education measures and 免予处分 are form 1; light
    /// discipline and organisational adjustment form 2; heavy discipline and demotion form 3;
    /// referral for prosecution form 4.</summary>
    public static readonly IReadOnlyDictionary<OutcomeKind, (OutcomeTrack Track, int Form)> Defaults = new Dictionary<OutcomeKind, (OutcomeTrack, int)>
    {
        [OutcomeKind.TalkReminder] = (OutcomeTrack.Education, 1),
        [OutcomeKind.CriticalEducation] = (OutcomeTrack.Education, 1),
        [OutcomeKind.OrderedSelfExamination] = (OutcomeTrack.Education, 1),
        [OutcomeKind.Admonishment] = (OutcomeTrack.Organisational, 1),
        [OutcomeKind.Exemption] = (OutcomeTrack.Education, 1),
        [OutcomeKind.PartyWarning] = (OutcomeTrack.Party, 2),
        [OutcomeKind.PartySeriousWarning] = (OutcomeTrack.Party, 2),
        [OutcomeKind.GovWarning] = (OutcomeTrack.Government, 2),
        [OutcomeKind.GovDemerit] = (OutcomeTrack.Government, 2),
        [OutcomeKind.GovMajorDemerit] = (OutcomeTrack.Government, 2),
        [OutcomeKind.OrgSuspension] = (OutcomeTrack.Organisational, 2),
        [OutcomeKind.OrgPostAdjustment] = (OutcomeTrack.Organisational, 2),
        [OutcomeKind.OrgOrderedResignation] = (OutcomeTrack.Organisational, 2),
        [OutcomeKind.OrgRemoval] = (OutcomeTrack.Organisational, 2),
        [OutcomeKind.PartyPostRemoval] = (OutcomeTrack.Party, 3),
        [OutcomeKind.PartyProbation] = (OutcomeTrack.Party, 3),
        [OutcomeKind.PartyExpulsion] = (OutcomeTrack.Party, 3),
        [OutcomeKind.GovDemotion] = (OutcomeTrack.Government, 3),
        [OutcomeKind.GovDismissal] = (OutcomeTrack.Government, 3),
        [OutcomeKind.GovExpulsion] = (OutcomeTrack.Government, 3),
        [OutcomeKind.OrgDemotion] = (OutcomeTrack.Organisational, 3),
        [OutcomeKind.ProsecutionReferral] = (OutcomeTrack.Criminal, 4),
    };

    /// <summary>The measures an inquiry report may propose (监督执纪规则 Art.30(b), shared/domain.md §3.3).</summary>
    public static readonly IReadOnlySet<OutcomeKind> InquiryMeasures = new HashSet<OutcomeKind>
    {
        OutcomeKind.TalkReminder, OutcomeKind.CriticalEducation, OutcomeKind.OrderedSelfExamination, OutcomeKind.Admonishment,
    };

    /// <summary>First-form measures carried out as a talk, requested from the Talks service.</summary>
    public static readonly IReadOnlySet<OutcomeKind> TalkMeasures = new HashSet<OutcomeKind> { OutcomeKind.TalkReminder, OutcomeKind.Admonishment };

    private readonly Dictionary<OutcomeKind, (OutcomeTrack Track, int Form)> _table;

    public FourForms(CluesOptions options)
    {
        var problems = Problems(options).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        _table = Defaults.ToDictionary();
        foreach (var (key, form) in options.FourForms)
        {
            var kind = KindOf(key)!.Value;
            _table[kind] = (_table[kind].Track, form);
        }

        foreach (var (key, track) in options.Tracks)
        {
            var kind = KindOf(key)!.Value;
            _table[kind] = (TrackOf(track)!.Value, _table[kind].Form);
        }
    }

    public (OutcomeTrack Track, int Form) For(OutcomeKind kind) => _table[kind];

    public static IEnumerable<string> Problems(CluesOptions options)
    {
        foreach (var (key, form) in options.FourForms)
        {
            if (KindOf(key) is null)
            {
                yield return $"Clues:FourForms:{key} is not an outcome kind (e.g. party_warning, gov_demerit).";
            }
            else if (form is < 1 or > 4)
            {
                yield return $"Clues:FourForms:{key} must be a form from 1 to 4 (is {form}).";
            }
        }

        foreach (var (key, track) in options.Tracks)
        {
            if (KindOf(key) is null)
            {
                yield return $"Clues:Tracks:{key} is not an outcome kind.";
            }
            else if (TrackOf(track) is null)
            {
                yield return $"Clues:Tracks:{key} must be party, government, organisational, education or criminal (is '{track}').";
            }
        }
    }

    public static OutcomeKind? KindOf(string snake) =>
        Enum.GetValues<OutcomeKind>().Where(k => k != OutcomeKind.Unspecified).Cast<OutcomeKind?>()
            .FirstOrDefault(k => Names.Snake(k!.Value) == snake);

    private static OutcomeTrack? TrackOf(string snake) =>
        Enum.GetValues<OutcomeTrack>().Where(t => t != OutcomeTrack.Unspecified).Cast<OutcomeTrack?>()
            .FirstOrDefault(t => Names.Snake(t!.Value) == snake);
}
