using Accountability.Testing;
using Xunit;

namespace Accountability.Tolerance.Tests.Service;

/// <summary>One suite for a class whose tests each open their own matters and never move the clock.</summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    public SuiteHost Suite { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Suite = await SuiteHost.StartAsync();

    public async ValueTask DisposeAsync() => await Suite.DisposeAsync();
}
