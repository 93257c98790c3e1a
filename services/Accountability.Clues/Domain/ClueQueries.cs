using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.Clues.Domain;

public sealed record ClueListFilter(
    IReadOnlyList<ClueStatus> Statuses,
    ClueSource Source,
    string? Department,
    string? CadreId,
    bool OverdueOnly,
    int DueWithinWorkingDays);

/// <summary>
/// Period figures. Four-forms person-times (人次) count outcomes, not inquiry methods
/// (shared/domain.md §4): one person-time per subject, case (clue) and form among the outcomes
/// decided in the period. The same cadre dealt with in two cases counts twice; within one case a
/// subject counts once per form (严重警告 with 记过 is one form-2 person-time).
/// <see cref="Form2And3"/> counts each subject and case with any form-2 or form-3 outcome once,
/// so it can be less than form 2 plus form 3. Case categories count person-times the same way.
/// </summary>
public sealed record ClueStatistics(
    long Registered,
    IReadOnlyDictionary<ClueSource, long> BySource,
    IReadOnlyDictionary<DisposalMethod, long> ByDisposal,
    IReadOnlyDictionary<OutcomeKind, long> ByOutcome,
    IReadOnlyDictionary<int, long> ByForm,
    long Form2And3,
    IReadOnlyDictionary<string, long> ByCaseCategory,
    long Concluded);

/// <summary>The ledger and its period figures, every one answered from an index.</summary>
public sealed class ClueQueries(IDocumentStore store, DeadlineClock deadlines, WorkingCalendar calendar)
{
    private const int ScanPage = 500;

    /// <summary>Person-times (人次) of the outcomes: one per subject and case.</summary>
    private static long PersonTimes(IEnumerable<Outcome> outcomes) => outcomes.Select(o => (o.ClueId, o.SubjectKey)).Distinct().Count();

    public Task<Page<Clue>> ListAsync(Caller caller, ClueListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        var department = filter.Department;
        if (caller.Role == Roles.Handler)
        {
            // A handler's ledger is their department's (object-level access).
            if (caller.Department is not { Length: > 0 } own || (department is not null && department != own))
            {
                return Task.FromResult(new Page<Clue>([], null));
            }

            department = own;
        }

        var today = deadlines.Today();
        var where = Filter.And(
            filter.Statuses.Count > 0 ? Filter.In("status", filter.Statuses) : null,
            filter.Source != ClueSource.Unspecified ? Filter.Eq("source", filter.Source) : null,
            department is not null ? Filter.Eq("department", department) : null,
            filter.CadreId is not null ? Filter.Eq("subjectCadreIds", filter.CadreId) : null,
            filter.OverdueOnly ? Filter.Lt("nextDueDate", DeadlineClock.Format(today)) : null,
            filter.DueWithinWorkingDays > 0 ? Filter.Lte("nextDueDate", DeadlineClock.Format(calendar.AddWorkingDays(today, filter.DueWithinWorkingDays))) : null);
        return store.QueryAsync(Clue.Collection, new Query(where, "registeredAt", true, limit, after), ct);
    }

    /// <summary>Figures for [from, to): clues registered, disposals decided, outcomes decided and clues concluded in it.</summary>
    public async Task<ClueStatistics> StatisticsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var registered = Filter.And(Filter.Gte("registeredAt", from), Filter.Lt("registeredAt", to));
        var bySource = new Dictionary<ClueSource, long>();
        foreach (var source in Enum.GetValues<ClueSource>().Where(s => s != ClueSource.Unspecified))
        {
            bySource[source] = await store.CountAsync(Clue.Collection, Filter.And(registered, Filter.Eq("source", source)), ct);
        }

        var byDisposal = new Dictionary<DisposalMethod, long>();
        foreach (var method in Enum.GetValues<DisposalMethod>().Where(m => m != DisposalMethod.Unspecified))
        {
            byDisposal[method] = await store.CountAsync(
                Clue.Collection,
                Filter.And(Filter.Eq("disposal", method), Filter.Gte("disposedAt", from), Filter.Lt("disposedAt", to)),
                ct);
        }

        var concluded = await store.CountAsync(Clue.Collection, Filter.And(Filter.Gte("concludedAt", from), Filter.Lt("concludedAt", to)), ct);

        // Outcomes carry their decision day; the period is taken in the organ's local days.
        var first = DeadlineClock.Format(deadlines.LocalDate(from));
        var end = DeadlineClock.Format(deadlines.LocalDate(to));
        var outcomes = new List<Outcome>();
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(
                Outcome.Collection,
                new Query(Filter.And(Filter.Gte("decidedOn", first), Filter.Lt("decidedOn", end)), "decidedOn", false, ScanPage, after),
                ct);
            outcomes.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        var byOutcome = outcomes.GroupBy(o => o.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
        var byForm = Enumerable.Range(1, 4).ToDictionary(form => form, form => PersonTimes(outcomes.Where(o => o.Form == form)));
        var form2And3 = PersonTimes(outcomes.Where(o => o.Form is 2 or 3));
        var byCategory = outcomes.Where(o => !string.IsNullOrEmpty(o.CaseCategory))
            .GroupBy(o => o.CaseCategory!)
            .ToDictionary(g => g.Key, g => PersonTimes(g));
        var total = await store.CountAsync(Clue.Collection, registered, ct);
        return new ClueStatistics(total, bySource, byDisposal, byOutcome, byForm, form2And3, byCategory, concluded);
    }
}
