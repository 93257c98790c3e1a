using Accountability.Platform.Storage;
using Accountability.Platform.Storage.Mongo;
using MongoDB.Driver;
using Xunit;

namespace Accountability.Platform.Tests.Storage;

/// <summary>
/// The contract on the MongoDB adapter, against the replica set named by ACCOUNTABILITY_TEST_MONGO
/// (a fresh database per test, dropped after). Without it every test is reported as skipped.
/// </summary>
public sealed class MongoDocumentStoreTests : DocumentStoreContract, IAsyncDisposable
{
    private const string ConnectionVariable = "ACCOUNTABILITY_TEST_MONGO";

    private MongoClient? _client;
    private string? _database;

    public async ValueTask DisposeAsync()
    {
        if (_client is null)
        {
            return;
        }

        if (_database is not null)
        {
            await _client.DropDatabaseAsync(_database);
        }

        _client.Dispose();
    }

    protected override Task<IDocumentStore> CreateStoreAsync()
    {
        var connection = Environment.GetEnvironmentVariable(ConnectionVariable);
        if (string.IsNullOrWhiteSpace(connection))
        {
            Assert.Skip("MongoDB contract not run: set ACCOUNTABILITY_TEST_MONGO to a MongoDB replica-set connection string");
        }

        _client = new MongoClient(connection);
        _database = "accountability_test_" + Guid.NewGuid().ToString("N");
        return Task.FromResult<IDocumentStore>(new MongoDocumentStore("contract", _client, _database));
    }
}
