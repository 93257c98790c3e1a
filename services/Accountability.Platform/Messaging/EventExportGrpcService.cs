using Accountability.Platform.Errors;
using Accountability.Platform.Storage;
using Accountability.Protos.Events.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Platform.Messaging;

/// <summary>
/// Serves the outbox of any service whose store this process holds as a paged event export, so a
/// consumer can replay a service's events from nothing (CaseFiles rebuilds its dossiers this way).
/// </summary>
/// <remarks>
/// The order is the event's instant (<see cref="OutboxMessage.OccurredAt"/>: its write batch's
/// creation time, not its commit) then the event id, a keyset the position encodes. A batch commits
/// some time after its instant, so an event can land behind a position already handed out. A reader
/// that must see everything asks for a look-back (<c>look_back_seconds</c>): the page starts that long
/// before its position, and the reader drops the event ids it already has (CaseFiles does, in the
/// read it makes after switching to a rebuilt generation). Events committed later than the
/// look-back after their instant are still missed.
/// </remarks>
public sealed class EventExportGrpcService(IServiceProvider services, IEnumerable<ServiceStoreName> stores) : EventExport.EventExportBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;
    public const int MaxLookBackSeconds = 86_400;

    public override async Task<ExportEventsResponse> ExportEvents(ExportEventsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (!stores.Any(s => s.Name == request.Service))
        {
            v.Add("service", $"must name a service of this process: {string.Join(", ", stores.Select(s => s.Name))}");
        }

        if (request.PageSize is < 0 or > MaxPageSize)
        {
            v.Add("page_size", $"must be between 0 and {MaxPageSize}");
        }

        if (request.LookBackSeconds is < 0 or > MaxLookBackSeconds)
        {
            v.Add("look_back_seconds", $"must be between 0 and {MaxLookBackSeconds}");
        }

        Cursor? after = null;
        if (request.AfterPosition.Length > 0 && !PageTokens.TryDecode(request.AfterPosition, out after))
        {
            v.Add("after_position", "is not a position this service issued");
        }

        v.ThrowIfInvalid();
        if (after is not null && request.LookBackSeconds > 0)
        {
            // Every event at or after (position's instant − look-back), the position's own included.
            var instant = after.SortValue.ToUniversalTime().AddSeconds(-request.LookBackSeconds);
            after = new Cursor(new MongoDB.Bson.BsonDateTime(instant), "");
        }

        var store = services.GetRequiredKeyedService<IDocumentStore>(request.Service);
        var limit = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var page = await store.QueryAsync(OutboxMessage.Collection, new Query(null, "occurredAt", false, limit, after), context.CancellationToken);
        var response = new ExportEventsResponse
        {
            More = page.Next is not null,
            NextPosition = page.Items.Count == 0 ? request.AfterPosition : PageTokens.Encode(new Cursor(new MongoDB.Bson.BsonDateTime(page.Items[^1].OccurredAt.UtcDateTime), page.Items[^1].Id)),
        };
        response.Events.AddRange(page.Items.Where(m => !m.Parked).Select(m => new ExportedEvent
        {
            Id = m.Id,
            MessageType = m.MessageType,
            OccurredAt = Timestamp.FromDateTimeOffset(m.OccurredAt),
            PayloadJson = m.Payload,
        }));
        return response;
    }
}
