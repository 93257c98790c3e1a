using System.Diagnostics;
using System.Globalization;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The exactly-once check of the petition → clue → dossier flow after faults: it waits (bounded)
/// until the flow has settled, then proves every triaged petition has exactly one clue (in clues.db
/// and over ListClues), every clue exactly one dossier entry in casefiles.db, every outbox row was
/// relayed, every ClueRegistered was published and handled once, and no message sits in an error queue.
/// </summary>
internal static class ExactlyOnce
{
    /// <summary>What the check counted.</summary>
    public sealed record Counts(long Clues, long CluesOverRpc, long DossierEntries, long ClueRegisteredEvents, long PendingOutbox);

    /// <summary>The three services of the flow.</summary>
    public sealed record Flow(RabbitMqNode Node, ServiceUnderTest Petitions, ServiceUnderTest Clues, ServiceUnderTest CaseFiles);

    public static async Task<Counts> WaitAndCheckAsync(Flow flow, IReadOnlyList<PetitionLoad.Triaged> triaged, TimeSpan limit, Action<string> log, CancellationToken ct)
    {
        var expected = triaged.Count;
        var watch = Stopwatch.StartNew();
        string state = "";
        for (var attempt = 0; attempt < 1000 && watch.Elapsed < limit; attempt++)
        {
            var clues = ProposalClues(flow.Clues).Count;
            var entryCount = ClueEntries(flow.CaseFiles).Count;
            var linked = Count(flow.Petitions, "petitions.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'petitions.clue-registered:%'");
            var pending = PendingOutbox(flow);
            var listed = await QueuesAsync(flow.Node);
            var busy = listed.Where(q => q.Value.Ready + q.Value.Unacknowledged > 0).Select(q => $"{q.Key}={q.Value.Ready}+{q.Value.Unacknowledged}").ToList();
            state = $"clues {clues}/{expected}, dossier entries {entryCount}/{expected}, petitions linked {linked}/{expected}, outbox pending {pending}, busy queues [{string.Join(", ", busy)}]";
            if (clues >= expected && entryCount >= expected && linked >= expected && pending == 0 && busy.Count == 0)
            {
                break;
            }

            if (attempt % 10 == 0)
            {
                log($"[{watch.Elapsed.TotalSeconds:F0}s] settling: {state}");
            }

            await Task.Delay(1000, ct);
        }

        log($"[{watch.Elapsed.TotalSeconds:F0}s] settled: {state}");

        // Exactly one clue per proposal, and no clue for anything else.
        var proposals = ProposalClues(flow.Clues);
        Assert.Equal(triaged.Select(t => t.ProposalId).Order(StringComparer.Ordinal), proposals.Keys.Order(StringComparer.Ordinal));
        var clueIds = proposals.Values.ToHashSet(StringComparer.Ordinal);
        Assert.Equal(expected, clueIds.Count);

        // The same over the Clues API, page by page.
        var overRpc = await ListClueIdsAsync(flow.Clues, ct);
        Assert.Equal(clueIds.Order(StringComparer.Ordinal), overRpc.Order(StringComparer.Ordinal));

        // One dossier entry per clue (the entry's id is the fact key "clues:clue:<id>", unique by construction, so count the set).
        var entries = ClueEntries(flow.CaseFiles);
        Assert.Equal(clueIds.Order(StringComparer.Ordinal), entries.Order(StringComparer.Ordinal));

        // Every ClueRegistered published once (one outbox row per clue) and handled once by each
        // consumer: a second copy under a new message id would add an inbox row.
        var registered = Outbox(flow.Clues, "clues.db").Where(m => m.MessageType.EndsWith("clue-registered:v1", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, registered.Count);
        Assert.Equal(expected, Count(flow.CaseFiles, "casefiles.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'casefiles.clue-registered:%'"));
        Assert.Equal(expected, Count(flow.Petitions, "petitions.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'petitions.clue-registered:%'"));
        Assert.Equal(expected, Count(flow.Clues, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.clue-proposed:%'"));

        // Every outbox row relayed, none parked; nothing waiting or dead-lettered on the broker.
        Assert.Equal(0, PendingOutbox(flow));
        var queues = await QueuesAsync(flow.Node);
        Assert.Empty(queues.Where(q => q.Value.Ready + q.Value.Unacknowledged > 0).Select(q => q.Key));
        Assert.DoesNotContain(queues.Keys, name => name.EndsWith("_error", StringComparison.Ordinal) && queues[name].Ready > 0);
        return new Counts(proposals.Count, overRpc.Count, entries.Count, registered.Count, 0);
    }

    /// <summary>Proposal id → clue id, from clues.db.</summary>
    public static Dictionary<string, string> ProposalClues(ServiceUnderTest clues)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var doc in Documents(clues, "clues.db", "SELECT doc FROM clues"))
        {
            if (doc.GetValue("proposalId", BsonNull.Value) is { IsString: true } proposal)
            {
                map.Add(proposal.AsString, doc["_id"].AsString);
            }
        }

        return map;
    }

    /// <summary>Clue ids with a registration entry in the current dossier generation, from casefiles.db.</summary>
    public static List<string> ClueEntries(ServiceUnderTest caseFiles) =>
        Strings(caseFiles, "casefiles.db", "SELECT id FROM dossier_entries WHERE id LIKE '1:clues:clue:%'").Select(id => id["1:clues:clue:".Length..]).ToList();

    public static long PendingOutbox(Flow flow) =>
        new[] { (flow.Petitions, "petitions.db"), (flow.Clues, "clues.db"), (flow.CaseFiles, "casefiles.db") }
            .Sum(s => Outbox(s.Item1, s.Item2).Count(m => !m.Dispatched || m.Parked));

    public static List<OutboxMessage> Outbox(ServiceUnderTest service, string file) =>
        File.Exists(Path.Combine(service.DataDirectory, file)) ? Observe.Outbox(service.DataDirectory, file) : [];

    public static long Count(ServiceUnderTest service, string file, string sql)
    {
        try
        {
            return Observe.Count(service.DataDirectory, file, sql);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return 0;
        }
    }

    /// <summary>Every queue of the node: name → (ready, unacknowledged).</summary>
    public static async Task<Dictionary<string, (long Ready, long Unacknowledged)>> QueuesAsync(RabbitMqNode node)
    {
        var listing = await node.RabbitmqctlAsync("list_queues", "-q", "--no-table-headers", "name", "messages_ready", "messages_unacknowledged");
        var queues = new Dictionary<string, (long, long)>(StringComparer.Ordinal);
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var cells = line.Split(['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (cells.Length >= 3
                && long.TryParse(cells[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var ready)
                && long.TryParse(cells[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var unacked))
            {
                queues[cells[0]] = (ready, unacked);
            }
        }

        return queues;
    }

    private static async Task<List<string>> ListClueIdsAsync(ServiceUnderTest clues, CancellationToken ct)
    {
        var ids = new List<string>();
        var token = "";
        for (var page = 0; page < 1000; page++)
        {
            var reply = await clues.Clues.ListCluesAsync(
                new ListCluesRequest { Source = ClueSource.Petition, PageSize = 100, PageToken = token },
                clues.As(Roles.Supervisor));
            ids.AddRange(reply.Clues.Select(c => c.ClueId));
            token = reply.NextPageToken;
            if (string.IsNullOrEmpty(token))
            {
                break;
            }
        }

        return ids;
    }

    private static List<BsonDocument> Documents(ServiceUnderTest service, string file, string sql) =>
        Rows(service, file, sql, reader => BsonSerializer.Deserialize<BsonDocument>((byte[])reader[0]));

    private static List<string> Strings(ServiceUnderTest service, string file, string sql) =>
        Rows(service, file, sql, reader => reader.GetString(0));

    /// <summary>The first column of every row, read-only; nothing when the file or table does not exist yet.</summary>
    private static List<T> Rows<T>(ServiceUnderTest service, string file, string sql, Func<SqliteDataReader, T> read)
    {
        var path = Path.Combine(service.DataDirectory, file);
        var values = new List<T>();
        if (!File.Exists(path))
        {
            return values;
        }

        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add(read(reader));
            }
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1)
        {
            // The table does not exist yet (nothing stored).
        }

        return values;
    }
}
