using Accountability.Contracts.Clues;
using Accountability.Contracts.Petitions;
using Accountability.Contracts.Talks;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;
using Microsoft.Extensions.Options;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Counts the period figures of shared/domain.md §13 from the dossier entries of the current
/// build and the service's own checks. Counting rules (the same as the Clues service's statistics):
/// a person-time (人次) is one subject in one case and one form (严重警告 plus 记过 in one case is
/// one form-2 person-time; the same cadre in two cases is two); "second plus third form" counts each
/// subject and case once; a case category counts each subject and case once; 局级 and 处级 cadres
/// are distinct cadres of those ranks in the directory given a Party or government sanction in the
/// case year; petitions, clues, talks and decisions count in the period by when they happened.
/// </summary>
public sealed class FiguresCalculator(IDocumentStore store, DossierReader reader, CadreDirectory directory, PersonalMattersWorkflow personalMatters, CaseFilesOptions options, IOptions<DeadlineOptions> deadlineOptions)
{
    public async Task<PeriodFigures> ComputeAsync(DateOnly from, DateOnly to, int caseYear, int complianceFrom, int complianceTo, CancellationToken ct)
    {
        var generation = (await reader.StateAsync(ct)).Generation;
        var petitions = await EntriesAsync(generation, EntryKind.Petition, from, to, ct);
        var clues = (await EntriesAsync(generation, EntryKind.ClueRegistered, from, to, ct)).Select(DossierAnalyzer.Read<ClueRegistered>)
            .Where(c => (c.Source ?? "petition") == "petition").ToList();
        var countyTownship = clues.Count(c => (c.Subjects ?? []).Any(s => s.Level is "county" or "township"));

        var outcomes = (await EntriesAsync(generation, EntryKind.Outcome, from, to, ct)).Select(e => (Key: e.CadreKeys[0], Outcome: DossierAnalyzer.Read<OutcomeDecided>(e))).ToList();
        var forms = Enumerable.Range(1, 4).ToDictionary(f => f, f => outcomes.Where(o => o.Outcome.Form == f).Select(o => (o.Key, o.Outcome.ClueId)).Distinct().Count());
        var secondThird = outcomes.Where(o => o.Outcome.Form is 2 or 3).Select(o => (o.Key, o.Outcome.ClueId)).Distinct().Count();
        var categories = outcomes.Where(o => o.Outcome.CaseCategory is not null)
            .GroupBy(o => o.Outcome.CaseCategory!)
            .ToDictionary(g => g.Key, g => g.Select(o => (o.Key, o.Outcome.ClueId)).Distinct().Count());

        var caseFrom = new DateOnly(caseYear, 1, 1);
        var caseTo = new DateOnly(caseYear, 12, 31);
        var concluded = (await EntriesAsync(generation, EntryKind.ClueConcluded, caseFrom, caseTo, ct)).Select(DossierAnalyzer.Read<ClueConcluded>).Count(c => c.Result == "case_concluded");
        var sanctioned = (await EntriesAsync(generation, EntryKind.Outcome, caseFrom, caseTo, ct))
            .Where(e => DossierAnalyzer.Read<OutcomeDecided>(e).Track is "party" or "government")
            .Select(e => e.CadreKeys[0]).Where(k => !Mentions.IsUnmatched(k)).Distinct().ToList();
        var ranks = await directory.GetManyAsync(sanctioned, ct);

        var talks = (await EntriesAsync(generation, EntryKind.Talk, from, to, ct)).Select(DossierAnalyzer.Read<TalkHeld>)
            .GroupBy(t => t.Kind)
            .ToDictionary(g => g.Key, g => (g.Count(), g.Sum(t => t.PresentCadreIds.Count)));
        var decisions = (await EntriesAsync(generation, EntryKind.AccountabilityDecided, from, to, ct)).Select(DossierAnalyzer.Read<AccountabilityDecided>).ToList();
        var superseded = decisions.Select(d => d.SupersedesDecisionId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var standing = decisions.Where(d => !superseded.Contains(d.DecisionId)).ToList();
        var tolerance = (await EntriesAsync(generation, EntryKind.ToleranceDecided, from, to, ct)).Select(DossierAnalyzer.Read<ToleranceDecided>)
            .GroupBy(t => t.Outcome).ToDictionary(g => g.Key, g => g.Count());

        var checks = await personalMatters.ChecksOfYearsAsync(complianceFrom, complianceTo, ct);
        var compliance = Enumerable.Range(complianceFrom, complianceTo - complianceFrom + 1).Select(year =>
        {
            var ofYear = checks.Where(c => c.Year == year).ToList();
            var handled = ofYear.SelectMany(c => c.Handling).ToList();
            var consistent = ofYear.Count(c => c.Result == PersonalMattersResult.Consistent);
            return new YearCompliance(
                year, ofYear.Count, consistent, ofYear.Count == 0 ? 0 : Math.Round(consistent * 100.0 / ofYear.Count, 1, MidpointRounding.AwayFromZero),
                ofYear.Count(c => c.Result == PersonalMattersResult.Omission), ofYear.Count(c => c.Result == PersonalMattersResult.Concealment),
                handled.Count(h => h.Kind == PersonalMattersHandlingKind.PostponePromotion), handled.Count(h => h.Kind == PersonalMattersHandlingKind.CancelPromotion),
                handled.Count(h => h.Kind == PersonalMattersHandlingKind.Admonishment), handled.Count(h => h.Kind == PersonalMattersHandlingKind.PartySanction),
                handled.Count(h => h.Kind == PersonalMattersHandlingKind.Referral));
        }).ToList();

        var relatives = await personalMatters.RelativesOfYearsAsync(from.Year, to.Year, ct);
        return new PeriodFigures
        {
            From = from,
            To = to,
            PetitionsReceived = petitions.Count,
            CluesFromPetitions = clues.Count,
            CluesCountyTownship = countyTownship,
            CluesCountyTownshipPercent = clues.Count == 0 ? 0 : Math.Round(countyTownship * 100.0 / clues.Count, 1, MidpointRounding.AwayFromZero),
            Forms = forms,
            FirstForm = forms[1],
            SecondThirdForm = secondThird,
            CaseCategories = categories,
            PartyDiscipline = categories.GetValueOrDefault(options.PartyDisciplineCategory),
            DrunkDriving = categories.GetValueOrDefault(options.DrunkDrivingCategory),
            CaseYear = caseYear,
            CasesConcluded = concluded,
            BureauLevelSanctioned = ranks.Values.Count(c => c.Rank is Rank.BureauPrincipal or Rank.BureauDeputy),
            DivisionLevelSanctioned = ranks.Values.Count(c => c.Rank is Rank.DivisionPrincipal or Rank.DivisionDeputy),
            Talks = talks,
            AccountabilityDecisions = standing.Count,
            AccountabilityExempted = standing.Count(d => d.Exempted),
            ToleranceDecisions = tolerance,
            Compliance = compliance,
            RelativesSelfChecked = relatives.Count(r => r.SelfChecked),
            RelativesWithBusiness = relatives.Count(r => r.Businesses.Any(b => b.Relation is Relation.Spouse or Relation.Child)),
            RelativesRiskPoints = relatives.Sum(r => r.RiskPoints),
        };
    }

    private async Task<List<DossierEntry>> EntriesAsync(long generation, EntryKind kind, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var offset = TimeSpan.FromHours(deadlineOptions.Value.UtcOffsetHours);
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), offset);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), offset);
        var entries = new List<DossierEntry>();
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(
                DossierEntry.Collection,
                new Query(Filter.And(Filter.Eq("generation", generation), Filter.Eq("kind", kind), Filter.Gte("occurredAt", start), Filter.Lt("occurredAt", end)), "occurredAt", false, 500, after),
                ct);
            entries.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return entries;
    }
}
