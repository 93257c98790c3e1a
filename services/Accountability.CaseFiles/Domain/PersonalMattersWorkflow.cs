using Accountability.Contracts.CaseFiles;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.CaseFiles.Domain;

public sealed record RecordCheck(string IdempotencyKey, string CadreId, int Year, PersonalMattersResult Result, IReadOnlyList<PersonalMattersItem> Items, string CheckedOn, bool Targeted, string RequestHash);

public sealed record RecordRelatives(string IdempotencyKey, string CadreId, int Year, bool SelfChecked, IReadOnlyList<RelativeBusiness> Businesses, string RequestHash);

/// <summary>Year figures of personal-matters checks (合格率 = consistent / checked).</summary>
public sealed record ComplianceFigures(int Year, string? OrganId, Level Level, int Checked, int Consistent, int Omissions, int Concealments)
{
    public double RatePercent => Checked == 0 ? 0 : Math.Round(Consistent * 100.0 / Checked, 1, MidpointRounding.AwayFromZero);
}

/// <summary>
/// Personal-matters checks (shared/domain.md §8) and the relatives-business clean-up (§13): each
/// record with its audit record; a referral publishes <see cref="PersonalMattersReferred"/>, which
/// the Clues service registers as a clue.
/// </summary>
public sealed class PersonalMattersWorkflow(IDocumentStore store, CadreDirectory directory, FieldProtector protector, TimeProvider clock)
{
    private const string ObjectType = "personal_matters_check";

    public async Task<PersonalMattersCheck> RecordCheckAsync(Caller caller, RecordCheck command, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + command.IdempotencyKey);
        if (await store.FindOneAsync(PersonalMattersCheck.Collection, Filter.Eq("idempotencyScope", scope), ct) is { } existing)
        {
            return existing.RequestHash == command.RequestHash ? existing : throw RequestValidationException.For("idempotency_key", "was already used for a different check");
        }

