using System.Text.Json;

namespace Accountability.Clues.Domain;

/// <summary>The level of each discipline organ (seeds/organs/organs.json): who may approve a false-accusation finding.</summary>
public sealed class OrganLevels(IReadOnlyDictionary<string, string> levels)
{
    public string? LevelOf(string organId) => levels.GetValueOrDefault(organId);

    public static OrganLevels Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("organs", out var organs) || organs.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidOperationException($"{path} holds no \"organs\" array.");
        }

        var levels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var organ in organs.EnumerateArray())
        {
            levels[organ.GetProperty("id").GetString()!] = organ.GetProperty("level").GetString()!;
        }

        return new OrganLevels(levels);
    }
}
