using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// The stored versions of the eligibility rules: the active one is the latest; v1 is seeded from
/// Tolerance:RulesSeedFile when the store holds none. Versions are only ever inserted.
/// </summary>
public sealed class RuleBook(IDocumentStore store, ToleranceOptions options, TimeProvider clock)
{
    private const string ObjectType = "rule_set";

    /// <summary>The latest version, seeding v1 first when there is none.</summary>
    public async Task<RuleSetRecord> ActiveAsync(CancellationToken ct)
    {
        if (await LatestAsync(ct) is { } latest)
        {
            return latest;
        }

        var content = RuleSeed.Load(options.RulesSeedFile);
        var batch = new WriteBatch(clock.GetUtcNow());
        var seeded = new RuleSetRecord
        {
            Id = RuleSetRecord.VersionOf(1),
            Sequence = 1,
            Content = content,
            ContentSha256 = content.Sha256(),
            PublishedAt = batch.Now,
            PublishedBy = "system:seed",
            Note = "seeded from " + Path.GetFileName(options.RulesSeedFile),
        };
        batch.Insert(RuleSetRecord.Collection, seeded);
        batch.Audit(seeded.PublishedBy, "system", "rule_set.seeded", ObjectType, seeded.Id, seeded.ContentSha256);
        try
        {
            await store.CommitAsync(batch, ct);
            return seeded;
        }
        catch (DuplicateKeyException)
        {
            // Seeded concurrently: the stored one is the same file.
            return await LatestAsync(ct) ?? throw new InvalidOperationException("The seeded rule set vanished.");
        }
    }

    public async Task<RuleSetRecord> GetAsync(string version, CancellationToken ct)
    {
        await ActiveAsync(ct);
        return await store.GetAsync(RuleSetRecord.Collection, version, ct) ?? throw new NotFoundException(ObjectType, version);
    }

    /// <summary>
    /// Stores the next version; a concurrent publication of the same number is ABORTED. Content
    /// identical to the active version (a retried publication) stores nothing and returns the active
    /// version; going back to an older version's content is a new version.
    /// </summary>
    public async Task<RuleSetRecord> PublishAsync(Caller caller, RuleSetContent content, string note, CancellationToken ct)
    {
        var active = await ActiveAsync(ct);
        if (content.Sha256() == active.ContentSha256)
        {
            return active;
        }

        var sequence = active.Sequence + 1;
        var batch = new WriteBatch(clock.GetUtcNow());
        var record = new RuleSetRecord
        {
            Id = RuleSetRecord.VersionOf(sequence),
            Sequence = sequence,
            Content = content,
            ContentSha256 = content.Sha256(),
            PublishedAt = batch.Now,
            PublishedBy = caller.Subject,
            Note = note,
        };
        batch.Insert(RuleSetRecord.Collection, record);
        batch.Audit(caller.Subject, caller.Role, "rule_set.published", ObjectType, record.Id, $"{record.ContentSha256}" + (note.Length > 0 ? ": " + note : ""));
        try
        {
            await store.CommitAsync(batch, ct);
        }
        catch (DuplicateKeyException)
        {
            throw new ConcurrencyConflictException(RuleSetRecord.Collection.Name, record.Id, active.Sequence);
        }

        return record;
    }

    private async Task<RuleSetRecord?> LatestAsync(CancellationToken ct) =>
        (await store.QueryAsync(RuleSetRecord.Collection, new Query(null, "sequence", true, 1), ct)).Items.FirstOrDefault();
}
