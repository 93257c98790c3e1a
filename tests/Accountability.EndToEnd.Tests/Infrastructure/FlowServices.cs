using Accountability.Testing;
using Xunit;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Petitions, Clues and CaseFiles as three processes on one broker (the petition → clue → dossier
/// flow), and with <c>everyService</c> Talks and Tolerance as two more (talk inquiries, accountability matters).
/// </summary>
internal static class FlowServices
{
    /// <summary>Starts the services at once (CaseFiles with its seeded directory and no export sources).</summary>
    public static async Task<ExactlyOnce.Flow> StartAsync(RabbitMqNode node, CancellationToken ct, IReadOnlyDictionary<string, string>? extra = null, bool everyService = false)
    {
        var root = ScratchSpace.Root();
        var common = new Dictionary<string, string>(extra ?? new Dictionary<string, string>()) { ["Auth__SigningKey"] = Keys.New() };
        Task<ServiceUnderTest>[] starting =
        [
            ServiceUnderTest.StartAsync(ServiceBinaries.Petitions, node.AmqpUri, ct, new Dictionary<string, string>(common)
            {
                // Load petitions differ only in a few characters: the repeat matcher (an UNCONFIRMED
                // rule kept as an option) files only a literal repeat, so every petition is accepted.
                ["Petitions__RepeatSimilarityThreshold"] = "1",
            }, root),
            ServiceUnderTest.StartAsync(ServiceBinaries.Clues, node.AmqpUri, ct, common, root),
            ServiceUnderTest.StartAsync(ServiceBinaries.CaseFiles, node.AmqpUri, ct, new Dictionary<string, string>(common)
            {
                ["CaseFiles__Sources__clues"] = "",
                ["CaseFiles__Sources__petitions"] = "",
                ["CaseFiles__Sources__talks"] = "",
                ["CaseFiles__Sources__tolerance"] = "",
            }, root),
            .. everyService
                ? [ServiceUnderTest.StartAsync(ServiceBinaries.Talks, node.AmqpUri, ct, common, root), ServiceUnderTest.StartAsync(ServiceBinaries.Tolerance, node.AmqpUri, ct, common, root)]
                : Array.Empty<Task<ServiceUnderTest>>(),
        ];
        try
        {
            var started = await Task.WhenAll(starting);
            return new ExactlyOnce.Flow(node, started[0], started[1], started[2], started.ElementAtOrDefault(3), started.ElementAtOrDefault(4));
        }
        catch
        {
            foreach (var task in starting.Where(t => t.IsCompletedSuccessfully))
            {
                await task.Result.DisposeAsync();
            }

            throw;
        }
    }

    public static async ValueTask DisposeAsync(ExactlyOnce.Flow flow)
    {
        foreach (var service in All(flow).Reverse())
        {
            await service.DisposeAsync();
        }
    }

    public static IEnumerable<ServiceUnderTest> All(ExactlyOnce.Flow flow) =>
        new[] { flow.Petitions, flow.Clues, flow.CaseFiles, flow.Talks, flow.Tolerance }.OfType<ServiceUnderTest>();

    /// <summary>Writes the broker and every service's output to the test's output when a test fails; returns false (use in an exception filter).</summary>
    public static bool Report(ITestOutputHelper output, RabbitMqNode node, ExactlyOnce.Flow flow)
    {
        output.WriteLine($"broker: {node} running={node.IsRunning}");
        foreach (var service in All(flow))
        {
            output.WriteLine(service.Diagnostics());
        }

        output.WriteLine("--- broker log tail ---\n" + node.LogTail());
        return false;
    }
}
