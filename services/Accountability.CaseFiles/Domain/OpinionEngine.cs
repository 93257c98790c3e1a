using System.Globalization;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// The decision rules of an integrity opinion (shared/domain.md §7) applied to a dossier: every
/// finding becomes a reason by its rule in <see cref="CaseFilesOptions.OpinionRules"/>; the answer
/// is the most severe answer among them (NOT_SUITABLE over DEFER_UNTIL_RESOLVED over
/// NO_ISSUE_FOUND), and a finding whose rule answers NO_ISSUE_FOUND is a note.
/// </summary>
public static class OpinionEngine
{
    public static (OpinionAnswer Answer, IReadOnlyList<OpinionReason> Reasons) Decide(DossierView dossier, CaseFilesOptions options)
    {
        var reasons = dossier.Findings
            .Select(f =>
            {
                var rule = options.OpinionRules[f.Rule];
                var answer = Parse(rule.Answer);
                return new OpinionReason
                {
                    Rule = f.Rule,
                    Answer = answer,
                    Text = string.Format(CultureInfo.InvariantCulture, rule.Text, f.Detail),
                    Records = f.Records.ToList(),
                    Note = answer == OpinionAnswer.NoIssueFound,
                };
            })
            .OrderByDescending(r => r.Answer)
            .ThenBy(r => r.Rule, StringComparer.Ordinal)
            .ToList();
        var decided = reasons.Where(r => !r.Note).Select(r => r.Answer).DefaultIfEmpty(OpinionAnswer.NoIssueFound).Max();
        return (decided, reasons);
    }

    public static OpinionAnswer Parse(string answer) => answer switch
    {
        "no_issue_found" => OpinionAnswer.NoIssueFound,
        "defer_until_resolved" => OpinionAnswer.DeferUntilResolved,
        "not_suitable" => OpinionAnswer.NotSuitable,
        _ => throw new InvalidOperationException($"'{answer}' is not an opinion answer."),
    };
}
