using Accountability.Testing;
using Microsoft.Data.Sqlite;

namespace Accountability.Reliability.Tests.Infrastructure;

/// <summary>
/// The row count of every table of every store's SQLite file (documents, their index side tables,
/// the outbox, the inbox and the audit chain), read straight from the files the services write.
/// </summary>
public sealed record StoreSnapshot(IReadOnlyDictionary<string, long> Rows, long PendingOutbox)
{
    public static async Task<StoreSnapshot> TakeAsync(SuiteHost suite, IEnumerable<string> stores)
    {
        var rows = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long pending = 0;
        foreach (var store in stores)
        {
            var path = SuiteRpcs.DatabasePath(suite, store);
            if (!File.Exists(path))
            {
                continue;
            }

            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true, DefaultTimeout = 30 }.ToString());
            await connection.OpenAsync();
            var tables = new List<string>();
            await using (var list = connection.CreateCommand())
            {
                list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";
                await using var reader = await list.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    tables.Add(reader.GetString(0));
                }
            }

            foreach (var table in tables)
            {
                await using var count = connection.CreateCommand();
                count.CommandText = $"SELECT COUNT(*) FROM \"{table}\"";
                rows[store + "." + table] = (long)(await count.ExecuteScalarAsync())!;
            }

            if (tables.Contains("outbox"))
            {
                await using var waiting = connection.CreateCommand();
                waiting.CommandText = "SELECT COUNT(*) FROM outbox WHERE f_dispatched = 0 AND (f_parked IS NULL OR f_parked = 0)";
                pending += (long)(await waiting.ExecuteScalarAsync())!;
            }
        }

        return new StoreSnapshot(rows, pending);
    }

    /// <summary>The tables whose row count differs, as "table: before → after".</summary>
    public IReadOnlyList<string> Differences(StoreSnapshot after) =>
        Rows.Keys.Union(after.Rows.Keys)
            .Where(k => Rows.GetValueOrDefault(k) != after.Rows.GetValueOrDefault(k))
            .Select(k => $"{k}: {Rows.GetValueOrDefault(k)} → {after.Rows.GetValueOrDefault(k)}")
            .ToList();

    /// <summary>
    /// The differences a request handler could have made: a store whose inbox grew in between is
    /// left out, because only a consumer handling an event writes an inbox entry (in the same batch
    /// as its changes), never a request. Those stores are returned in <paramref name="consumed"/>.
    /// </summary>
    public IReadOnlyList<string> DifferencesNotFromConsumers(StoreSnapshot after, out IReadOnlyList<string> consumed)
    {
        var busy = Rows.Keys.Union(after.Rows.Keys)
            .Where(k => k.EndsWith(".inbox", StringComparison.Ordinal) && Rows.GetValueOrDefault(k) != after.Rows.GetValueOrDefault(k))
            .Select(k => k[..^".inbox".Length])
            .ToList();
        consumed = busy;
        return Differences(after).Where(d => !busy.Any(store => d.StartsWith(store + ".", StringComparison.Ordinal))).ToList();
    }

    /// <summary>
    /// Waits (bounded) until the outbox relay has handed every pending event to the bus and the
    /// consumers have stopped writing: two successive snapshots equal and nothing pending.
    /// </summary>
    public static async Task<StoreSnapshot> SettledAsync(SuiteHost suite, IEnumerable<string> stores, TimeSpan limit)
    {
        var names = stores.ToList();
        var until = DateTime.UtcNow + limit;
        var last = await TakeAsync(suite, names);
        while (true)
        {
            await Task.Delay(40);
            var next = await TakeAsync(suite, names);
            if ((next.PendingOutbox == 0 && last.Differences(next).Count == 0) || DateTime.UtcNow > until)
            {
                return next;
            }

            last = next;
        }
    }
}
