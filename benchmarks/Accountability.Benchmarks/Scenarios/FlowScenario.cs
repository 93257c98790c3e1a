using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Accountability.Benchmarks.Load;
using Accountability.Benchmarks.Running;
using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Accountability.Benchmarks.Scenarios;

public sealed record FlowLatency(string Span, long Count, double P50Ms, double P95Ms, double P99Ms, double MaxMs);

public sealed record FlowResults(
    string Broker,
    double OfferedRate,
    long Started,
    long Failed,
    double SendSeconds,
    double AchievedRate,
    long CluesRegistered,
    long DossiersUpdated,
    double DrainSeconds,
    LoadResult Clerk,
    IReadOnlyList<FlowLatency> Latencies,
    Dictionary<string, double?> PeakRssMiB,
    string? FirstError);

/// <summary>
/// The event flow over RabbitMQ, Petitions, Clues and CaseFiles each its own process (not pinned), at a
/// sustained rate. One petition's path, all three steps sent back to back by the generator as intake
/// and a clerk would: SubmitPetition, ScreenPetition (accept), TriagePetition (one clue proposal) →
/// ClueProposed → Clues registers the clue (ClueRegistered) → CaseFiles records the clue in the
/// accused's dossier. Open loop: petition i starts at i/rate whatever the answers.
/// What is timed, all on this machine's one clock: from the instant the schedule meant petition i to be
/// submitted (t0) to the clue's registration instant as Clues stored it (ClueRegistered.RegisteredAt
/// in Clues' outbox, the instant of the write batch that registered it) and to the dossier entry's
/// RecordedAt in CaseFiles' store (the instant of the consumer's write batch). Both instants are taken
/// just before the commit, so the commit's own fsync is not in them. Completion is observed by reading
/// the two SQLite files read-only, once a second, until every petition's entry is there or the drain
/// limit passes. Also timed: from the triage reply to the dossier entry (the asynchronous part alone).
/// </summary>
public sealed class FlowScenario(Services services, BenchSettings settings, Action<string> log, Uri? systemBroker)
{
    /// <summary>The flow at a rate the services sustain here (first, on empty stores), then at the target's rate.</summary>
    public async Task<(FlowResults Sustained, FlowResults Target)> RunAsync(CancellationToken ct)
    {
        RabbitMqNode? node = null;
        Uri broker;
        if (systemBroker is not null)
        {
            broker = systemBroker;
        }
        else
        {
            node = await RabbitMqNode.StartAsync(ct);
            broker = node.AmqpUri;
        }

        try
        {
            return await RunAsync(broker, node is null ? "given broker " + broker.Host : "private RabbitMQ node", ct);
        }
        finally
        {
            if (node is not null)
            {
                await node.DisposeAsync();
            }
        }
    }

    private async Task<(FlowResults Sustained, FlowResults Target)> RunAsync(Uri broker, string brokerName, CancellationToken ct)
    {
        var petitionsEnv = services.Environment("flow-petitions", broker);
        var cluesEnv = services.Environment("flow-clues", broker);
        var caseFilesEnv = services.Environment("flow-casefiles", broker);
        foreach (var source in new[] { "petitions", "clues", "talks", "tolerance" })
        {
            caseFilesEnv["CaseFiles__Sources__" + source] = "";
        }

        await using var petitions = await services.StartAsync("flow-petitions", ServiceBinaries.Petitions, null, petitionsEnv, ct);
        await using var clues = await services.StartAsync("flow-clues", ServiceBinaries.Clues, null, cluesEnv, ct);
        await using var caseFiles = await services.StartAsync("flow-casefiles", ServiceBinaries.CaseFiles, null, caseFilesEnv, ct);
        var processes = new FlowProcesses(petitions, clues, caseFiles, cluesEnv["Storage__DataDirectory"], caseFilesEnv["Storage__DataDirectory"]);
        var sustained = await PassAsync(processes, brokerName, settings.FlowSustainedRate, 0, ct);
        // Its own sequence numbers: the same accused again would be filed as repeats of the first pass.
        var target = await PassAsync(processes, brokerName, settings.FlowRate, 500_000_000, ct);
        return (sustained, target);
    }

