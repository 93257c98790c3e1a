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
/// The order is the commit instant then the event id, a keyset the position encodes. Two commits
/// racing within the same millisecond can land behind a position already handed out; a replayer
/// that reads to the end and consumes idempotently (as CaseFiles does) loses nothing to that,
/// because it reads again from its last position after it switches over.
/// </remarks>
public sealed class EventExportGrpcService(IServiceProvider services, IEnumerable<ServiceStoreName> stores) : EventExport.EventExportBase
{
    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

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

        Cursor? after = null;
        if (request.AfterPosition.Length > 0 && !PageTokens.TryDecode(request.AfterPosition, out after))
        {
            v.Add("after_position", "is not a position this service issued");
        }

        v.ThrowIfInvalid();
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
