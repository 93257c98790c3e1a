using System.Text.Json;

namespace Accountability.Tolerance.Domain;

/// <summary>Reads the first rule set from seeds/tolerance/rules-v1.json: its "version" must be v1 and its content valid.</summary>
public static class RuleSeed
{
    public static RuleSetContent Load(string path)
    {
        var json = File.ReadAllText(path);
        using (var document = JsonDocument.Parse(json))
        {
            if (!document.RootElement.TryGetProperty("version", out var version) || version.GetString() != RuleSetRecord.VersionOf(1))
            {
                throw new InvalidDataException("its \"version\" must be \"v1\": later versions are published over the API.");
            }
        }

        var content = JsonSerializer.Deserialize<RuleSetContent>(json, RuleSetContent.Json) ?? throw new InvalidDataException("it holds no rule set.");
        var problems = content.Problems("").Select(p => $"{p.Field}: {p.Problem}").ToList();
        return problems.Count == 0 ? content : throw new InvalidDataException(string.Join("; ", problems));
    }
}
