using Accountability.Platform.Storage;

namespace Accountability.Platform.Audit;

/// <summary>
/// The chain's last sequence and hash, written in the same transaction as each record, so that
/// deleting the newest records is detected too (the chain alone cannot show a cut tail).
/// </summary>
public sealed class AuditHead : IDocument
{
    public const string HeadId = "head";

    public static readonly CollectionDefinition<AuditHead> Collection = new("audit_head");

    public string Id { get; init; } = HeadId;

    public long Version { get; set; }

    public long Sequence { get; set; }

    public string Hash { get; set; } = AuditChain.GenesisHash;
}
