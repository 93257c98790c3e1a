using System.Diagnostics;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Testing;
using Microsoft.Data.Sqlite;
using MongoDB.Bson.Serialization;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>What the cross-process tests look at: a service's SQLite file and the broker's queues, as an operator would.</summary>
internal static class Observe
{
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(30);

    /// <summary>A service's outbox, read from its SQLite file.</summary>
    public static List<OutboxMessage> Outbox(string dataDirectory, string file)
    {
        BsonMapping.EnsureRegistered();
        var messages = new List<OutboxMessage>();
        using var connection = Open(dataDirectory, file);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc FROM outbox";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            messages.Add(BsonSerializer.Deserialize<OutboxMessage>((byte[])reader[0]));
        }

        return messages;
    }

    public static long Count(string dataDirectory, string file, string sql)
    {
        using var connection = Open(dataDirectory, file);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>True when every service queue whose name contains the fragment has no ready and no unacknowledged message.</summary>
    public static async Task<bool> QueueDrainedAsync(RabbitMqNode node, string fragment)
    {
        var listing = await node.RabbitmqctlAsync("list_queues", "-q", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged");
        var rows = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', ' '))
            // A queue's _error and _skipped queues keep what was faulted on purpose (another test's poison message); they are not its backlog.
            .Where(cells => cells.Length >= 3 && cells[0].Contains(fragment, StringComparison.Ordinal) && cells[0].StartsWith("accountability", StringComparison.Ordinal)
                && !cells[0].EndsWith("_error", StringComparison.Ordinal) && !cells[0].EndsWith("_skipped", StringComparison.Ordinal))
            .ToList();
        return rows.Count > 0 && rows.All(cells => cells[^2] == "0" && cells[^1] == "0");
    }

    /// <summary>Polls until the probe returns a value, bounded in time and count.</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, CancellationToken ct, TimeSpan? limit = null)
        where T : class
    {
        var bound = limit ?? DefaultLimit;
        var watch = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 1_000 && watch.Elapsed < bound; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException($"Not reached within {bound.TotalSeconds:F0} s.");
    }

    private static SqliteConnection Open(string dataDirectory, string file)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, file)};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
