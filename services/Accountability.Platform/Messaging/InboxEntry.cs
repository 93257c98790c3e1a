using Accountability.Platform.Storage;

namespace Accountability.Platform.Messaging;

/// <summary>Marks a message as handled by one consumer; written with the state change it caused.</summary>
public sealed class InboxEntry : IDocument
{
    public static readonly CollectionDefinition<InboxEntry> Collection = new("inbox");

    public required string Id { get; init; }

    public long Version { get; set; }

    public required DateTimeOffset HandledAt { get; init; }

    public static string IdFor(string consumer, Guid messageId) => $"{consumer}:{messageId:N}";
}
