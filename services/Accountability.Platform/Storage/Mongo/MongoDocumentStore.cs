using System.Collections.Concurrent;
using Accountability.Platform.Audit;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using MongoDB.Driver;

namespace Accountability.Platform.Storage.Mongo;

/// <summary>
/// The production adapter: one MongoDB database per service. A batch is one multi-document
/// transaction, so MongoDB must run as a replica set (a single-node one is enough).
/// </summary>
public sealed class MongoDocumentStore : IDocumentStore
{
    private readonly IMongoClient _client;
    private readonly IMongoDatabase _database;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _ensured = new();

    public MongoDocumentStore(string name, IMongoClient client, string databaseName, AuditChain? auditChain = null)
    {
        BsonMapping.EnsureRegistered();
        Name = name;
        AuditChain = auditChain ?? AuditChain.Unkeyed;
        _client = client;
        _database = client.GetDatabase(databaseName);
    }

    public string Name { get; }

    public AuditChain AuditChain { get; }

    public async Task<T?> GetAsync<T>(CollectionDefinition<T> collection, string id, CancellationToken ct = default)
        where T : class, IDocument
    {
        await EnsureAsync(collection);
        return await Guard(async () =>
        {
            var found = await Collection(collection).Find(new BsonDocument("_id", id)).FirstOrDefaultAsync(ct);
            return found is null ? null : BsonSerializer.Deserialize<T>(found);
        });
    }

    public async Task<T?> FindOneAsync<T>(CollectionDefinition<T> collection, Filter filter, CancellationToken ct = default)
        where T : class, IDocument
    {
        var page = await QueryAsync(collection, new Query(filter, "_id", false, 1), ct);
        return page.Items.FirstOrDefault();
    }

    public async Task<Page<T>> QueryAsync<T>(CollectionDefinition<T> collection, Query query, CancellationToken ct = default)
        where T : class, IDocument
    {
        collection.EnsureQueryable(query.OrderBy);
        await EnsureAsync(collection);
        var filter = query.Where is null ? new BsonDocument() : Translate(collection, query.Where);
        if (query.After is not null)
        {
            var op = query.Descending ? "$lt" : "$gt";
            var keyset = query.OrderBy == "_id"
                ? new BsonDocument("_id", new BsonDocument(op, query.After.Id))
                : new BsonDocument("$or", new BsonArray
                {
                    new BsonDocument(query.OrderBy, new BsonDocument(op, query.After.SortValue)),
                    new BsonDocument { { query.OrderBy, query.After.SortValue }, { "_id", new BsonDocument(op, query.After.Id) } },
                });
            filter = new BsonDocument("$and", new BsonArray { filter, keyset });
        }

        var direction = query.Descending ? -1 : 1;
        var sort = query.OrderBy == "_id"
            ? new BsonDocument("_id", direction)
            : new BsonDocument { { query.OrderBy, direction }, { "_id", direction } };
        return await Guard(async () =>
        {
            var raw = await Collection(collection).Find(filter).Sort(sort).Limit(query.Limit + 1).ToListAsync(ct);
            var more = raw.Count > query.Limit;
            var items = raw.Take(query.Limit).ToList();
            Cursor? next = null;
            if (more && items.Count > 0)
            {
                var last = items[^1];
                next = new Cursor(BsonValues.Read(last, query.OrderBy), last["_id"].AsString);
            }

            return new Page<T>(items.Select(d => BsonSerializer.Deserialize<T>(d)).ToList(), next);
        });
    }

    public async Task<long> CountAsync<T>(CollectionDefinition<T> collection, Filter? filter, CancellationToken ct = default)
        where T : class, IDocument
    {
        await EnsureAsync(collection);
        var translated = filter is null ? new BsonDocument() : Translate(collection, filter);
        return await Guard(() => Collection(collection).CountDocumentsAsync(translated, cancellationToken: ct));
    }

    public async Task CommitAsync(WriteBatch batch, CancellationToken ct = default)
    {
        if (batch.IsEmpty)
        {
            return;
        }

        foreach (var collection in batch.Collections)
        {
            await EnsureAsync(collection);
        }

        var writes = await Guard(async () =>
        {
            using var session = await _client.StartSessionAsync(cancellationToken: ct);
            // The callback may run more than once (transient transaction errors are retried), so
            // it rebuilds the audit records from a fresh read of the head each time.
            return await session.WithTransactionAsync(
                async (s, token) =>
                {
                    var all = batch.Writes.ToList();
                    if (batch.AuditEntries.Count > 0)
                    {
                        var stored = await Collection(AuditHead.Collection).Find(s, new BsonDocument("_id", AuditHead.HeadId)).FirstOrDefaultAsync(token);
                        all.AddRange(AuditChain.AppendWrites(stored is null ? null : BsonSerializer.Deserialize<AuditHead>(stored), batch.AuditEntries));
                    }

                    foreach (var write in all)
                    {
                        await ApplyAsync(s, write, token);
                    }

                    return all;
                },
                cancellationToken: ct);
        });

        foreach (var write in writes)
        {
            write.Committed();
        }
    }

