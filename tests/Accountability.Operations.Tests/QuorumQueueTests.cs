using Accountability.Testing;
using Xunit;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Accountability.Operations.Tests;

/// <summary>
/// With Messaging:QuorumQueues every consumer's queue is declared a durable quorum queue, on a
/// private RabbitMQ node; readiness waits for the bus, which needs the broker.
/// </summary>
public sealed class QuorumQueueTests
{
    [Fact(Timeout = 180_000)]
    public async Task Every_consumer_queue_is_declared_a_quorum_queue()
    {
        if (!RabbitMqNode.IsInstalled)
        {
            Assert.SkipWhen(!string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "rabbitmq-server is not installed.");
            Assert.Fail("CI=true but rabbitmq-server is not installed.");
        }

        var ct = TestContext.Current.CancellationToken;
        await using var node = await RabbitMqNode.StartAsync(ct);
        await using var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["Messaging:RabbitMqUri"] = node.AmqpUri.ToString(),
            ["Messaging:QuorumQueues"] = "true",
        });
        await Ops.EventuallyAsync(async () => await suite.HealthAsync() == ServingStatus.Serving, TimeSpan.FromSeconds(60), "readiness SERVING once the bus is connected", ct);

        var listing = await node.RabbitmqctlAsync("list_queues", "--quiet", "--no-table-headers", "name", "type", "durable");
        var queues = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t', StringSplitOptions.TrimEntries))
            .Where(columns => columns.Length == 3 && columns[0].StartsWith("accountability-", StringComparison.Ordinal))
            .ToList();
        Assert.True(queues.Count >= 5, "consumer queues declared:\n" + listing);
        Assert.All(queues, columns =>
        {
            Assert.Equal("quorum", columns[1]);
            Assert.Equal("true", columns[2]);
        });
    }
}
