using System.Text.Json;

namespace Accountability.Petitions.Domain;

/// <summary>A reporter's identity in clear: only ever in memory, encrypted before it is stored.</summary>
public sealed record ReporterIdentityData(string Name, string Unit, string Phone, string Address, string IdNumber)
{
    /// <summary>Named (实名) = a real name or unit name plus a concrete contact (shared/domain.md §2.3).</summary>
    public bool IsNamed => (Name.Trim().Length > 0 || Unit.Trim().Length > 0) && Phone.Trim().Length > 0;

    public bool IsEmpty => string.Concat(Name, Unit, Phone, Address, IdNumber).Trim().Length == 0;

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static ReporterIdentityData FromBytes(byte[] bytes) =>
        JsonSerializer.Deserialize<ReporterIdentityData>(bytes) ?? throw new InvalidOperationException("Empty reporter identity.");

    /// <summary>
    /// The parts of the identity that must never appear in text leaving this service. The unit
    /// counts too, unless it is an accused person's unit (a summary has to name that).
    /// </summary>
    public IEnumerable<string> SensitiveParts(IEnumerable<string> accusedUnits)
    {
        var units = accusedUnits.Select(u => u.Trim()).ToHashSet(StringComparer.Ordinal);
        var parts = new List<string> { Name, Phone, IdNumber, Address };
        if (!units.Contains(Unit.Trim()))
        {
            parts.Add(Unit);
        }

        return parts.Select(p => p.Trim()).Where(p => p.Length >= 2);
    }
}
