using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Storage;

namespace Accountability.Petitions.Domain;

public sealed record PetitionListFilter(
    IReadOnlyList<PetitionStatus> Statuses,
    Level AccusedLevel,
    Channel Channel,
    Discipline Discipline,
    DateTimeOffset? ReceivedFrom,
    DateTimeOffset? ReceivedTo,
    bool OverdueOnly,
    int DueWithinWorkingDays = 0);

public sealed record PetitionStatistics(long Received, long Accepted, long Repeats, long Routed, long CluesProposed, IReadOnlyDictionary<Level, long> ByLevel);

/// <summary>Lists and period figures, every one answered from an index.</summary>
public sealed class PetitionQueries(IDocumentStore store, DeadlineClock deadlines, WorkingCalendar calendar)
{
    public Task<Page<Petition>> ListAsync(PetitionListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        var where = Filter.And(
            filter.Statuses.Count > 0 ? Filter.In("status", filter.Statuses) : null,
            filter.AccusedLevel != Level.Unspecified ? Filter.Eq("primaryLevel", filter.AccusedLevel) : null,
            filter.Channel != Channel.Unspecified ? Filter.Eq("channel", filter.Channel) : null,
            filter.Discipline != Discipline.Unspecified ? Filter.Eq("disciplines", filter.Discipline) : null,
            filter.ReceivedFrom is { } from ? Filter.Gte("receivedAt", from) : null,
            filter.ReceivedTo is { } to ? Filter.Lt("receivedAt", to) : null,
            filter.OverdueOnly ? Filter.Lt("nextDueDate", DeadlineClock.Format(deadlines.Today())) : null,
            filter.DueWithinWorkingDays > 0 ? Filter.Lte("nextDueDate", DeadlineClock.Format(calendar.AddWorkingDays(deadlines.Today(), filter.DueWithinWorkingDays))) : null);
        return store.QueryAsync(Petition.Collection, new Query(where, "receivedAt", true, limit, after), ct);
    }

    /// <summary>Figures for petitions received in [from, to), as an annual discipline report quotes them.</summary>
    public async Task<PetitionStatistics> StatisticsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var period = Filter.And(Filter.Gte("receivedAt", from), Filter.Lt("receivedAt", to));
        var received = await store.CountAsync(Petition.Collection, period, ct);
        var accepted = await store.CountAsync(Petition.Collection, Filter.And(period, Filter.Gte("acceptedAt", DateTimeOffset.UnixEpoch)), ct);
        var repeats = await store.CountAsync(Petition.Collection, Filter.And(period, Filter.Gte("repeatOf", "")), ct);
        var routed = await store.CountAsync(Petition.Collection, Filter.And(period, Filter.Gte("routedAt", DateTimeOffset.UnixEpoch)), ct);
        var byLevel = new Dictionary<Level, long>();
        foreach (var level in Enum.GetValues<Level>().Where(l => l != Level.Unspecified))
        {
            byLevel[level] = await store.CountAsync(Petition.Collection, Filter.And(period, Filter.Eq("primaryLevel", level)), ct);
        }

        long clues = 0;
        Cursor? after = null;
        var triaged = Filter.And(period, Filter.Gte("acceptedAt", DateTimeOffset.UnixEpoch));
        do
        {
            var page = await store.QueryAsync(Petition.Collection, new Query(triaged, "receivedAt", false, 500, after), ct);
            clues += page.Items.Sum(p => p.ProposedClueCount);
            after = page.Next;
        }
        while (after is not null);

        return new PetitionStatistics(received, accepted, repeats, routed, clues, byLevel);
    }
}