    private sealed record FlowProcesses(ServerProcess Petitions, ServerProcess Clues, ServerProcess CaseFiles, string CluesData, string CaseFilesData);

    private async Task<FlowResults> PassAsync(FlowProcesses processes, string brokerName, double rate, long firstSequence, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(processes.Petitions.Url);
        var client = new Protos.Petitions.V1.Petitions.PetitionsClient(channel);
        var intake = services.Bearer(Roles.Intake);
        var clerk = services.Bearer(Roles.Clerk);
        var run = "flow-" + Guid.NewGuid().ToString("N")[..8];
        var epoch = DateTimeOffset.UtcNow;
        var epochTicks = Stopwatch.GetTimestamp();
        var started = new ConcurrentDictionary<string, (DateTimeOffset Scheduled, DateTimeOffset Triaged)>();

        // The generator times each petition's three calls from its scheduled instant; it is the clerk's latency.
        var generator = new LoadGenerator(async (n, intended) =>
        {
            var scheduled = epoch + Stopwatch.GetElapsedTime(epochTicks, intended);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            var submitted = await RetryingAsync(() => client.SubmitPetitionAsync(PetitionRequests.For(firstSequence + n, run), new CallOptions(intake, deadline)).ResponseAsync, ct);
            await RetryingAsync(() => client.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = ScreeningOutcome.Accept, Reason = "本级受理" }, new CallOptions(clerk, deadline)).ResponseAsync, ct);
            await RetryingAsync(
                () => client.TriagePetitionAsync(
                    new TriagePetitionRequest { PetitionId = submitted.PetitionId, Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题" } } },
                    new CallOptions(clerk, deadline)).ResponseAsync,
                ct);
            started[submitted.PetitionId] = (scheduled, DateTimeOffset.UtcNow);
        })
        { MaxInFlight = 5_000 };
        var load = await generator.OpenLoopAsync(rate, settings.FlowRun, ct);
        log($"flow at {rate}/s: {started.Count} petitions triaged in {load.Seconds} s ({load.Rps} rps offered {load.OfferedRps}); clerk p99 {load.P99Ms} ms; failed {load.Failed} {load.FirstError}");

        var drain = Stopwatch.StartNew();
        Dictionary<string, (string ClueId, DateTimeOffset At)> registered = [];
        Dictionary<string, DateTimeOffset> recorded = [];
        while (drain.Elapsed < settings.FlowDrain)
        {
            registered = ClueRegistrations(processes.CluesData);
            recorded = DossierRecordings(processes.CaseFilesData);
            if (started.Keys.All(p => registered.TryGetValue(p, out var clue) && recorded.ContainsKey(clue.ClueId)))
            {
                break;
            }

            await Task.Delay(1000, ct);
        }

        log($"flow: drained in {drain.Elapsed.TotalSeconds:F1} s: {registered.Count} clues and {recorded.Count} dossier entries in the stores (both passes)");
        var toClue = new LongHistogram(600_000_000, 3);
        var toDossier = new LongHistogram(600_000_000, 3);
        var asyncPart = new LongHistogram(600_000_000, 3);
        long cluesOfRun = 0;
        long dossiersOfRun = 0;
        foreach (var (petition, (scheduled, triaged)) in started)
        {
            if (!registered.TryGetValue(petition, out var clue))
            {
                continue;
            }

            cluesOfRun++;
            toClue.RecordValue(Micros(clue.At - scheduled));
            if (recorded.TryGetValue(clue.ClueId, out var at))
            {
                dossiersOfRun++;
                toDossier.RecordValue(Micros(at - scheduled));
                asyncPart.RecordValue(Micros(at - triaged));
            }
        }

