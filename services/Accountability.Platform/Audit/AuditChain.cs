using System.Security.Cryptography;
using System.Text;

namespace Accountability.Platform.Audit;

/// <summary>
/// The hash chain over audit records, used by every storage adapter when it appends and by
/// verification: each record's hash covers its fields and the previous record's hash.
/// </summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Appends entries behind the head; returns the records to insert (the head is advanced in place).</summary>
    public static IReadOnlyList<AuditRecord> Extend(AuditHead head, IEnumerable<AuditEntry> entries)
    {
        var records = new List<AuditRecord>();
        foreach (var entry in entries)
        {
            var sequence = head.Sequence + 1;
            var hash = ComputeHash(head.Hash, sequence, entry);
            records.Add(new AuditRecord
            {
                Id = sequence.ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
                Sequence = sequence,
                At = entry.At,
                Actor = entry.Actor,
                Role = entry.Role,
                Action = entry.Action,
                ObjectType = entry.ObjectType,
                ObjectId = entry.ObjectId,
                Reason = entry.Reason,
                PreviousHash = head.Hash,
                Hash = hash,
            });
            head.Sequence = sequence;
            head.Hash = hash;
        }

        return records;
    }

    public static string ComputeHash(string previousHash, long sequence, AuditEntry entry)
    {
        // Unit separators keep field boundaries unambiguous; the instant is hashed at the
        // millisecond precision that both engines store.
        var canonical = string.Join('\u001f',
            previousHash,
            sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
            entry.At.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            entry.Actor, entry.Role, entry.Action, entry.ObjectType, entry.ObjectId, entry.Reason);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    public static string ComputeHash(AuditRecord record) => ComputeHash(
        record.PreviousHash,
        record.Sequence,
        new AuditEntry(record.At, record.Actor, record.Role, record.Action, record.ObjectType, record.ObjectId, record.Reason));
}
