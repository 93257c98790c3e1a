using MongoDB.Bson;

namespace Accountability.Platform.Storage;

/// <summary>Where a keyset page ends: the sort value and id of its last document.</summary>
public sealed record Cursor(BsonValue SortValue, string Id);

/// <summary>
/// A filtered, keyset-paged read: documents ordered by one indexed field, ties broken by id,
/// both in the same direction; <see cref="After"/> continues behind a previous page. The sort
/// field must hold a value in every document the filter matches: neither engine can continue a
/// keyset behind a null.
/// </summary>
public sealed record Query(Filter? Where, string OrderBy, bool Descending, int Limit, Cursor? After = null);

public sealed record Page<T>(IReadOnlyList<T> Items, Cursor? Next);
