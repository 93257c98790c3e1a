using System.Text.Json;
using Accountability.Platform.Errors;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.Events.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Options;

namespace Accountability.CaseFiles.Domain;

/// <summary>One source's replay: events recorded, where it ended, and the ids of events whose payload could not be read (parked).</summary>
public sealed record SourceReplay(string Source, int Events, string Position, IReadOnlyList<string> Parked);

/// <summary>
/// Rebuilds every dossier from nothing: replays each source service's event export
/// (<see cref="CaseFilesOptions.Sources"/>, read over gRPC as any client would) into a new
/// generation through <see cref="DossierRecorder"/>, the consumers' own code, switches reads over,
/// then reads each source once more from where it ended so that events committed during the
/// switch are not lost. Consumers record into both generations while the rebuild runs.
/// </summary>
/// <remarks>
/// The export is called with a short-lived token the service mints for itself with the suite's
/// signing key: subject "service:casefiles", role auditor (read-only; ExportEvents allows auditor
/// and admin). Services of one deployment share the signing key (README).
/// </remarks>
public sealed class DossierRebuilder(
    IDocumentStore store,
    DossierRecorder recorder,
    CaseFilesOptions options,
    IHttpClientFactory httpClients,
    IOptions<AuthOptions> auth,
    TimeProvider clock)
{
    public const string HttpClientName = "casefiles-export";
    private const int PageSize = 500;

    public async Task<(long Generation, IReadOnlyList<SourceReplay> Sources)> RebuildAsync(Caller caller, CancellationToken ct)
    {
        var state = await store.GetAsync(DossierState.Collection, DossierState.SingletonId, ct);

        // A source left out while the dossiers hold its facts: the new generation would silently lack
        // them, so reads are not switched to it; the rebuild is refused before anything is written.
        foreach (var source in DossierRecorder.Sources.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (options.Sources.GetValueOrDefault(source, "").Length == 0
                && await store.FindOneAsync(DossierEntry.Collection, Filter.And(Filter.Eq("generation", state?.Generation ?? 1), Filter.Eq("source", source)), ct) is not null)
            {
                throw new InvalidStateException("dossier source", source, $"not configured (CaseFiles:Sources:{source} is empty) while the dossiers hold its facts", "a rebuild");
            }
        }

        var isNew = state is null;
        state ??= new DossierState { Id = DossierState.SingletonId };
        var generation = state.Rebuilding ?? state.Generation + 1;
        state.Rebuilding = generation;
        var start = new WriteBatch(clock.GetUtcNow());
        if (isNew)
        {
            start.Insert(DossierState.Collection, state);
        }
        else
        {
            start.Update(DossierState.Collection, state);
        }

        start.Audit(caller.Subject, caller.Role, "dossiers.rebuild_started", "dossiers", generation.ToString(System.Globalization.CultureInfo.InvariantCulture), string.Join(", ", options.Sources.Where(kv => kv.Value.Length > 0).Select(kv => kv.Key)));
        await store.CommitAsync(start, ct);

        var replays = new List<SourceReplay>();
        var resolvedIn = state.Generation;
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (source, address) in options.Sources.Where(kv => kv.Value.Length > 0).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            seen[source] = new HashSet<string>(StringComparer.Ordinal);
            replays.Add(await ReplayAsync(source, address, "", 0, seen[source], generation, resolvedIn, ct));
        }

        state = await store.GetAsync(DossierState.Collection, DossierState.SingletonId, ct) ?? throw new InvalidOperationException("The dossier state vanished during a rebuild.");
        state.Generation = generation;
        state.Rebuilding = null;
        state.Positions = replays.ToDictionary(r => r.Source, r => r.Position);
        var done = new WriteBatch(clock.GetUtcNow());
        done.Update(DossierState.Collection, state);
        done.Audit(caller.Subject, caller.Role, "dossiers.rebuilt", "dossiers", generation.ToString(System.Globalization.CultureInfo.InvariantCulture),
            string.Join(", ", replays.Select(r => $"{r.Source}: {r.Events}" + (r.Parked.Count == 0 ? "" : $" ({r.Parked.Count} parked: {string.Join(" ", r.Parked.Take(20))})"))));
        await store.CommitAsync(done, ct);

        // Events a source committed after its last page and before the switch: consumers put them
        // in the old generation only if they arrived after it; read them again into the new one.
        // The read starts a look-back before the position (an event can commit behind a position
        // already handed out: its instant is its batch's creation) and drops the ids already replayed.
        var caughtUp = new List<SourceReplay>();
        foreach (var replay in replays)
        {
            var tail = await ReplayAsync(replay.Source, options.Sources[replay.Source], replay.Position, options.ExportLookBackSeconds, seen[replay.Source], generation, resolvedIn, ct);
            caughtUp.Add(replay with { Events = replay.Events + tail.Events, Position = tail.Position, Parked = [.. replay.Parked, .. tail.Parked] });
        }

        return (generation, caughtUp);
    }

    private async Task<SourceReplay> ReplayAsync(string source, string address, string position, int lookBackSeconds, HashSet<string> seen, long generation, long resolvedIn, CancellationToken ct)
    {
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions { HttpClient = httpClients.CreateClient(HttpClientName), DisposeHttpClient = true });
        var client = new EventExport.EventExportClient(channel);
        // Bearer tokens are checked against the wall clock, not the service's time provider.
        var token = TokenIssuer.Mint(auth.Value, "service:casefiles", Roles.Auditor, TimeSpan.FromMinutes(10), TimeProvider.System.GetUtcNow());
        var headers = new Metadata { { "Authorization", "Bearer " + token } };
        var events = 0;
        var parked = new List<string>();
        while (true)
        {
            ExportEventsResponse page;
            try
            {
                page = await client.ExportEventsAsync(
                    new ExportEventsRequest { Service = source, AfterPosition = position, PageSize = PageSize, LookBackSeconds = position.Length > 0 ? lookBackSeconds : 0 },
                    headers,
                    cancellationToken: ct);
                lookBackSeconds = 0; // only the first page looks back; later pages continue from there
            }
            catch (RpcException e)
            {
                throw new StoreUnavailableException($"The event export of '{source}' at {address} answered {e.StatusCode}: {e.Status.Detail}", e);
            }

            for (var attempt = 1; ; attempt++)
            {
                var (batch, recorded, unreadable) = await ReplayPageAsync(page, seen, generation, resolvedIn, ct);
                try
                {
                    if (!batch.IsEmpty)
                    {
                        await store.CommitAsync(batch, ct);
                    }

                    events += recorded;
                    parked.AddRange(unreadable);
                    seen.UnionWith(page.Events.Select(e => e.Id));
                    break;
                }
                catch (DuplicateKeyException) when (attempt < 3)
                {
                    // A consumer recorded one of these facts meanwhile: read the page again.
                }
            }

            position = page.NextPosition;
            if (!page.More)
            {
                return new SourceReplay(source, events, position, parked);
            }
        }
    }

    private async Task<(WriteBatch Batch, int Recorded, List<string> Parked)> ReplayPageAsync(ExportEventsResponse page, IReadOnlySet<string> seen, long generation, long resolvedIn, CancellationToken ct)
    {
        var batch = new WriteBatch(clock.GetUtcNow());
        var recorded = 0;
        var parked = new List<string>();
        foreach (var exported in page.Events.Where(e => !seen.Contains(e.Id)))
        {
            var type = ContractRegistry.All.FirstOrDefault(t => MassTransit.MessageUrn.ForTypeString(t) == exported.MessageType);
            if (type is null || !DossierRecorder.Sources.ContainsKey(type))
            {
                continue;
            }

            // A payload that cannot be read (corrupt, or of a contract version this build does not
            // know) is parked: skipped and reported, the rest of the rebuild goes on.
            object? message;
            try
            {
                message = JsonSerializer.Deserialize(exported.PayloadJson, type, ContractJson.Options);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
            {
                message = null;
            }

            if (message is null)
            {
                parked.Add(exported.Id);
                continue;
            }

            await recorder.RecordAsync(message, generation, resolvedIn, batch, ct, exported.OccurredAt?.ToDateTimeOffset());
            recorded++;
        }

        return (batch, recorded, parked);
    }
}
