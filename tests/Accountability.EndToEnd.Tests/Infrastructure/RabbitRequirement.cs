using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests.Infrastructure;

internal static class RabbitRequirement
{
    /// <summary>
    /// Without rabbitmq-server: fails on CI (CI=true), where a silently skipped broker test would
    /// hide a broken image, and skips elsewhere.
    /// </summary>
    public static void Ensure()
    {
        if (RabbitMqNode.IsInstalled)
        {
            return;
        }

        const string Missing =
            "rabbitmq-server is not installed (need /usr/lib/rabbitmq/bin/rabbitmq-server, rabbitmqctl, rabbitmq-env and epmd; apt-get install rabbitmq-server).";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail("CI=true but " + Missing + " The end-to-end broker tests must run on CI.");
        }

        Assert.Skip(Missing + " Set up RabbitMQ to run the end-to-end broker tests (they fail instead of skipping when CI=true).");
    }
}
