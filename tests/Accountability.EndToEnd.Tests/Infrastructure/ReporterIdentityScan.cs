using System.Text;
using Accountability.Testing;
using Microsoft.Data.Sqlite;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Searches a whole run for a reporter's identity: every file under each service's data folder
/// (the SQLite database, its WAL and shared-memory files) byte by byte, every row of every table of
/// every database column by column (a value split over SQLite overflow pages is whole there), every
/// outbox payload, each service's full output over all its restarts, and the broker's own folder
/// (its message store and log).
/// </summary>
internal static class ReporterIdentityScan
{
    /// <summary>Every place a secret was found, as "where: which secret"; empty when clean.</summary>
    public static List<string> Find(IEnumerable<ServiceUnderTest> services, RabbitMqNode? node, IReadOnlyCollection<string> secrets, out long placesSearched)
    {
        var findings = new List<string>();
        long searched = 0;
        var needles = secrets.Select(s => (Secret: s, Bytes: Encoding.UTF8.GetBytes(s), Utf16: Encoding.Unicode.GetBytes(s))).ToList();

        void SearchBytes(string where, byte[] haystack)
        {
            searched++;
            foreach (var (secret, bytes, utf16) in needles)
            {
                if (haystack.AsSpan().IndexOf(bytes) >= 0 || haystack.AsSpan().IndexOf(utf16) >= 0)
                {
                    findings.Add($"{where}: {secret}");
                }
            }
        }

        void SearchFolder(string label, string folder)
        {
            if (!Directory.Exists(folder))
            {
                return;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                byte[] bytes;
                try
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                    using var copy = new MemoryStream();
                    stream.CopyTo(copy);
                    bytes = copy.ToArray();
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // A socket, a pipe or a file gone meanwhile.
                }

                SearchBytes($"{label} file {Path.GetRelativePath(folder, file)}", bytes);
            }
        }

        foreach (var service in services)
        {
            SearchFolder(service.Service, service.DataDirectory);
            foreach (var database in Directory.EnumerateFiles(service.DataDirectory, "*.db"))
            {
                foreach (var (where, value) in Rows(database))
                {
                    SearchBytes($"{service.Service} {Path.GetFileName(database)} {where}", value);
                }
            }

            foreach (var message in ExactlyOnce.Outbox(service, Path.GetFileName(Directory.EnumerateFiles(service.DataDirectory, "*.db").First())))
            {
                SearchBytes($"{service.Service} outbox event {message.MessageType} {message.Id}", Encoding.UTF8.GetBytes(message.Payload));
            }

            SearchBytes($"{service.Service} output (all runs)", Encoding.UTF8.GetBytes(service.Transcript()));
        }

        if (node is not null)
        {
            SearchFolder("rabbitmq", node.TempDirectory);
        }

        placesSearched = searched;
        return findings;
    }

    /// <summary>Every value of every column of every table, as bytes (text as UTF-8).</summary>
    private static IEnumerable<(string Where, byte[] Value)> Rows(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
            using var reader = select.ExecuteReader();
            var row = 0;
            while (reader.Read())
            {
                row++;
                for (var column = 0; column < reader.FieldCount; column++)
                {
                    if (reader.IsDBNull(column))
                    {
                        continue;
                    }

                    var value = reader.GetValue(column);
                    var bytes = value switch
                    {
                        byte[] blob => blob,
                        string text => Encoding.UTF8.GetBytes(text),
                        _ => Encoding.UTF8.GetBytes(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""),
                    };
                    yield return ($"table {table} row {row} column {reader.GetName(column)}", bytes);
                }
            }
        }
    }
}
