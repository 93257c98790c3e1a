using MongoDB.Bson;

namespace Accountability.Platform.Storage;

/// <summary>A small filter language that both adapters translate: comparisons, sets and conjunction.</summary>
public abstract record Filter
{
    public static Filter Eq(string field, object? value) => new Comparison(field, ComparisonOperator.Eq, BsonValues.From(value));

    public static Filter Gt(string field, object value) => new Comparison(field, ComparisonOperator.Gt, BsonValues.From(value));

    public static Filter Gte(string field, object value) => new Comparison(field, ComparisonOperator.Gte, BsonValues.From(value));

    public static Filter Lt(string field, object value) => new Comparison(field, ComparisonOperator.Lt, BsonValues.From(value));

    public static Filter Lte(string field, object value) => new Comparison(field, ComparisonOperator.Lte, BsonValues.From(value));

    public static Filter In<TValue>(string field, IEnumerable<TValue> values) =>
        new Membership(field, values.Select(v => BsonValues.From(v)).ToArray());

    /// <summary>Conjunction; null members are dropped so optional criteria compose.</summary>
    public static Filter And(params Filter?[] filters) => new Conjunction(filters.OfType<Filter>().ToArray());

    public abstract IEnumerable<string> Fields { get; }
}

public enum ComparisonOperator
{
    Eq,
    Gt,
    Gte,
    Lt,
    Lte,
}

public sealed record Comparison(string Field, ComparisonOperator Operator, BsonValue Value) : Filter
{
    public override IEnumerable<string> Fields => [Field];
}

public sealed record Membership(string Field, IReadOnlyList<BsonValue> Values) : Filter
{
    public override IEnumerable<string> Fields => [Field];
}

public sealed record Conjunction(IReadOnlyList<Filter> Filters) : Filter
{
    public override IEnumerable<string> Fields => Filters.SelectMany(f => f.Fields);
}
