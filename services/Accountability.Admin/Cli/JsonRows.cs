using System.Text.Json;
using System.Text.Json.Nodes;

namespace Accountability.Admin.Cli;

/// <summary>
/// Reads the entries of top-level arrays of a JSON file (e.g. {"organs": [...], "cadres": [...]})
/// with the line each entry starts on, so entries acct cannot use are named by line as CSV rows are.
/// </summary>
public static class JsonRows
{
    public static Dictionary<string, List<(int Line, JsonNode? Entry)>> Read(string path, string option, params string[] arrays)
    {
        var bytes = File.ReadAllBytes(path);
        var start = bytes.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0;
        var json = bytes.AsMemory(start);
        var options = new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json.Span, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw CliException.Usage(option, Texts.T("{0} is not valid JSON: {1}", path, e.Message));
        }

        if (root is not JsonObject top || !arrays.Any(top.ContainsKey))
        {
            throw CliException.Usage(option, Texts.T("{0} must hold an object with the arrays {1}", path, string.Join(", ", arrays)));
        }

        // Where each entry starts: the tokens at depth 2 under a wanted array of the top object.
        var starts = arrays.ToDictionary(a => a, _ => new List<long>(), StringComparer.Ordinal);
        var reader = new Utf8JsonReader(json.Span, options);
        string? property = null;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                property = reader.GetString();
            }
            else if (reader.CurrentDepth == 2 && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray or JsonTokenType.PropertyName)
                && property is not null && starts.TryGetValue(property, out var offsets))
            {
                offsets.Add(reader.TokenStartIndex);
            }
        }

        var lineStarts = new List<long> { 0 };
        for (var i = 0; i < json.Length; i++)
        {
            if (json.Span[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }

        int LineOf(long offset)
        {
            var found = lineStarts.BinarySearch(offset);
            return found >= 0 ? found + 1 : ~found;
        }

        var result = new Dictionary<string, List<(int, JsonNode?)>>(StringComparer.Ordinal);
        foreach (var name in arrays)
        {
            var entries = new List<(int, JsonNode?)>();
            if (top[name] is JsonArray array)
            {
                for (var i = 0; i < array.Count; i++)
                {
                    entries.Add((i < starts[name].Count ? LineOf(starts[name][i]) : 0, array[i]));
                }
            }
            else if (top.ContainsKey(name) && top[name] is not null)
            {
                throw CliException.Usage(option, Texts.T("{0}: {1} must be an array", path, name));
            }

            result[name] = entries;
        }

        return result;
    }
}
