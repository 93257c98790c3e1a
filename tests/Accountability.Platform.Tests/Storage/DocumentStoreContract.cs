using System.Text.Json;
using Accountability.Contracts.Clues;
using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using MassTransit;
using Xunit;

namespace Accountability.Platform.Tests.Storage;

/// <summary>
/// What every <see cref="IDocumentStore"/> adapter must do. Each test asks for a fresh, empty store.
/// </summary>
public abstract class DocumentStoreContract
{
    /// <summary>Millisecond precision and UTC: what both engines store for an instant.</summary>
    protected static readonly DateTimeOffset T0 = new(2026, 3, 2, 8, 30, 15, 123, TimeSpan.Zero);

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A new store over an empty database, owned (and cleaned up) by the test class.</summary>
    protected abstract Task<IDocumentStore> CreateStoreAsync();

    [Fact]
    public async Task Insert_then_get_round_trips_every_field()
    {
        var store = await CreateStoreAsync();
        var gadget = Gadget.Make("g1", 42, "open", T0, "red", "blue");
        gadget.Note = "unindexed but stored";

        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, gadget), Ct);

        Assert.Equal(1, gadget.Version);
        var stored = await store.GetAsync(Gadget.Collection, "g1", Ct);
        Assert.NotNull(stored);
        Assert.Equal("g1", stored.Id);
        Assert.Equal(1, stored.Version);
        Assert.Equal("open", stored.Status);
        Assert.Equal(T0, stored.At);
        Assert.Equal(TimeSpan.Zero, stored.At.Offset);
        Assert.Equal(["red", "blue"], stored.Tags);
        Assert.Equal(42, stored.Number);
        Assert.Equal("unindexed but stored", stored.Note);
    }

    [Fact]
    public async Task Get_of_an_unknown_id_returns_null()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);

        Assert.Null(await store.GetAsync(Gadget.Collection, "g2", Ct));
    }

    [Fact]
    public async Task Insert_with_an_existing_id_is_refused_and_keeps_the_stored_document()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);
        var again = Gadget.Make("g1", 2, "closed", T0);

        var e = await Assert.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, again), Ct));

        Assert.Equal("gadgets", e.Collection);
        Assert.Equal("g1", e.Key);
        Assert.Equal(0, again.Version);
        var stored = await store.GetAsync(Gadget.Collection, "g1", Ct);
        Assert.Equal(("open", 1, 1L), (stored!.Status, stored.Number, stored.Version));
    }

    [Fact]
    public async Task Unique_index_collision_is_refused_and_stores_nothing_of_the_batch()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);
        var good = Gadget.Make("g2", 2, "open", T0, "red");
        var colliding = Gadget.Make("g3", 1, "open", T0);

        var e = await Assert.ThrowsAsync<DuplicateKeyException>(() =>
            store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, good).Insert(Gadget.Collection, colliding), Ct));

        Assert.Equal("gadgets", e.Collection);
        Assert.Null(await store.GetAsync(Gadget.Collection, "g2", Ct));
        Assert.Null(await store.GetAsync(Gadget.Collection, "g3", Ct));
        Assert.Equal(1, await store.CountAsync(Gadget.Collection, null, Ct));
        Assert.Equal(0, await store.CountAsync(Gadget.Collection, Filter.Eq("tags", "red"), Ct));
        Assert.Equal((0L, 0L), (good.Version, colliding.Version));
    }

    [Fact]
    public async Task Update_onto_a_unique_value_already_taken_is_refused_and_leaves_the_document_unchanged()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)).Insert(Gadget.Collection, Gadget.Make("g2", 2, "open", T0)), Ct);
        var g2 = (await store.GetAsync(Gadget.Collection, "g2", Ct))!;
        g2.Number = 1;

        await Assert.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new WriteBatch(T0).Update(Gadget.Collection, g2), Ct));

        var stored = await store.GetAsync(Gadget.Collection, "g2", Ct);
        Assert.Equal((2, 1L), (stored!.Number, stored.Version));
    }

    [Fact]
    public async Task Update_with_the_current_version_succeeds_and_increments_the_version()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0, "red")), Ct);
        var read = (await store.GetAsync(Gadget.Collection, "g1", Ct))!;
        read.Status = "closed";
        read.Tags = ["blue"];

        await store.CommitAsync(new WriteBatch(T0).Update(Gadget.Collection, read), Ct);
        Assert.Equal(2, read.Version);
        read.Number = 5;
        await store.CommitAsync(new WriteBatch(T0).Update(Gadget.Collection, read), Ct);

        Assert.Equal(3, read.Version);
        var stored = await store.GetAsync(Gadget.Collection, "g1", Ct);
        Assert.Equal(("closed", 5, 3L), (stored!.Status, stored.Number, stored.Version));
        Assert.Equal(["blue"], stored.Tags);
        // Indexed fields follow the update: the old values no longer match, the new ones do.
        Assert.Equal(0, await store.CountAsync(Gadget.Collection, Filter.Eq("status", "open"), Ct));
        Assert.Equal(0, await store.CountAsync(Gadget.Collection, Filter.Eq("tags", "red"), Ct));
        Assert.Equal(1, await store.CountAsync(Gadget.Collection, Filter.And(Filter.Eq("status", "closed"), Filter.Eq("tags", "blue"), Filter.Eq("number", 5)), Ct));
    }

    [Fact]
    public async Task Update_with_a_stale_version_is_refused_and_leaves_the_stored_document_unchanged()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);
        var first = (await store.GetAsync(Gadget.Collection, "g1", Ct))!;
        var second = (await store.GetAsync(Gadget.Collection, "g1", Ct))!;
        first.Status = "held";
        await store.CommitAsync(new WriteBatch(T0).Update(Gadget.Collection, first), Ct);
        second.Status = "closed";

        var e = await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(new WriteBatch(T0).Update(Gadget.Collection, second), Ct));

        Assert.Equal(("gadgets", "g1", 1L), (e.Collection, e.DocumentId, e.ExpectedVersion));
        Assert.Equal(1, second.Version);
        var stored = await store.GetAsync(Gadget.Collection, "g1", Ct);
        Assert.Equal(("held", 2L), (stored!.Status, stored.Version));
    }

    [Fact]
    public async Task A_failing_update_rolls_back_the_other_writes_of_its_batch()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);
        var stale = (await store.GetAsync(Gadget.Collection, "g1", Ct))!;
        var fresh = (await store.GetAsync(Gadget.Collection, "g1", Ct))!;
        fresh.Status = "held";
        await store.CommitAsync(new WriteBatch(T0).Update(Gadget.Collection, fresh), Ct);
        stale.Status = "closed";

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.CommitAsync(
            new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g2", 2, "open", T0)).Update(Gadget.Collection, stale), Ct));

        Assert.Null(await store.GetAsync(Gadget.Collection, "g2", Ct));
    }

    public static TheoryData<string> FilterCases() => new(FilterCase.All.Keys);

    [Theory]
    [MemberData(nameof(FilterCases))]
    public async Task Filters_select_exactly_the_matching_documents(string name)
    {
        var store = await CreateStoreAsync();
        await SeedFilterDocumentsAsync(store);
        var (filter, expected) = FilterCase.All[name];

        var page = await store.QueryAsync(Gadget.Collection, new Query(filter, "_id", false, 100), Ct);
        var count = await store.CountAsync(Gadget.Collection, filter, Ct);
        var first = await store.FindOneAsync(Gadget.Collection, filter, Ct);

        Assert.Equal(expected, page.Items.Select(g => g.Id).ToArray());
        Assert.Null(page.Next);
        Assert.Equal(expected.Length, count);
        Assert.Equal(expected.FirstOrDefault(), first?.Id);
    }

    [Fact]
    public async Task Count_without_a_filter_counts_every_document()
    {
        var store = await CreateStoreAsync();
        Assert.Equal(0, await store.CountAsync(Gadget.Collection, null, Ct));
        await SeedFilterDocumentsAsync(store);

        Assert.Equal(6, await store.CountAsync(Gadget.Collection, null, Ct));
        Assert.Equal(6, await store.CountAsync(Gadget.Collection, Filter.And(), Ct));
    }

    [Theory]
    [InlineData("at", true)]
    [InlineData("at", false)]
    [InlineData("status", true)]
    [InlineData("status", false)]
    [InlineData("number", true)]
    [InlineData("number", false)]
    [InlineData("_id", true)]
    [InlineData("_id", false)]
    public async Task Keyset_paging_returns_every_document_exactly_once_in_order(string orderBy, bool descending)
    {
        var store = await CreateStoreAsync();
        // Ties on "at" and "status" make the id the tie-breaker; ids are inserted out of order.
        var gadgets = Enumerable.Range(0, 11)
            .Select(i => Gadget.Make($"g{(i * 7) % 11:D2}", 100 - (i * 3), $"s{i % 3}", T0.AddMinutes(i % 4), $"t{i % 2}"))
            .ToList();
        var batch = new WriteBatch(T0);
        gadgets.ForEach(g => batch.Insert(Gadget.Collection, g));
        await store.CommitAsync(batch, Ct);
        var expected = Ordered(gadgets, orderBy, descending).Select(g => g.Id).ToList();

        var seen = new List<string>();
        Cursor? after = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAsync(Gadget.Collection, new Query(null, orderBy, descending, 3, after), Ct);
            pages++;
            seen.AddRange(page.Items.Select(g => g.Id));
            if (page.Next is not null)
            {
                Assert.Equal(3, page.Items.Count);
                // The cursor travels as a page token, as the gRPC services hand it out.
                Assert.True(PageTokens.TryDecode(PageTokens.Encode(page.Next), out after));
            }
            else
            {
                after = null;
            }
        }
        while (after is not null && pages < 20);

        Assert.Equal(expected, seen);
        Assert.Equal(4, pages);
    }

    [Fact]
    public async Task Keyset_paging_applies_the_filter_on_every_page()
    {
        var store = await CreateStoreAsync();
        var batch = new WriteBatch(T0);
        for (var i = 0; i < 10; i++)
        {
            batch.Insert(Gadget.Collection, Gadget.Make($"g{i}", i, i % 2 == 0 ? "open" : "closed", T0.AddSeconds(i), i % 3 == 0 ? "red" : "blue"));
        }

        await store.CommitAsync(batch, Ct);
        var filter = Filter.And(Filter.Eq("status", "open"), Filter.Eq("tags", "blue"));

        var first = await store.QueryAsync(Gadget.Collection, new Query(filter, "at", true, 2), Ct);
        var second = await store.QueryAsync(Gadget.Collection, new Query(filter, "at", true, 2, first.Next), Ct);

        Assert.Equal(["g8", "g4"], first.Items.Select(g => g.Id));
        Assert.Equal(["g2"], second.Items.Select(g => g.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task Querying_a_field_without_an_index_is_refused()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() => store.QueryAsync(Gadget.Collection, new Query(Filter.Eq("note", "x"), "_id", false, 10), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.QueryAsync(Gadget.Collection, new Query(null, "note", false, 10), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CountAsync(Gadget.Collection, Filter.And(Filter.Eq("status", "open"), Filter.In("note", ["x"])), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.FindOneAsync(Gadget.Collection, Filter.Gt("note", "x"), Ct));
    }

    [Fact]
    public async Task Publish_stores_the_outbox_message_in_the_same_commit()
    {
        var store = await CreateStoreAsync();
        var concluded = new ClueConcluded { ClueId = "clue-1", PetitionId = "p-1", Result = "closed", ConcludedAt = T0 };
        var batch = new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)).Publish(concluded);
        var outbox = batch.Writes.Select(w => w.Document).OfType<OutboxMessage>().Single();

        await store.CommitAsync(batch, Ct);

        var stored = await store.GetAsync(OutboxMessage.Collection, outbox.Id, Ct);
        Assert.NotNull(stored);
        Assert.Equal(MessageUrn.ForTypeString(typeof(ClueConcluded)), stored.MessageType);
        Assert.Equal(concluded, JsonSerializer.Deserialize<ClueConcluded>(stored.Payload, ContractJson.Options));
        Assert.Equal(T0, stored.OccurredAt);
        Assert.False(stored.Dispatched);
        Assert.Equal(1, stored.Version);
        var pending = await store.QueryAsync(OutboxMessage.Collection, new Query(Filter.Eq("dispatched", false), "occurredAt", false, 10), Ct);
        Assert.Equal([outbox.Id], pending.Items.Select(m => m.Id));
    }

    [Fact]
    public async Task Publish_in_a_failing_batch_stores_no_outbox_message()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0)), Ct);
        var concluded = new ClueConcluded { ClueId = "clue-1", Result = "closed", ConcludedAt = T0 };

        await Assert.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(
            new WriteBatch(T0).Publish(concluded).Insert(Gadget.Collection, Gadget.Make("g1", 2, "open", T0)), Ct));

        Assert.Equal(0, await store.CountAsync(OutboxMessage.Collection, null, Ct));
    }

    [Fact]
    public async Task Audit_entries_get_consecutive_sequence_numbers_across_batches_and_verify()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0)
            .Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0))
            .Audit("alice", "clerk", "create", "gadget", "g1", "r1")
            .Audit("alice", "clerk", "tag", "gadget", "g1"), Ct);
        // The system clock has sub-millisecond ticks; the chain must hash what the engine keeps.
        await store.CommitAsync(new WriteBatch(TimeProvider.System.GetUtcNow())
            .Audit("bob", "reviewer", "review", "gadget", "g1", "r3")
            .Audit("bob", "reviewer", "approve", "gadget", "g1", "r4")
            .Audit("bob", "reviewer", "close", "gadget", "g1", "r5"), Ct);
        // A failing batch takes no sequence number.
        await Assert.ThrowsAsync<DuplicateKeyException>(() => store.CommitAsync(new WriteBatch(T0)
            .Insert(Gadget.Collection, Gadget.Make("g1", 2, "open", T0))
            .Audit("mallory", "clerk", "create", "gadget", "g1", "lost"), Ct));
        await store.CommitAsync(new WriteBatch(T0.AddHours(1)).Audit("carol", "admin", "archive", "gadget", "g1", "r6"), Ct);

        var records = (await store.QueryAsync(AuditRecord.Collection, new Query(null, "sequence", false, 100), Ct)).Items;

        Assert.Equal([1L, 2, 3, 4, 5, 6], records.Select(r => r.Sequence));
        Assert.Equal(["r1", "", "r3", "r4", "r5", "r6"], records.Select(r => r.Reason));
        Assert.Equal(AuditChain.GenesisHash, records[0].PreviousHash);
        for (var i = 1; i < records.Count; i++)
        {
            Assert.Equal(records[i - 1].Hash, records[i].PreviousHash);
        }

        var verification = await AuditVerifier.VerifyAsync(store, Ct);
        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(6, verification.RecordsChecked);
        Assert.Equal(0, verification.FirstInvalidSequence);
    }

    [Fact]
    public async Task An_empty_audit_chain_verifies()
    {
        var store = await CreateStoreAsync();

        var verification = await AuditVerifier.VerifyAsync(store, Ct);

        Assert.True(verification.Valid, verification.Problem);
        Assert.Equal(0, verification.RecordsChecked);
    }

    [Fact]
    public async Task Concurrent_takers_of_a_counter_series_commit_every_number_once_without_gaps()
    {
        var store = await CreateStoreAsync();
        var series = new CounterSeries(store);

        var taken = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => TakeNumberAsync(store, series, $"g{i:D2}"), Ct)));

        Assert.Equal(Enumerable.Range(1, 40).Select(n => (long)n), taken.Order());
        var stored = (await store.QueryAsync(Gadget.Collection, new Query(null, "number", false, 100), Ct)).Items;
        Assert.Equal(Enumerable.Range(1, 40), stored.Select(g => g.Number));
        Assert.Equal(40, (await store.GetAsync(Counter.Collection, "gadgets", Ct))!.Value);
    }

    [Fact]
    public async Task A_taker_whose_batch_fails_stores_nothing_and_the_series_stays_gap_free()
    {
        var store = await CreateStoreAsync();
        await store.CommitAsync(new WriteBatch(T0).Insert(Gadget.Collection, Gadget.Make("taken", 1000, "open", T0)), Ct);
        var series = new CounterSeries(store);

        // Takers 10 and 20 insert an id that exists: their batches fail, and the takers behind them,
        // which counted on their numbers, fail their version check and take a number again.
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(async () =>
        {
            try
            {
                return (i, Number: await TakeNumberAsync(store, series, i is 10 or 20 ? "taken" : $"g{i:D2}"), Refused: false);
            }
            catch (DuplicateKeyException)
            {
                return (i, Number: 0L, Refused: true);
            }
        }, Ct)));

        Assert.Equal([10, 20], outcomes.Where(o => o.Refused).Select(o => o.i).Order());
        Assert.Equal(Enumerable.Range(1, 28).Select(n => (long)n), outcomes.Where(o => !o.Refused).Select(o => o.Number).Order());
        var stored = (await store.QueryAsync(Gadget.Collection, new Query(Filter.Lt("number", 1000), "number", false, 100), Ct)).Items;
        Assert.Equal(Enumerable.Range(1, 28), stored.Select(g => g.Number));
        Assert.Equal(28, (await store.GetAsync(Counter.Collection, "gadgets", Ct))!.Value);
    }

    /// <summary>Takes the next number of the "gadgets" series for a new gadget, again after a version conflict, as a service would.</summary>
    private static async Task<long> TakeNumberAsync(IDocumentStore store, CounterSeries series, string id)
    {
        for (var attempt = 1; ; attempt++)
        {
            var batch = new WriteBatch(T0);
            try
            {
                return await series.CommitNextAsync("gadgets", batch, number => batch.Insert(Gadget.Collection, Gadget.Make(id, (int)number, "open", T0)), Ct);
            }
            catch (ConcurrencyConflictException) when (attempt < 30)
            {
            }
        }
    }

    private static async Task SeedFilterDocumentsAsync(IDocumentStore store)
    {
        var batch = new WriteBatch(T0)
            .Insert(Gadget.Collection, Gadget.Make("g1", 1, "open", T0, "red"))
            .Insert(Gadget.Collection, Gadget.Make("g2", 2, "open", T0.AddMinutes(1), "red", "blue"))
            .Insert(Gadget.Collection, Gadget.Make("g3", 3, "closed", T0.AddMinutes(2), "blue"))
            .Insert(Gadget.Collection, Gadget.Make("g4", 4, "open", T0.AddMinutes(3)))
            .Insert(Gadget.Collection, Gadget.Make("g5", 5, "held", T0.AddMinutes(4), "green", "red"))
            .Insert(Gadget.Collection, Gadget.Make("g6", 6, "closed", T0.AddMinutes(5), "green"));
        await store.CommitAsync(batch, Ct);
    }

    private static IEnumerable<Gadget> Ordered(List<Gadget> gadgets, string orderBy, bool descending)
    {
        Comparison<Gadget> byField = orderBy switch
        {
            "at" => (a, b) => a.At.CompareTo(b.At),
            "status" => (a, b) => string.CompareOrdinal(a.Status, b.Status),
            "number" => (a, b) => a.Number.CompareTo(b.Number),
            "_id" => (_, _) => 0,
            _ => throw new ArgumentOutOfRangeException(nameof(orderBy)),
        };
        var sorted = gadgets.ToList();
        sorted.Sort((a, b) =>
        {
            var c = byField(a, b);
            c = c != 0 ? c : string.CompareOrdinal(a.Id, b.Id);
            return descending ? -c : c;
        });
        return sorted;
    }

    /// <summary>Named filters over the six seeded gadgets, with the ids each must select (in id order).</summary>
    private static class FilterCase
    {
        public static readonly IReadOnlyDictionary<string, (Filter Filter, string[] Expected)> All = new Dictionary<string, (Filter, string[])>
        {
            ["status eq"] = (Filter.Eq("status", "open"), ["g1", "g2", "g4"]),
            ["status in"] = (Filter.In("status", ["closed", "held"]), ["g3", "g5", "g6"]),
            ["status in nothing"] = (Filter.In("status", Array.Empty<string>()), []),
            ["status eq no match"] = (Filter.Eq("status", "gone"), []),
            ["number gt"] = (Filter.Gt("number", 4), ["g5", "g6"]),
            ["number gte"] = (Filter.Gte("number", 4), ["g4", "g5", "g6"]),
            ["number lt"] = (Filter.Lt("number", 2), ["g1"]),
            ["number lte"] = (Filter.Lte("number", 2), ["g1", "g2"]),
            ["number eq as long"] = (Filter.Eq("number", 3L), ["g3"]),
            ["number in"] = (Filter.In("number", [2, 6, 99]), ["g2", "g6"]),
            ["at gt"] = (Filter.Gt("at", T0.AddMinutes(3)), ["g5", "g6"]),
            ["at gte"] = (Filter.Gte("at", T0.AddMinutes(3)), ["g4", "g5", "g6"]),
            ["at lt"] = (Filter.Lt("at", T0.AddMinutes(1)), ["g1"]),
            ["at lte"] = (Filter.Lte("at", T0.AddMinutes(1)), ["g1", "g2"]),
            ["at gte in another offset"] = (Filter.Gte("at", T0.AddMinutes(2).ToOffset(TimeSpan.FromHours(8))), ["g3", "g4", "g5", "g6"]),
            ["at eq"] = (Filter.Eq("at", T0.AddMinutes(2)), ["g3"]),
            ["range with and"] = (Filter.And(Filter.Gt("number", 1), Filter.Lte("number", 4)), ["g2", "g3", "g4"]),
            ["and of scalar fields"] = (Filter.And(Filter.Eq("status", "open"), Filter.Gte("at", T0.AddMinutes(1))), ["g2", "g4"]),
            ["and drops null members"] = (Filter.And(Filter.Eq("status", "closed"), null), ["g3", "g6"]),
            ["and of multikey and scalar"] = (Filter.And(Filter.Eq("tags", "red"), Filter.Eq("status", "open")), ["g1", "g2"]),
            ["and of two multikey conditions"] = (Filter.And(Filter.Eq("tags", "red"), Filter.Eq("tags", "blue")), ["g2"]),
            ["tags eq"] = (Filter.Eq("tags", "red"), ["g1", "g2", "g5"]),
            ["tags in"] = (Filter.In("tags", ["blue", "green"]), ["g2", "g3", "g5", "g6"]),
            ["tags in nothing"] = (Filter.In("tags", Array.Empty<string>()), []),
            ["id eq"] = (Filter.Eq("_id", "g3"), ["g3"]),
            ["id in"] = (Filter.In("_id", ["g1", "g6", "missing"]), ["g1", "g6"]),
        };
    }
}
