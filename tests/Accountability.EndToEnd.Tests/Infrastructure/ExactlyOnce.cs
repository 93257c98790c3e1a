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

    /// <summary>What the talk and matter check counted.</summary>
    public sealed record TalkAndMatterCounts(long TalksHeld, long TalkResults, long TalkEntries, long Matters, long Decisions, long Filings, long ToleranceEntries);

    /// <summary>The services of the flow: Petitions, Clues and CaseFiles, and Talks and Tolerance when the scenario goes through them.</summary>
    public sealed record Flow(RabbitMqNode Node, ServiceUnderTest Petitions, ServiceUnderTest Clues, ServiceUnderTest CaseFiles, ServiceUnderTest? Talks = null, ServiceUnderTest? Tolerance = null);

    /// <param name="otherClues">Clues registered directly (not from a petition) in the same run: each also has exactly one dossier entry, and its ClueRegistered is published and handled once.</param>
    public static async Task<Counts> WaitAndCheckAsync(
        Flow flow, IReadOnlyList<PetitionLoad.Triaged> triaged, TimeSpan limit, Action<string> log, CancellationToken ct, IReadOnlyCollection<string>? otherClues = null)
    {
        var expected = triaged.Count;
        var others = otherClues ?? [];
        var registeredExpected = expected + others.Count;
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
            state = $"clues {clues}/{expected}, dossier entries {entryCount}/{registeredExpected}, petitions linked {linked}/{registeredExpected}, outbox pending {pending}, busy queues [{string.Join(", ", busy)}]";
            if (clues >= expected && entryCount >= registeredExpected && linked >= registeredExpected && pending == 0 && busy.Count == 0)
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
        Assert.Equal(clueIds.Concat(others).Order(StringComparer.Ordinal), entries.Order(StringComparer.Ordinal));

        // Every ClueRegistered published once (one outbox row per clue) and handled once by each
        // consumer: a second copy under a new message id would add an inbox row.
        var registered = Outbox(flow.Clues, "clues.db").Where(m => m.MessageType.EndsWith("clue-registered:v1", StringComparison.Ordinal)).ToList();
        Assert.Equal(registeredExpected, registered.Count);
        Assert.Equal(registeredExpected, Count(flow.CaseFiles, "casefiles.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'casefiles.clue-registered:%'"));
        Assert.Equal(registeredExpected, Count(flow.Petitions, "petitions.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'petitions.clue-registered:%'"));
        Assert.Equal(expected, Count(flow.Clues, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.clue-proposed:%'"));

        // Every outbox row relayed, none parked; nothing waiting or dead-lettered on the broker.
        Assert.Equal(0, PendingOutbox(flow));
        var queues = await QueuesAsync(flow.Node);
        Assert.Empty(queues.Where(q => q.Value.Ready + q.Value.Unacknowledged > 0).Select(q => q.Key));
        Assert.DoesNotContain(queues.Keys, name => name.EndsWith("_error", StringComparison.Ordinal) && queues[name].Ready > 0);
        return new Counts(proposals.Count, overRpc.Count, entries.Count - others.Count, registered.Count, 0);
    }

    /// <summary>
    /// The exactly-once check of the talk inquiries and accountability matters: it waits (bounded)
    /// until their effects have arrived and the flow is idle, then proves every talk held was
    /// requested once (one talk per clue), gave Clues exactly one result (one inbox row, one step
    /// signed by Talks) and CaseFiles exactly one entry, and every matter, decision and filing is
    /// published once and recorded once in the dossiers, with every outbox relayed and no error queue.
    /// </summary>
    public static async Task<TalkAndMatterCounts> WaitAndCheckTalksAndMattersAsync(
        Flow flow, IReadOnlyList<TalkLoad.Held> held, IReadOnlyList<MatterLoad.Decided> decided, TimeSpan limit, Action<string> log, CancellationToken ct)
    {
        var talks = flow.Talks ?? throw new ArgumentException("The flow runs no Talks service.", nameof(flow));
        var tolerance = flow.Tolerance ?? throw new ArgumentException("The flow runs no Tolerance service.", nameof(flow));
        var filings = decided.Where(d => d.FilingId.Length > 0).ToList();
        var watch = Stopwatch.StartNew();
        string state = "";
        for (var attempt = 0; attempt < 1000 && watch.Elapsed < limit; attempt++)
        {
            var results = Count(flow.Clues, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.inquiry-talk-held:%'");
            var talkEntries = Entries(flow.CaseFiles, "talks:held:").Count;
            var toleranceEntries = Entries(flow.CaseFiles, "tolerance:").Count;
            var pending = PendingOutbox(flow);
            var listed = await QueuesAsync(flow.Node);
            var busy = listed.Where(q => q.Value.Ready + q.Value.Unacknowledged > 0).Select(q => $"{q.Key}={q.Value.Ready}+{q.Value.Unacknowledged}").ToList();
            var expectedTolerance = decided.Count * 2 + filings.Count;
            state = $"talk results {results}/{held.Count}, talk entries {talkEntries}/{held.Count}, tolerance entries {toleranceEntries}/{expectedTolerance}, outbox pending {pending}, busy queues [{string.Join(", ", busy)}]";
            if (results >= held.Count && talkEntries >= held.Count && toleranceEntries >= expectedTolerance && pending == 0 && busy.Count == 0)
            {
                break;
            }

            if (attempt % 10 == 0)
            {
                log($"[{watch.Elapsed.TotalSeconds:F0}s] settling talks and matters: {state}");
            }

            await Task.Delay(1000, ct);
        }

        log($"[{watch.Elapsed.TotalSeconds:F0}s] settled talks and matters: {state}");

        // One talk per clue that asked for one: a RequestInquiryTalk relayed or delivered again made no second talk.
        var talksByClue = Documents(talks, "talks.db", "SELECT doc FROM talks")
            .Where(doc => doc.GetValue("clueId", BsonNull.Value).IsString)
            .GroupBy(doc => doc["clueId"].AsString, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(doc => doc["_id"].AsString).ToList(), StringComparer.Ordinal);
        Assert.Equal(held.Select(h => h.ClueId).Order(StringComparer.Ordinal), talksByClue.Keys.Order(StringComparer.Ordinal));
        Assert.All(held, h => Assert.Equal(new[] { h.TalkId }, talksByClue[h.ClueId]));
        Assert.Equal(held.Count, Count(talks, "talks.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'talks.request-inquiry-talk:%'"));

        // Each talk held published its result and its dossier fact once, and each was taken once.
        var talkOutbox = Outbox(talks, "talks.db");
        Assert.Equal(held.Count, talkOutbox.Count(m => m.MessageType.EndsWith(":talks:inquiry-talk-held:v1", StringComparison.Ordinal)));
        Assert.Equal(held.Count, talkOutbox.Count(m => m.MessageType.EndsWith(":talks:talk-held:v1", StringComparison.Ordinal)));
        Assert.Equal(held.Count, Count(flow.Clues, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.inquiry-talk-held:%'"));
        Assert.Equal(held.Count, Count(flow.CaseFiles, "casefiles.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'casefiles.talk-held:%'"));
        Assert.Equal(held.Select(h => h.TalkId).Order(StringComparer.Ordinal), Entries(flow.CaseFiles, "talks:held:").Order(StringComparer.Ordinal));

        // Clues took each result once: the clue answered, with one step signed by the Talks service.
        foreach (var talk in held)
        {
            var clue = await flow.Clues.Clues.GetClueAsync(new GetClueRequest { ClueId = talk.ClueId }, flow.Clues.As(Roles.Supervisor));
            Assert.Equal(ClueStatus.InquiryAnswered, clue.Status);
            Assert.Single(clue.Steps, s => s.Action == "record_inquiry_talk_held");
            Assert.Single(clue.Steps, s => s.SignedBy == "system:talks");
        }

        // One matter per idempotency key, one decision per matter, one filing per admonishment; each published once and recorded once.
        Assert.Equal(decided.Select(d => d.MatterId).Order(StringComparer.Ordinal), Strings(tolerance, "tolerance.db", "SELECT id FROM matters").Order(StringComparer.Ordinal));
        Assert.Equal(decided.Select(d => d.DecisionId).Order(StringComparer.Ordinal), Strings(tolerance, "tolerance.db", "SELECT id FROM decisions").Order(StringComparer.Ordinal));
        var toleranceOutbox = Outbox(tolerance, "tolerance.db");
        Assert.Equal(decided.Count, toleranceOutbox.Count(m => m.MessageType.EndsWith(":tolerance:matter-opened:v1", StringComparison.Ordinal)));
        Assert.Equal(decided.Count, toleranceOutbox.Count(m => m.MessageType.EndsWith(":tolerance:accountability-decided:v1", StringComparison.Ordinal)));
        Assert.Equal(filings.Count, toleranceOutbox.Count(m => m.MessageType.EndsWith(":tolerance:decision-filed:v1", StringComparison.Ordinal)));
        Assert.Equal(decided.Count, Count(flow.CaseFiles, "casefiles.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'casefiles.matter-opened:%'"));
        Assert.Equal(decided.Count, Count(flow.CaseFiles, "casefiles.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'casefiles.accountability-decided:%'"));
        Assert.Equal(filings.Count, Count(flow.CaseFiles, "casefiles.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'casefiles.decision-filed:%'"));
        Assert.Equal(decided.Select(d => d.MatterId).Order(StringComparer.Ordinal), Entries(flow.CaseFiles, "tolerance:matter:").Order(StringComparer.Ordinal));
        Assert.Equal(decided.Select(d => d.DecisionId).Order(StringComparer.Ordinal), Entries(flow.CaseFiles, "tolerance:decision:").Order(StringComparer.Ordinal));
        Assert.Equal(filings.Select(d => d.FilingId).Order(StringComparer.Ordinal), Entries(flow.CaseFiles, "tolerance:filed:").Order(StringComparer.Ordinal));

        // Every outbox row relayed, none parked; nothing waiting or dead-lettered on the broker.
        Assert.Equal(0, PendingOutbox(flow));
        var queues = await QueuesAsync(flow.Node);
        Assert.Empty(queues.Where(q => q.Value.Ready + q.Value.Unacknowledged > 0).Select(q => q.Key));
        Assert.DoesNotContain(queues.Keys, name => name.EndsWith("_error", StringComparison.Ordinal) && queues[name].Ready > 0);
        return new TalkAndMatterCounts(
            held.Count, Count(flow.Clues, "clues.db", "SELECT COUNT(*) FROM inbox WHERE id LIKE 'clues.inquiry-talk-held:%'"), Entries(flow.CaseFiles, "talks:held:").Count,
            decided.Count, decided.Count, filings.Count, Entries(flow.CaseFiles, "tolerance:").Count);
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
    public static List<string> ClueEntries(ServiceUnderTest caseFiles) => Entries(caseFiles, "clues:clue:");

    /// <summary>What follows the fact-key prefix in the ids of the current dossier generation's entries, from casefiles.db.</summary>
    public static List<string> Entries(ServiceUnderTest caseFiles, string factKeyPrefix) =>
        Strings(caseFiles, "casefiles.db", $"SELECT id FROM dossier_entries WHERE id LIKE '1:{factKeyPrefix}%'").Select(id => id[("1:" + factKeyPrefix).Length..]).ToList();

    public static long PendingOutbox(Flow flow) =>
        FlowServices.All(flow).Sum(service => Outbox(service, StoreLedger.File(service)).Count(m => !m.Dispatched || m.Parked));

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
