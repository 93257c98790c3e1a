using Accountability.Testing;
using Xunit;

namespace Accountability.Talks.Tests.Service;

/// <summary>One suite for a class whose tests each request their own talks and never move the clock.</summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    public SuiteHost Suite { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Suite = await SuiteHost.StartAsync();

    public async ValueTask DisposeAsync() => await Suite.DisposeAsync();
}