        var cadre = await directory.GetAsync(command.CadreId, ct) ?? throw new NotFoundException("cadre", command.CadreId);
        var now = clock.GetUtcNow();
        var check = new PersonalMattersCheck
        {
            Id = "pmc_" + NewId.NextGuid().ToString("N"),
            IdempotencyScope = scope,
            RequestHash = command.RequestHash,
            CadreId = cadre.Id,
            OrganId = cadre.OrganId,
            Level = cadre.Level,
            Year = command.Year,
            Result = command.Result,
            Items = command.Items.ToList(),
            CheckedOn = command.CheckedOn,
            Targeted = command.Targeted,
            RecordedBy = caller.Subject,
            RecordedAt = now,
        };
        var batch = new WriteBatch(now);
        batch.Insert(PersonalMattersCheck.Collection, check);
        batch.Audit(caller.Subject, caller.Role, "personal_matters_check.recorded", ObjectType, check.Id, $"{cadre.Id} {command.Year}: {Names.Snake(command.Result)}");
        await store.CommitAsync(batch, ct);
        return check;
    }

    /// <summary>How an omission or concealment was handled; each kind once per check. A referral registers a clue in the Clues service.</summary>
    public async Task<PersonalMattersCheck> RecordHandlingAsync(Caller caller, string checkId, PersonalMattersHandlingKind kind, string decidedOn, string note, long expectedVersion, CancellationToken ct)
    {
        var check = await store.GetAsync(PersonalMattersCheck.Collection, checkId, ct) ?? throw new NotFoundException(ObjectType, checkId);
        if (expectedVersion != 0 && check.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(PersonalMattersCheck.Collection.Name, checkId, expectedVersion);
        }

        if (check.Result == PersonalMattersResult.Consistent)
        {
            throw new InvalidStateException(ObjectType, checkId, "CONSISTENT", "record handling");
        }

        if (check.Handling.Any(h => h.Kind == kind))
        {
            throw new InvalidStateException(ObjectType, checkId, "already handled by " + Names.Snake(kind), "record handling");
        }

        var cadre = await directory.GetAsync(check.CadreId, ct) ?? throw new NotFoundException("cadre", check.CadreId);
        var now = clock.GetUtcNow();
        var batch = new WriteBatch(now);
        string? referralId = null;
        if (kind == PersonalMattersHandlingKind.Referral)
        {
            referralId = "ref_" + NewId.NextGuid().ToString("N");
            batch.Publish(new PersonalMattersReferred
            {
                ReferralId = referralId,
                CheckId = check.Id,
                Cadre = Mentions.Info(cadre),
                Year = check.Year,
                Result = Names.Snake(check.Result),
                Items = check.Items.Select(i => i.Code).ToList(),
                ReferredAt = now,
            });
        }

        check.Handling.Add(new PersonalMattersHandling { Kind = kind, DecidedOn = decidedOn, Note = note, ReferralId = referralId, RecordedBy = caller.Subject });
        batch.Update(PersonalMattersCheck.Collection, check);
        batch.Audit(caller.Subject, caller.Role, "personal_matters_check.handled", ObjectType, check.Id, Names.Snake(kind) + (referralId is null ? "" : " " + referralId));
        await store.CommitAsync(batch, ct);
        return check;
    }

    public Task<Page<PersonalMattersCheck>> ListAsync(string? cadreId, int year, int limit, Cursor? after, CancellationToken ct)
    {
        var where = Filter.And(cadreId is null ? null : Filter.Eq("cadreId", cadreId), year == 0 ? null : Filter.Eq("year", year));
        return store.QueryAsync(PersonalMattersCheck.Collection, new Query(where, "_id", false, limit, after), ct);
    }

    /// <summary>Every check of the years, for the rates.</summary>
    public async Task<List<PersonalMattersCheck>> ChecksOfYearsAsync(int fromYear, int toYear, CancellationToken ct)
    {
        var checks = new List<PersonalMattersCheck>();
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(PersonalMattersCheck.Collection, new Query(Filter.And(Filter.Gte("year", fromYear), Filter.Lte("year", toYear)), "year", false, 500, after), ct);
            checks.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return checks;
    }

    public static IReadOnlyList<ComplianceFigures> Rates(IEnumerable<PersonalMattersCheck> checks, Func<PersonalMattersCheck, (string? Organ, Level Level)> group) =>
        checks.GroupBy(c => (c.Year, Group: group(c)))
            .OrderBy(g => g.Key.Year).ThenBy(g => g.Key.Group.Organ, StringComparer.Ordinal).ThenBy(g => g.Key.Group.Level)
            .Select(g => new ComplianceFigures(
                g.Key.Year, g.Key.Group.Organ, g.Key.Group.Level, g.Count(),
                g.Count(c => c.Result == PersonalMattersResult.Consistent),
                g.Count(c => c.Result == PersonalMattersResult.Omission),
                g.Count(c => c.Result == PersonalMattersResult.Concealment)))
            .ToList();

    public async Task<RelativesBusinessCheck> RecordRelativesAsync(Caller caller, RecordRelatives command, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + command.IdempotencyKey);
        if (await store.FindOneAsync(RelativesBusinessCheck.Collection, Filter.Eq("idempotencyScope", scope), ct) is { } existing)
        {
            return existing.RequestHash == command.RequestHash ? existing : throw RequestValidationException.For("idempotency_key", "was already used for a different check");
        }

        var cadre = await directory.GetAsync(command.CadreId, ct) ?? throw new NotFoundException("cadre", command.CadreId);
        var cadreYear = $"{cadre.Id}|{command.Year}";
        if (await store.FindOneAsync(RelativesBusinessCheck.Collection, Filter.Eq("cadreYear", cadreYear), ct) is not null)
        {
            throw new InvalidStateException("relatives_business_check", cadreYear, "RECORDED", "record another self-check for the year");
        }

        var now = clock.GetUtcNow();
        var check = new RelativesBusinessCheck
        {
            Id = "rbc_" + NewId.NextGuid().ToString("N"),
            IdempotencyScope = scope,
            RequestHash = command.RequestHash,
            CadreYear = cadreYear,
            CadreId = cadre.Id,
            Year = command.Year,
            SelfChecked = command.SelfChecked,
            Businesses = command.Businesses.ToList(),
            RecordedBy = caller.Subject,
            RecordedAt = now,
        };
        var batch = new WriteBatch(now);
        batch.Insert(RelativesBusinessCheck.Collection, check);
        batch.Audit(caller.Subject, caller.Role, "relatives_business_check.recorded", "relatives_business_check", check.Id,
            $"{cadre.Id} {command.Year}: {check.Businesses.Count} businesses, {check.RiskPoints} risk points");
        await store.CommitAsync(batch, ct);
        return check;
    }

    public async Task<List<RelativesBusinessCheck>> RelativesOfYearsAsync(int fromYear, int toYear, CancellationToken ct)
    {
        var checks = new List<RelativesBusinessCheck>();
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(RelativesBusinessCheck.Collection, new Query(Filter.And(Filter.Gte("year", fromYear), Filter.Lte("year", toYear)), "year", false, 500, after), ct);
            checks.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return checks;
    }
}
