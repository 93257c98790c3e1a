using Accountability.Platform.Storage;

namespace Accountability.Platform.Audit;

public sealed record AuditVerification(bool Valid, long RecordsChecked, long FirstInvalidSequence, string Problem);

/// <summary>
/// Walks a store's audit chain in sequence order: a changed record fails its hash, a deleted or
/// reordered one breaks the sequence or the link, a cut tail disagrees with the head.
/// </summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(IDocumentStore store, CancellationToken ct)
    {
        var head = await store.GetAsync(AuditHead.Collection, AuditHead.HeadId, ct) ?? new AuditHead();
        var expectedPrevious = AuditChain.GenesisHash;
        long expectedSequence = 1;
        long checkedCount = 0;
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(AuditRecord.Collection, new Query(null, "sequence", false, 500, after), ct);
            foreach (var record in page.Items)
            {
                checkedCount++;
                if (record.Sequence != expectedSequence)
                {
                    return Broken(checkedCount, expectedSequence, $"expected sequence {expectedSequence} but found {record.Sequence}: a record was removed or reordered");
                }

                if (record.PreviousHash != expectedPrevious)
                {
                    return Broken(checkedCount, record.Sequence, "its link to the previous record does not match");
                }

                if (store.AuditChain.ComputeHash(record) != record.Hash)
                {
                    return Broken(checkedCount, record.Sequence, "its content does not match its hash: the record was changed");
                }

                expectedPrevious = record.Hash;
                expectedSequence++;
            }

            after = page.Next;
        }
        while (after is not null);

        if (head.Sequence != expectedSequence - 1 || head.Hash != expectedPrevious)
        {
            return Broken(checkedCount, expectedSequence, $"the chain ends at {expectedSequence - 1} but the head says {head.Sequence}: records were removed from the end");
        }

        return new AuditVerification(true, checkedCount, 0, "");
    }

    private static AuditVerification Broken(long checkedCount, long sequence, string problem) =>
        new(false, checkedCount, sequence, $"record {sequence}: {problem}");
}
