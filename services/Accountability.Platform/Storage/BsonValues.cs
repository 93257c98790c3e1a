using MongoDB.Bson;

namespace Accountability.Platform.Storage;

/// <summary>
/// Turns filter arguments into BSON values the way the class maps serialize them
/// (enums as their names, instants as UTC BSON dates), so a filter means the same in both engines.
/// </summary>
public static class BsonValues
{
    public static BsonValue From(object? value) => value switch
    {
        null => BsonNull.Value,
        BsonValue bson => bson,
        Enum e => new BsonString(e.ToString()),
        DateTimeOffset dto => new BsonDateTime(dto.UtcDateTime),
        DateTime dt => new BsonDateTime(dt.ToUniversalTime()),
        string s => new BsonString(s),
        bool b => BsonBoolean.Create(b),
        int i => new BsonInt32(i),
        long l => new BsonInt64(l),
        double d => new BsonDouble(d),
        _ => throw new ArgumentException($"Values of type {value.GetType().Name} cannot be used in a filter."),
    };

    /// <summary>Reads a dotted path from a document; missing parts give BsonNull.</summary>
    public static BsonValue Read(BsonDocument document, string path)
    {
        BsonValue current = document;
        foreach (var part in path.Split('.'))
        {
            if (current is not BsonDocument d || !d.TryGetValue(part, out current))
            {
                return BsonNull.Value;
            }
        }

        return current;
    }
}
