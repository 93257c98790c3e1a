using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accountability.Platform.Domain;

/// <summary>Discipline organs and their levels, from seeds/organs/organs.json (Organs:File): what jurisdiction and approval-level checks use.</summary>
public sealed class OrganDirectory
{
    private readonly Dictionary<string, Organ> _organs;

    public OrganDirectory(IEnumerable<Organ> organs) => _organs = organs.ToDictionary(o => o.Id);

    public Organ? Find(string id) => _organs.GetValueOrDefault(id);

    public bool IsChildOf(string childId, string parentId) => Find(childId)?.ParentId == parentId;

    public string? LevelOf(string organId) => Find(organId)?.Level;

    public static OrganDirectory Load(string path)
    {
        var file = JsonSerializer.Deserialize<OrganFile>(File.ReadAllText(path), new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{path} holds no organs.");
        return new OrganDirectory(file.Organs);
    }

    private sealed record OrganFile([property: JsonPropertyName("organs")] List<Organ> Organs);
}

public sealed record Organ(string Id, string Name, string Level, string? ParentId, string? Kind = null);
