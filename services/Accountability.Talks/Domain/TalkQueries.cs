using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.Talks.Domain;

public sealed record TalkListFilter(
    TalkKind Kind,
    TalkStatus Status,
    string? CadreId,
    string? Talker,
    DateTimeOffset? StartFrom,
    DateTimeOffset? StartTo,
    bool OverdueOnly,
    int DueWithinWorkingDays = 0,
    string? ClueId = null);

/// <summary>Talks held and person-times (人次: participants present) of one kind.</summary>
public sealed record KindFigures(TalkKind Kind, long TalksHeld, long PersonTimes);

/// <summary>Lists, a talker's agenda and period figures, every one answered from an index.</summary>
public sealed class TalkQueries(IDocumentStore store, DeadlineClock deadlines, WorkingCalendar calendar, TimeProvider clock)
{
    private const int ScanPage = 200;

    /// <summary>
    /// Newest requests first; with a date range, by start time. "Overdue" means real work is late
    /// (an unscheduled request past its schedule-by day, a follow-up past its due day), not a reminder.
    /// </summary>
    public Task<Page<Talk>> ListAsync(Caller caller, TalkListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        if (!DepartmentOf(caller, out var department))
        {
            return Task.FromResult(new Page<Talk>([], null));
        }

        var byStart = filter.StartFrom is not null || filter.StartTo is not null;
        var where = Filter.And(
            department is not null ? Filter.Eq("department", department) : null,
            filter.Kind != TalkKind.Unspecified ? Filter.Eq("kind", filter.Kind) : null,
            filter.Status != TalkStatus.Unspecified ? Filter.Eq("status", filter.Status) : null,
            filter.CadreId is not null ? Filter.Eq("participantCadreIds", filter.CadreId) : null,
            filter.Talker is not null ? Filter.Eq("talkers", filter.Talker) : null,
            filter.StartFrom is { } from ? Filter.Gte("start", from) : null,
            filter.StartTo is { } to ? Filter.Lt("start", to) : null,
            filter.OverdueOnly ? Filter.Lt("nextObligationDate", DeadlineClock.Format(deadlines.Today())) : null,
            filter.DueWithinWorkingDays > 0 ? Filter.Lte("nextObligationDate", DeadlineClock.Format(calendar.AddWorkingDays(deadlines.Today(), filter.DueWithinWorkingDays))) : null,
            filter.ClueId is not null ? Filter.Eq("clueId", filter.ClueId) : null);
        return store.QueryAsync(Talk.Collection, new Query(where, byStart ? "start" : "requestedAt", !byStart, limit, after), ct);
    }

    /// <summary>The talker's scheduled talks through <paramref name="workingDays"/> working days from today, grouped by local day.</summary>
    public Task<IReadOnlyList<(DateOnly Day, IReadOnlyList<Talk> Talks)>> AgendaByWorkingDaysAsync(Caller caller, string talker, int workingDays, CancellationToken ct)
    {
        var today = deadlines.Today();
        return AgendaAsync(caller, talker, calendar.AddWorkingDays(today, workingDays).DayNumber - today.DayNumber + 1, ct);
    }

    /// <summary>The talker's scheduled talks from today for <paramref name="days"/> days, grouped by local day.</summary>
    public async Task<IReadOnlyList<(DateOnly Day, IReadOnlyList<Talk> Talks)>> AgendaAsync(Caller caller, string talker, int days, CancellationToken ct)
    {
        if (!DepartmentOf(caller, out var department))
        {
            return [];
        }

        var now = clock.GetUtcNow();
        var today = deadlines.Today();
        var talks = new List<Talk>();
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(
                Talk.Collection,
                new Query(Filter.And(Filter.Eq("talkers", talker), department is not null ? Filter.Eq("department", department) : null, Filter.Eq("status", TalkStatus.Scheduled), Filter.Gte("start", now)), "start", false, ScanPage, after),
                ct);
            talks.AddRange(page.Items.Where(t => deadlines.LocalDate(t.Start!.Value) < today.AddDays(days)));
            after = page.Items.Count > 0 && deadlines.LocalDate(page.Items[^1].Start!.Value) < today.AddDays(days) ? page.Next : null;
        }
        while (after is not null);

        return talks.GroupBy(t => deadlines.LocalDate(t.Start!.Value))
            .OrderBy(g => g.Key)
            .Select(g => (g.Key, (IReadOnlyList<Talk>)g.ToList()))
            .ToList();
    }

    /// <summary>
    /// The department a caller's lists are limited to: a handler's own (false when their token
    /// names none: they see no talk), null (every talk) for everyone else.
    /// </summary>
    private static bool DepartmentOf(Caller caller, out string? department)
    {
        department = null;
        if (caller.Role != Roles.Handler)
        {
            return true;
        }

        department = caller.Department;
        return department is { Length: > 0 };
    }

    /// <summary>Talks held in [from, to), by kind.</summary>
    public async Task<IReadOnlyList<KindFigures>> StatisticsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var figures = Enum.GetValues<TalkKind>().Where(k => k != TalkKind.Unspecified).ToDictionary(k => k, _ => (Talks: 0L, People: 0L));
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(Talk.Collection, new Query(Filter.And(Filter.Gte("heldAt", from), Filter.Lt("heldAt", to)), "heldAt", false, ScanPage, after), ct);
            foreach (var talk in page.Items)
            {
                var (held, people) = figures[talk.Kind];
                figures[talk.Kind] = (held + 1, people + talk.Participants.Count(p => p.Present == true));
            }

            after = page.Next;
        }
        while (after is not null);

        return figures.Select(kv => new KindFigures(kv.Key, kv.Value.Talks, kv.Value.People)).ToList();
    }
}
