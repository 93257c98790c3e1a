using MongoDB.Bson;
using MongoDB.Bson.Serialization;

namespace Accountability.Platform.Storage;

/// <summary>Opaque page tokens: the keyset cursor as base64url BSON.</summary>
public static class PageTokens
{
    public static string Encode(Cursor cursor)
    {
        var document = new BsonDocument { { "v", cursor.SortValue }, { "i", cursor.Id } };
        return Convert.ToBase64String(document.ToBson()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string token, out Cursor? cursor)
    {
        cursor = null;
        if (string.IsNullOrEmpty(token) || token.Length > 512)
        {
            return false;
        }

        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var document = BsonSerializer.Deserialize<BsonDocument>(Convert.FromBase64String(base64));
            if (!document.TryGetValue("i", out var id) || !id.IsString || !document.TryGetValue("v", out var value)
                || value.BsonType is not (BsonType.String or BsonType.Int32 or BsonType.Int64 or BsonType.DateTime or BsonType.Boolean or BsonType.Double))
            {
                return false;
            }

            cursor = new Cursor(value, id.AsString);
            return true;
        }
        catch (Exception)
        {
            // Whatever a forged token makes the decoder throw, it is just not a token of ours.
            return false;
        }
    }
}
