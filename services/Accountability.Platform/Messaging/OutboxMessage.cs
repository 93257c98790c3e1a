using System.Text.Json;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Platform.Messaging;

/// <summary>An integration event waiting in the outbox, stored in the batch that caused it.</summary>
public sealed class OutboxMessage : IDocument
{
    public static readonly CollectionDefinition<OutboxMessage> Collection = new(
        "outbox",
        IndexDefinition.On("ix_pending", "dispatched", "occurredAt"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>The pinned wire name (MessageUrn) of the event type.</summary>
    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public bool Dispatched { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public Guid MessageId => Guid.ParseExact(Id, "N");

    public static OutboxMessage Create<TEvent>(TEvent message, DateTimeOffset occurredAt)
        where TEvent : class => new()
        {
            Id = NewId.NextGuid().ToString("N"),
            MessageType = MessageUrn.ForTypeString(typeof(TEvent)),
            Payload = JsonSerializer.Serialize(message, ContractJson.Options),
            OccurredAt = occurredAt,
        };
}
