using System.Collections.Concurrent;
using System.Diagnostics;
using Accountability.Contracts.Petitions;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// A MassTransit bus in the test process with one consumer of <see cref="ClueProposed"/> on its own
/// durable queue; it records every delivery, duplicates included.
/// </summary>
internal sealed class ClueProposalProbe : IAsyncDisposable
{
    private readonly ConcurrentQueue<Delivery> _deliveries = new();
    private ServiceProvider? _provider;
    private IBusControl? _bus;

    private ClueProposalProbe()
    {
    }

    public IReadOnlyList<Delivery> Deliveries => _deliveries.ToArray();

    /// <summary>Publishes on the same broker, e.g. a redelivery of a message under its original id.</summary>
    public Task PublishAsync(object message, Type messageType, Guid messageId, CancellationToken ct) =>
        _bus!.Publish(message, messageType, context => context.MessageId = messageId, ct);

    public static async Task<ClueProposalProbe> StartAsync(Uri rabbitMqUri, string queue, CancellationToken ct)
    {
        var probe = new ClueProposalProbe();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMassTransit(bus => bus.UsingRabbitMq((_, cfg) =>
        {
            cfg.Host(rabbitMqUri);
            cfg.ReceiveEndpoint(queue, endpoint =>
            {
                endpoint.Durable = true;
                endpoint.AutoDelete = false;
                endpoint.Handler<ClueProposed>(context =>
                {
                    probe._deliveries.Enqueue(new Delivery(context.MessageId, context.Message.ProposalId, context.Message.PetitionId, DateTimeOffset.UtcNow));
                    return Task.CompletedTask;
                });
            });
        }));
        probe._provider = services.BuildServiceProvider();
        probe._bus = probe._provider.GetRequiredService<IBusControl>();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await probe._bus.StartAsync(timeout.Token);
            await probe.WaitUntilHealthyAsync(TimeSpan.FromSeconds(30), ct);
            return probe;
        }
        catch
        {
            await probe.DisposeAsync();
            throw;
        }
    }

    public string HealthDescription() => _bus?.CheckHealth() is { } health ? $"{health.Status}: {health.Description}" : "not started";

    /// <summary>Waits until the receive endpoint is connected (queue declared and bound).</summary>
    public async Task WaitUntilHealthyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 1000 && watch.Elapsed < timeout; attempt++)
        {
            if (_bus!.CheckHealth().Status == BusHealthStatus.Healthy)
            {
                return;
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"The probe bus was not healthy within {timeout.TotalSeconds:0} s: {HealthDescription()}");
    }

    /// <summary>Waits until at least one delivery of the proposal arrived; returns all deliveries of it.</summary>
    public async Task<IReadOnlyList<Delivery>> WaitForAsync(string proposalId, TimeSpan timeout, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        for (int attempt = 0; attempt < 2000 && watch.Elapsed < timeout; attempt++)
        {
            var matching = Of(proposalId);
            if (matching.Count > 0)
            {
                return matching;
            }

            await Task.Delay(100, ct);
        }

        return Of(proposalId);
    }

    public IReadOnlyList<Delivery> Of(string proposalId) => Deliveries.Where(d => d.ProposalId == proposalId).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_bus is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _bus.StopAsync(timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or MassTransitException)
            {
                // The broker may already be gone; the provider dispose below ends what is left.
            }
        }

        if (_provider is not null)
        {
            await _provider.DisposeAsync();
        }
    }

    public sealed record Delivery(Guid? MessageId, string ProposalId, string PetitionId, DateTimeOffset ReceivedAt);
}