    private async Task ApplyAsync(IClientSessionHandle session, DocumentWrite write, CancellationToken ct)
    {
        var target = Collection(write.Collection);
        var document = write.ToBson();
        if (write.Kind == WriteKind.Insert)
        {
            try
            {
                await target.InsertOneAsync(session, document, cancellationToken: ct);
            }
            catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
            {
                throw new DuplicateKeyException(write.Collection.Name, write.Document.Id, e);
            }

            return;
        }

        var filter = new BsonDocument { { "_id", write.Document.Id }, { "version", write.ExpectedVersion } };
        ReplaceOneResult result;
        try
        {
            result = await target.ReplaceOneAsync(session, filter, document, cancellationToken: ct);
        }
        catch (MongoWriteException e) when (e.WriteError?.Category == ServerErrorCategory.DuplicateKey)
        {
            throw new DuplicateKeyException(write.Collection.Name, write.Document.Id, e);
        }

        if (result.MatchedCount == 0)
        {
            throw new ConcurrencyConflictException(write.Collection.Name, write.Document.Id, write.ExpectedVersion);
        }
    }

    private static BsonDocument Translate(ICollectionDefinition collection, Filter filter)
    {
        switch (filter)
        {
            case Conjunction and:
                return and.Filters.Count == 0
                    ? new BsonDocument()
                    : new BsonDocument("$and", new BsonArray(and.Filters.Select(f => Translate(collection, f))));
            case Comparison c:
                collection.EnsureQueryable(c.Field);
                return c.Operator == ComparisonOperator.Eq
                    ? new BsonDocument(c.Field, c.Value)
                    : new BsonDocument(c.Field, new BsonDocument(OperatorName(c.Operator), c.Value));
            case Membership m:
                collection.EnsureQueryable(m.Field);
                return new BsonDocument(m.Field, new BsonDocument("$in", new BsonArray(m.Values)));
            default:
                throw new NotSupportedException(filter.GetType().Name);
        }
    }

    private static string OperatorName(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Gt => "$gt",
        ComparisonOperator.Gte => "$gte",
        ComparisonOperator.Lt => "$lt",
        ComparisonOperator.Lte => "$lte",
        _ => "$eq",
    };

    private IMongoCollection<BsonDocument> Collection(ICollectionDefinition collection) =>
        _database.GetCollection<BsonDocument>(collection.Name);

    private async Task EnsureAsync(ICollectionDefinition collection)
    {
        var ensure = _ensured.GetOrAdd(collection.Name, _ => new Lazy<Task>(() => CreateAsync(collection)));
        try
        {
            await ensure.Value;
        }
        catch
        {
            _ensured.TryRemove(collection.Name, out _);
            throw;
        }
    }

    private async Task CreateAsync(ICollectionDefinition collection)
    {
        var names = await (await _database.ListCollectionNamesAsync()).ToListAsync();
        if (!names.Contains(collection.Name))
        {
            // Collections cannot be created implicitly inside a transaction on older servers.
            await _database.CreateCollectionAsync(collection.Name);
        }

        var models = collection.Indexes.Select(index =>
        {
            var keys = new BsonDocument(index.Fields.Select(f => new BsonElement(f, 1)));
            // Unique indexes are sparse: documents without the field do not collide, as in SQLite.
            var options = new CreateIndexOptions { Name = index.Name, Unique = index.Unique, Sparse = index.Unique };
            return new CreateIndexModel<BsonDocument>(keys, options);
        }).ToList();
        if (models.Count > 0)
        {
            await Collection(collection).Indexes.CreateManyAsync(models);
        }
    }

    private static async Task<TResult> Guard<TResult>(Func<Task<TResult>> action)
    {
        try
        {
            return await action();
        }
        catch (MongoConnectionException e)
        {
            throw new StoreUnavailableException("MongoDB cannot be reached; retry shortly.", e);
        }
        catch (TimeoutException e)
        {
            throw new StoreUnavailableException("MongoDB did not answer in time; retry shortly.", e);
        }
    }
}
