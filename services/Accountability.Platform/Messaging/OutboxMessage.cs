using System.Text.Json;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Platform.Messaging;

/// <summary>An integration event waiting in the outbox, stored in the batch that caused it.</summary>
public sealed class OutboxMessage : IDocument
{
    public static readonly CollectionDefinition<OutboxMessage> Collection = new(
        "outbox",
        IndexDefinition.On("ix_pending", "dispatched", "parked", "occurredAt"),
        // The event export's order (EventExportGrpcService): dispatched events stay here.
        IndexDefinition.On("ix_occurred", "occurredAt"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>The pinned wire name (MessageUrn) of the event type.</summary>
    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public bool Dispatched { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>Set aside because it cannot be read (unknown wire name, broken payload); needs an operator.</summary>
    public bool Parked { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public Guid MessageId => Guid.ParseExact(Id, "N");

    /// <summary>Wraps an event, by its runtime type, which must carry a pinned wire name.</summary>
    public static OutboxMessage Create(object message, DateTimeOffset occurredAt)
    {
        var type = message.GetType();
        if (type.GetCustomAttributes(typeof(MessageUrnAttribute), false).Length == 0)
        {
            throw new InvalidOperationException($"{type.Name} has no [MessageUrn]; events need a pinned wire name.");
        }

        return new OutboxMessage
        {
            Id = NewId.NextGuid().ToString("N"),
            MessageType = MessageUrn.ForTypeString(type),
            Payload = JsonSerializer.Serialize(message, type, ContractJson.Options),
            OccurredAt = occurredAt,
        };
    }
}
