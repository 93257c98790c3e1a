using Microsoft.Extensions.Hosting;

namespace Accountability.Tolerance.Domain;

/// <summary>Stores the seeded rule set v1 at start when the store has none, so the first evaluation finds it there.</summary>
public sealed class RuleSeeding(RuleBook rules) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => rules.ActiveAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
