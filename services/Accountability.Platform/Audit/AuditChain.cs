using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Accountability.Platform.Audit;

/// <summary>
/// The hash chain over audit records, used by every storage adapter when it appends and by
/// verification: each record's hash covers its fields and the previous record's hash. Keyed
/// (HMAC-SHA256 with a key from configuration, never stored with the data), someone who can
/// write the database still cannot forge a consistent chain after editing it.
/// </summary>
public sealed class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>Plain SHA-256: detects accidents and partial tampering only; for tests and tools.</summary>
    public static readonly AuditChain Unkeyed = new(null);

    private readonly byte[]? _key;

    public AuditChain(byte[]? key) => _key = key;

    public bool IsKeyed => _key is not null;

    /// <summary>Appends entries behind the head; returns the records to insert (the head is advanced in place).</summary>
    public IReadOnlyList<AuditRecord> Extend(AuditHead head, IEnumerable<AuditEntry> entries)
    {
        var records = new List<AuditRecord>();
        foreach (var entry in entries)
        {
            var sequence = head.Sequence + 1;
            var hash = ComputeHash(head.Hash, sequence, entry);
            records.Add(new AuditRecord
            {
                Id = sequence.ToString("D12", CultureInfo.InvariantCulture),
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

    /// <summary>The writes that append entries behind the stored head (null: an empty chain), head included.</summary>
    public IReadOnlyList<Storage.DocumentWrite> AppendWrites(AuditHead? storedHead, IEnumerable<AuditEntry> entries)
    {
        var head = storedHead ?? new AuditHead();
        var writes = Extend(head, entries).Select(r => new Storage.DocumentWrite(AuditRecord.Collection, r, Storage.WriteKind.Insert)).ToList();
        writes.Add(new Storage.DocumentWrite(AuditHead.Collection, head, head.Version == 0 ? Storage.WriteKind.Insert : Storage.WriteKind.Update));
        return writes;
    }

    public string ComputeHash(string previousHash, long sequence, AuditEntry entry)
    {
        // Unit separators keep field boundaries unambiguous; the instant is hashed at the
        // millisecond precision that both engines store.
        var canonical = Encoding.UTF8.GetBytes(string.Join('\u001f',
            previousHash,
            sequence.ToString(CultureInfo.InvariantCulture),
            entry.At.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            entry.Actor, entry.Role, entry.Action, entry.ObjectType, entry.ObjectId, entry.Reason));
        return Convert.ToHexStringLower(_key is null ? SHA256.HashData(canonical) : HMACSHA256.HashData(_key, canonical));
    }

    public string ComputeHash(AuditRecord record) => ComputeHash(
        record.PreviousHash,
        record.Sequence,
        new AuditEntry(record.At, record.Actor, record.Role, record.Action, record.ObjectType, record.ObjectId, record.Reason));
}
