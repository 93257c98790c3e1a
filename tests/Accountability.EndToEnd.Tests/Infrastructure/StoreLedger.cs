using Microsoft.Data.Sqlite;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What every service's SQLite file says about delivery: its outbox (relayed or not) and its inbox
/// (which message ids each consumer handled), to check nothing was lost or applied twice.
/// </summary>
internal static class StoreLedger
{
    /// <summary>The store file of a service: petitions.db, clues.db, …</summary>
    public static string File(ServiceUnderTest service) => service.Service.Replace("Accountability.", "", StringComparison.Ordinal).ToLowerInvariant() + ".db";

    /// <summary>Outbox messages not yet relayed to the broker (parked ones included).</summary>
    public static int Unrelayed(ServiceUnderTest service) =>
        Observe.Outbox(service.DataDirectory, File(service)).Count(m => !m.Dispatched || m.Parked);

    /// <summary>The message ids the service's consumers handled, one per inbox row.</summary>
    public static List<Guid> Handled(ServiceUnderTest service)
    {
        if (!HasTable(service, "inbox"))
        {
            return [];
        }

        var ids = new List<Guid>();
        using var connection = Open(service);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM inbox";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetString(0);
            ids.Add(Guid.ParseExact(id[(id.LastIndexOf(':') + 1)..], "N"));
        }

        return ids;
    }

    public static long Count(ServiceUnderTest service, string table, string where = "1=1") =>
        HasTable(service, table) ? Observe.Count(service.DataDirectory, File(service), $"SELECT COUNT(*) FROM \"{table}\" WHERE {where}") : 0;

    private static bool HasTable(ServiceUnderTest service, string table) =>
        Observe.Count(service.DataDirectory, File(service), $"SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") == 1;

    private static SqliteConnection Open(ServiceUnderTest service)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(service.DataDirectory, File(service))};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
