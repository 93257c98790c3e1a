namespace Accountability.Platform.Messaging;

public enum MessagingTransport
{
    /// <summary>Only inside the all-in-one host: every service in one process.</summary>
    InMemory,
    RabbitMq,
}

/// <summary>Configuration section "Messaging".</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    public MessagingTransport Transport { get; set; } = MessagingTransport.InMemory;

    /// <summary>amqp://user:password@host:port/vhost</summary>
    public string RabbitMqUri { get; set; } = "amqp://guest:guest@127.0.0.1:5672/";

    /// <summary>
    /// RabbitMQ: declare every receive endpoint's queue as a durable quorum queue (replicated,
    /// x-queue-type=quorum) instead of a classic queue. A queue keeps the type it was first declared
    /// with: switching an existing deployment means deleting its queues once (they must be empty).
    /// </summary>
    public bool QuorumQueues { get; set; }
}
