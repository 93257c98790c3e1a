using Accountability.Contracts.CaseFiles;
using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.CaseFiles.Domain;

public sealed record OpinionRequest(string IdempotencyKey, IReadOnlyList<string> CadreIds, OpinionPurpose Purpose, DateOnly? AsOf, string RequestHash);

public sealed record OpinionListFilter(string? CadreId, string? BatchId, bool OverdueOnly, int DueWithinWorkingDays = 0);

/// <summary>
/// Integrity opinions: the answer is computed from the dossier when the organisation department
/// asks, archived with the requester and a reply deadline, and replied by the signatures of the
/// checking offices (谁审查、谁签字, shared/domain.md §7). A batch answers for every candidate in
/// one commit, reading all their dossiers together.
/// </summary>
public sealed class OpinionWorkflow(
    IDocumentStore store,
    DossierReader reader,
    CadreDirectory directory,
    FieldProtector protector,
    DeadlineClock deadlines,
    WorkingCalendar calendar,
    CaseFilesOptions options,
    TimeProvider clock)
{
    private const string ObjectType = "integrity_opinion";
    private const int CommitAttempts = 3;

    /// <summary>Opinions for every candidate, in the order asked; a repeated key returns the first answers.</summary>
    public async Task<(string? BatchId, IReadOnlyList<IntegrityOpinion> Opinions)> RequestAsync(Caller caller, OpinionRequest request, bool batch, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + request.IdempotencyKey);
        var batchId = batch ? "batch_" + scope[..32] : null;
        for (var attempt = 1; ; attempt++)
        {
            var existing = await ExistingAsync(scope, batchId, ct);
            if (existing.Count == 0 && await UsedByTheOtherFormAsync(scope, batch, ct))
            {
                throw RequestValidationException.For("idempotency_key", batch ? "was already used for a single opinion request" : "was already used for a batch of opinion requests");
            }

            if (existing.Count > 0)
            {
                if (existing[0].RequestHash != request.RequestHash)
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different request");
                }

                var order = request.CadreIds.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
                return (batchId, existing.OrderBy(o => order.GetValueOrDefault(o.CadreId)).ToList());
            }

            var cadres = await directory.GetManyAsync(request.CadreIds, ct);
            var v = new RequestValidator();
            for (var i = 0; i < request.CadreIds.Count; i++)
            {
                if (!cadres.ContainsKey(request.CadreIds[i]))
                {
                    if (!batch)
                    {
                        throw new NotFoundException("cadre", request.CadreIds[i]);
                    }

                    v.Add($"cadre_ids[{i}]", $"'{request.CadreIds[i]}' is not a cadre of the directory");
                }
            }

            v.ThrowIfInvalid();
            var now = clock.GetUtcNow();
            var asOf = request.AsOf ?? deadlines.LocalDate(now);
            var ordered = request.CadreIds.Select(id => cadres[id]).ToList();
            var (generation, views) = await reader.ReadAsync(ordered, asOf, ct);
            var write = new WriteBatch(now);
            var opinions = new List<IntegrityOpinion>();
            foreach (var cadre in ordered)
            {
                var (answer, reasons) = OpinionEngine.Decide(views[cadre.Id], options);
                var opinion = new IntegrityOpinion
                {
                    Id = "op_" + NewId.NextGuid().ToString("N"),
                    IdempotencyScope = batch ? scope + ":" + cadre.Id : scope,
                    RequestHash = request.RequestHash,
                    BatchId = batchId,
                    CadreId = cadre.Id,
                    CadreName = cadre.Name,
                    Purpose = request.Purpose,
                    AsOf = DossierAnalyzer.Format(asOf),
                    AsOfGiven = request.AsOf is not null,
                    RequestedOrgan = caller.Organ,
                    Answer = answer,
                    Reasons = reasons.ToList(),
                    Generation = generation,
                    Status = OpinionStatus.AwaitingSignature,
                    RequestedBy = caller.Subject,
                    RequestedRole = caller.Role,
                    RequestedAt = now,
                };
                deadlines.Open(opinion, deadlines.InWorkingDays(IntegrityOpinion.ReplyDeadline, now, options.OpinionReplyWorkingDays));
                write.Insert(IntegrityOpinion.Collection, opinion);
                write.Audit(caller.Subject, caller.Role, "integrity_opinion.requested", ObjectType, opinion.Id,
                    $"{Names.Snake(request.Purpose)} for {cadre.Id}: {Names.Snake(answer)}" + (batchId is null ? "" : $" (batch {batchId})"));
                opinions.Add(opinion);
            }

            try
            {
                await store.CommitAsync(write, ct);
                return (batchId, opinions);
            }
            catch (DuplicateKeyException) when (attempt < CommitAttempts)
            {
                // The same key raced us: read again.
            }
        }
    }

    /// <summary>The reply: the checking offices sign; the reply deadline is met.</summary>
    public async Task<IntegrityOpinion> SignAsync(Caller caller, string id, IReadOnlyList<string> signers, long expectedVersion, CancellationToken ct)
    {
        var opinion = await GetAsync(id, ct);
        if (expectedVersion != 0 && opinion.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(IntegrityOpinion.Collection.Name, id, expectedVersion);
        }

        if (opinion.Status != OpinionStatus.AwaitingSignature)
        {
            throw new InvalidStateException(ObjectType, id, Names.State(opinion.Status), "sign");
        }

        // The reply states what the dossier says when it is signed: the answer is computed again (as of
        // the signing day, or the day the requester named) and, if it changed, the new one is stored.
        var cadre = await directory.GetAsync(opinion.CadreId, ct) ?? throw new NotFoundException("cadre", opinion.CadreId);
        var asOf = opinion.AsOfGiven ? DeadlineClock.Parse(opinion.AsOf) : deadlines.LocalDate(clock.GetUtcNow());
        var (_, views) = await reader.ReadAsync([cadre], asOf, ct);
        var (answer, reasons) = OpinionEngine.Decide(views[cadre.Id], options);
        var changed = answer != opinion.Answer;
        if (changed)
        {
            opinion.AnswerAtRequest = opinion.Answer;
        }

        opinion.Answer = answer;
        opinion.Reasons = reasons.ToList();
        opinion.AsOf = DossierAnalyzer.Format(asOf);

        var now = clock.GetUtcNow();
        opinion.Status = OpinionStatus.Replied;
        opinion.Signers = signers.ToList();
        opinion.SignedBy = caller.Subject;
        opinion.RepliedAt = now;
        deadlines.Meet(opinion, IntegrityOpinion.ReplyDeadline, now);
        var batch = new WriteBatch(now);
        batch.Update(IntegrityOpinion.Collection, opinion);
        batch.Publish(new IntegrityOpinionReplied
        {
            OpinionId = opinion.Id,
            CadreId = opinion.CadreId,
            Purpose = Names.Snake(opinion.Purpose),
            Answer = Names.Snake(opinion.Answer),
            RepliedAt = now,
        });
        batch.Audit(caller.Subject, caller.Role, "integrity_opinion.replied", ObjectType, opinion.Id,
            "signed by " + string.Join(", ", signers) + (changed ? $"; the answer changed since the request from {Names.Snake(opinion.AnswerAtRequest!.Value)} to {Names.Snake(answer)}" : ""));
        await store.CommitAsync(batch, ct);
        return opinion;
    }

    public async Task<IntegrityOpinion> GetAsync(string id, CancellationToken ct) =>
        await store.GetAsync(IntegrityOpinion.Collection, id, ct) ?? throw new NotFoundException(ObjectType, id);

    /// <summary>
    /// One opinion, read by a caller: an organisation department sees only its own organ's opinions
    /// (another's is NOT_FOUND); the read is audited.
    /// </summary>
    public async Task<IntegrityOpinion> ReadAsync(Caller caller, string id, CancellationToken ct)
    {
        var opinion = await GetAsync(id, ct);
        if (!Visible(caller, opinion))
        {
            throw new NotFoundException(ObjectType, id);
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        batch.Audit(caller.Subject, caller.Role, "integrity_opinion.read", ObjectType, opinion.Id, opinion.CadreId);
        await store.CommitAsync(batch, ct);
        return opinion;
    }

    /// <summary>Opinions, newest first (or by due date); an organisation department's list is its own organ's. The read is audited.</summary>
    public async Task<Page<IntegrityOpinion>> ListAsync(Caller caller, OpinionListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        var organ = OrganScope(caller);
        Page<IntegrityOpinion> page;
        if (filter.OverdueOnly || filter.DueWithinWorkingDays > 0)
        {
            // Soonest first; a replied opinion has no open deadline, so neither filter lists it.
            var where = Filter.And(
                filter.OverdueOnly ? Filter.Lt("nextDueDate", DeadlineClock.Format(deadlines.Today())) : null,
                filter.DueWithinWorkingDays > 0 ? Filter.Lte("nextDueDate", DeadlineClock.Format(calendar.AddWorkingDays(deadlines.Today(), filter.DueWithinWorkingDays))) : null,
                filter.CadreId is null ? null : Filter.Eq("cadreId", filter.CadreId),
                filter.BatchId is null ? null : Filter.Eq("batchId", filter.BatchId),
                organ is null ? null : Filter.Eq("requestedOrgan", organ));
            page = await store.QueryAsync(IntegrityOpinion.Collection, new Query(where, "nextDueDate", false, limit, after), ct);
        }
        else
        {
            var where = Filter.And(
                filter.CadreId is null ? null : Filter.Eq("cadreId", filter.CadreId),
                filter.BatchId is null ? null : Filter.Eq("batchId", filter.BatchId),
                organ is null ? null : Filter.Eq("requestedOrgan", organ));
            page = await store.QueryAsync(IntegrityOpinion.Collection, new Query(where, "requestedAt", true, limit, after), ct);
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        batch.Audit(caller.Subject, caller.Role, "integrity_opinion.listed", ObjectType, filter.BatchId ?? filter.CadreId ?? "*",
            $"{page.Items.Count} opinions" + (page.Items.Count == 0 ? "" : ": " + string.Join(" ", page.Items.Select(o => o.Id))));
        await store.CommitAsync(batch, ct);
        return page;
    }

    /// <summary>
    /// The answer, its wording and its reasons are the checking side's until the reply is signed: an
    /// organisation department sees them only once the opinion is REPLIED.
    /// </summary>
    public static bool AnswerHidden(Caller caller, IntegrityOpinion opinion) =>
        caller.Role == Roles.OrgDept && opinion.Status != OpinionStatus.Replied;

    private static string? OrganScope(Caller caller) => caller.Role == Roles.OrgDept ? caller.Organ ?? "" : null;

    private static bool Visible(Caller caller, IntegrityOpinion opinion) =>
        OrganScope(caller) is not { } organ || opinion.RequestedOrgan is null || opinion.RequestedOrgan == organ;

    public bool IsOverdue(IntegrityOpinion opinion) =>
        opinion.Deadlines.Any(d => deadlines.IsOverdue(d, clock.GetUtcNow()));

    /// <summary>Whether the key already answered a request of the other form (single vs batch).</summary>
    private async Task<bool> UsedByTheOtherFormAsync(string scope, bool batch, CancellationToken ct) =>
        batch
            ? await store.FindOneAsync(IntegrityOpinion.Collection, Filter.Eq("idempotencyScope", scope), ct) is not null
            : await store.FindOneAsync(IntegrityOpinion.Collection, Filter.Eq("batchId", "batch_" + scope[..32]), ct) is not null;

    private async Task<List<IntegrityOpinion>> ExistingAsync(string scope, string? batchId, CancellationToken ct)
    {
        if (batchId is null)
        {
            return await store.FindOneAsync(IntegrityOpinion.Collection, Filter.Eq("idempotencyScope", scope), ct) is { } one ? [one] : [];
        }

        var found = new List<IntegrityOpinion>();
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(IntegrityOpinion.Collection, new Query(Filter.Eq("batchId", batchId), "requestedAt", false, 500, after), ct);
            found.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return found;
    }
}