        var rss = new Dictionary<string, double?>
        {
            ["petitions"] = processes.Petitions.PeakRssMiB(),
            ["clues"] = processes.Clues.PeakRssMiB(),
            ["casefiles"] = processes.CaseFiles.PeakRssMiB(),
        };
        return new FlowResults(
            brokerName,
            rate,
            started.Count + load.Failed,
            load.Failed,
            load.Seconds,
            load.Rps,
            cluesOfRun,
            dossiersOfRun,
            Math.Round(drain.Elapsed.TotalSeconds, 1),
            load,
            [
                Latency("submit → clue registered", toClue),
                Latency("submit → dossier updated", toDossier),
                Latency("triage reply → dossier updated", asyncPart),
            ],
            rss,
            load.FirstError);
    }

    /// <summary>
    /// A call the service refuses at capacity (RESOURCE_EXHAUSTED with a RetryInfo) is sent again after
    /// the delay it names, as a client that follows RetryInfo would; the petition's deadline bounds it.
    /// Without this, an overloaded open loop measures only refusals: most petitions lose one of their
    /// three calls.
    /// </summary>
    private static async Task<T> RetryingAsync<T>(Func<Task<T>> call, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted && e.GetRpcStatus()?.GetDetail<Google.Rpc.RetryInfo>() is { } retry)
            {
                await Task.Delay(retry.RetryDelay.ToTimeSpan(), ct);
            }
        }
    }

    private static FlowLatency Latency(string span, LongHistogram h) => h.TotalCount == 0
        ? new FlowLatency(span, 0, 0, 0, 0, 0)
        : new FlowLatency(span, h.TotalCount, Ms(h, 50), Ms(h, 95), Ms(h, 99), Math.Round(h.GetMaxValue() / 1000.0, 1));

    private static double Ms(LongHistogram h, double percentile) => Math.Round(h.GetValueAtPercentile(percentile) / 1000.0, 1);

    private static long Micros(TimeSpan span) => Math.Clamp((long)(span.TotalMilliseconds * 1000), 0, 600_000_000);

    /// <summary>Petition id → (clue id, registration instant), from Clues' outbox (ClueRegistered, kept after dispatch).</summary>
    private static Dictionary<string, (string, DateTimeOffset)> ClueRegistrations(string dataDirectory)
    {
        BsonMapping.EnsureRegistered();
        var found = new Dictionary<string, (string, DateTimeOffset)>(StringComparer.Ordinal);
        foreach (var doc in Rows(Path.Combine(dataDirectory, "clues.db"), "SELECT doc FROM outbox"))
        {
            var message = BsonSerializer.Deserialize<OutboxMessage>(doc);
            if (!message.MessageType.EndsWith("clue-registered:v1", StringComparison.Ordinal))
            {
                continue;
            }

            var e = JsonSerializer.Deserialize<ClueRegistered>(message.Payload, ContractJson.Options)!;
            if (e.PetitionId is not null)
            {
                found[e.PetitionId] = (e.ClueId, e.RegisteredAt);
            }
        }

        return found;
    }

    /// <summary>Clue id → when CaseFiles recorded its registration in a dossier (the entry "clues:clue:&lt;id&gt;").</summary>
    private static Dictionary<string, DateTimeOffset> DossierRecordings(string dataDirectory)
    {
        var found = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var doc in Rows(Path.Combine(dataDirectory, "casefiles.db"), "SELECT doc FROM dossier_entries WHERE id LIKE '1:clues:clue:%'"))
        {
            var entry = BsonSerializer.Deserialize<BsonDocument>(doc);
            var factKey = entry["factKey"].AsString;
            found[factKey["clues:clue:".Length..]] = new DateTimeOffset(entry["recordedAt"].ToUniversalTime(), TimeSpan.Zero);
        }

        return found;
    }

    private static List<byte[]> Rows(string file, string sql)
    {
        var rows = new List<byte[]>();
        if (!File.Exists(file))
        {
            return rows;
        }

        using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        try
        {
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                rows.Add((byte[])reader[0]);
            }
        }
        catch (SqliteException)
        {
            // The table does not exist yet: nothing recorded.
        }

        return rows;
    }
}
