using Accountability.Testing;
using Xunit;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>One suite for a class whose tests each use their own keys and never move the clock.</summary>
public sealed class SuiteFixture : IAsyncLifetime
{
    public SuiteHost Suite { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Suite = await SuiteHost.StartAsync();

    public async ValueTask DisposeAsync() => await Suite.DisposeAsync();
}
