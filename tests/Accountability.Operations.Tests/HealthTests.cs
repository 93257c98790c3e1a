using Accountability.Testing;
using Microsoft.Data.Sqlite;
using Xunit;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace Accountability.Operations.Tests;

/// <summary>
/// Readiness follows the store: the gRPC health answer ("" and the service's own name) turns
/// NOT_SERVING when a service's SQLite file cannot be opened, and SERVING again when it can;
/// liveness and the other services stay SERVING throughout.
/// </summary>
public sealed class HealthTests
{
    [Fact(Timeout = 120_000)]
    public async Task Readiness_goes_not_serving_while_the_store_is_unusable_and_serving_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var suite = await SuiteHost.StartAsync();
        Assert.Equal(ServingStatus.Serving, await suite.HealthAsync());
        Assert.Equal(ServingStatus.Serving, await suite.HealthAsync("petitions"));
        Assert.Equal(ServingStatus.Serving, await suite.HealthAsync("liveness"));
        await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => suite.HealthAsync("no-such-service"));

        // The petitions database file is moved aside and a folder takes its name: no connection can open it.
        var database = Path.Combine(suite.DataDirectory, "petitions.db");
        var aside = Path.Combine(suite.DataDirectory, "aside");
        Directory.CreateDirectory(aside);
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(suite.DataDirectory, "petitions.db*"))
        {
            File.Move(file, Path.Combine(aside, Path.GetFileName(file)));
        }

        Directory.CreateDirectory(database);
        SqliteConnection.ClearAllPools();

        await Ops.EventuallyAsync(async () => await suite.HealthAsync() == ServingStatus.NotServing, TimeSpan.FromSeconds(30), "readiness NOT_SERVING", ct);
        Assert.Equal(ServingStatus.NotServing, await suite.HealthAsync("petitions"));
        Assert.Equal(ServingStatus.Serving, await suite.HealthAsync("clues"));
        Assert.Equal(ServingStatus.Serving, await suite.HealthAsync("liveness"));

        Directory.Delete(database);
        foreach (var file in Directory.EnumerateFiles(aside))
        {
            File.Move(file, Path.Combine(suite.DataDirectory, Path.GetFileName(file)));
        }

        SqliteConnection.ClearAllPools();
        await Ops.EventuallyAsync(async () => await suite.HealthAsync() == ServingStatus.Serving, TimeSpan.FromSeconds(30), "readiness SERVING again", ct);
        Assert.Equal(ServingStatus.Serving, await suite.HealthAsync("petitions"));
    }
}
