namespace Accountability.Petitions.Domain;

/// <summary>
/// Tiered acceptance by cadre-management authority (分级受理, 检举控告规则 Art.11): which accused
/// levels an organ handles at its own level is data (Petitions:OwnLevels, by organ level); a more
/// senior accused belongs upward, a more junior one downward. The most senior accused decides.
/// </summary>
public sealed class JurisdictionRules(OrganDirectory organs, PetitionsOptions options)
{
    private static readonly IReadOnlyDictionary<Level, int> Rank = new Dictionary<Level, int>
    {
        [Level.Province] = 0,
        [Level.City] = 1,
        [Level.County] = 2,
        [Level.Township] = 3,
        [Level.Village] = 4,
    };

    public Jurisdiction For(string organId, IReadOnlyCollection<AccusedPerson> accused)
    {
        var organ = organs.Find(organId) ?? throw new InvalidOperationException($"Organ '{organId}' is not in the organ directory.");
        if (!options.OwnLevels.TryGetValue(organ.Level, out var own) || own.Count == 0)
        {
            throw new InvalidOperationException($"Petitions:OwnLevels has no entry for organ level '{organ.Level}'.");
        }

        var senior = accused.Where(a => Rank.ContainsKey(a.Level)).MinBy(a => Rank[a.Level])?.Level ?? Level.Unspecified;
        if (senior == Level.Unspecified || own.Contains(senior))
        {
            return Jurisdiction.OwnLevel;
        }

        return Rank[senior] < own.Min(l => Rank[l]) ? Jurisdiction.Upper : Jurisdiction.Lower;
    }
}
