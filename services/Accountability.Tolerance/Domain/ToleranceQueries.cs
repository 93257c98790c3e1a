using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

public sealed record MatterListFilter(MatterStatus Status, MatterSource Source, string? CadreId);

public sealed record ApplicationListFilter(ApplicationStatus Status, string? MatterId, bool OverdueOnly, int DueWithinWorkingDays = 0);

public sealed record DecisionListFilter(string? MatterId, string? CadreId, DecisionStatus Status, bool OverdueOnly = false, int DueWithinWorkingDays = 0);

public sealed record TaskListFilter(string? MatterId, RectificationStatus Status, bool OverdueOnly, int DueWithinWorkingDays = 0);

public sealed record ReviewListFilter(ReviewStatus Status, string? CadreId, int DueWithinWorkingDays = 0);

/// <summary>
/// Counts now by status, and decisions of a period by outcome. Accountability decisions count only
/// while in force: AccountabilityDecisions = HeldAccountable + Exempted, Forms those of the held
/// accountable; decisions of the period revoked or superseded on appeal since are NoLongerInForce.
/// </summary>
public sealed record ToleranceFigures(
    IReadOnlyDictionary<MatterStatus, long> MattersByStatus,
    IReadOnlyDictionary<ApplicationStatus, long> ApplicationsByStatus,
    IReadOnlyDictionary<ToleranceOutcome, long> ToleranceOutcomes,
    long AccountabilityDecisions,
    long Exempted,
    IReadOnlyDictionary<string, long> Forms,
    IReadOnlyDictionary<AppealResult, long> Appeals,
    long HeldAccountable,
    long NoLongerInForce);

/// <summary>
/// Why a decision is what it is: the application and its stored evaluation, whether that
/// evaluation comes out the same when its inputs are run again through the stored rule-set version
/// it names, and the accountability decision.
/// </summary>
public sealed record DecisionExplanation(ToleranceApplication? Application, Evaluation? Evaluation, bool Reproduced, AccountabilityDecision? Decision);

/// <summary>Lists, figures and explanations, every one answered from an index.</summary>
public sealed class ToleranceQueries(IDocumentStore store, ApplicationWorkflow applications, MatterWorkflow matters, RuleBook rules, DeadlineClock deadlines, WorkingCalendar calendar)
{
    private const int ScanPage = 200;

    public Task<Page<Matter>> ListMattersAsync(Caller caller, MatterListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        if (!Scope.DepartmentOf(caller, out var department))
        {
            return Task.FromResult(new Page<Matter>([], null));
        }

        var where = Filter.And(
            department is not null ? Filter.Eq("department", department) : null,
            filter.Status != MatterStatus.Unspecified ? Filter.Eq("status", filter.Status) : null,
            filter.Source != MatterSource.Unspecified ? Filter.Eq("source", filter.Source) : null,
            filter.CadreId is not null ? Filter.Eq("targetCadreIds", filter.CadreId) : null);
        return store.QueryAsync(Matter.Collection, new Query(where, "openedAt", true, limit, after), ct);
    }

    /// <summary>Newest first; "overdue" means acceptance, verification or feedback is late.</summary>
    public Task<Page<ToleranceApplication>> ListApplicationsAsync(Caller caller, ApplicationListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        if (!Scope.DepartmentOf(caller, out var department))
        {
            return Task.FromResult(new Page<ToleranceApplication>([], null));
        }

        var where = Filter.And(
            department is not null ? Filter.Eq("department", department) : null,
            filter.Status != ApplicationStatus.Unspecified ? Filter.Eq("status", filter.Status) : null,
            filter.MatterId is not null ? Filter.Eq("matterId", filter.MatterId) : null,
            filter.OverdueOnly ? Filter.Lt("nextDueDate", DeadlineClock.Format(deadlines.Today())) : null,
            DueWithin(filter.DueWithinWorkingDays));
        return store.QueryAsync(ToleranceApplication.Collection, new Query(where, "filedAt", true, limit, after), ct);
    }

    /// <summary>Newest first; "overdue" means organisational handling or an appeal's decision is late.</summary>
    public Task<Page<AccountabilityDecision>> ListDecisionsAsync(Caller caller, DecisionListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        if (!Scope.DepartmentOf(caller, out var department))
        {
            return Task.FromResult(new Page<AccountabilityDecision>([], null));
        }

        var where = Filter.And(
            department is not null ? Filter.Eq("department", department) : null,
            filter.MatterId is not null ? Filter.Eq("matterId", filter.MatterId) : null,
            filter.CadreId is not null ? Filter.Eq("cadreId", filter.CadreId) : null,
            filter.Status != DecisionStatus.Unspecified ? Filter.Eq("status", filter.Status) : null,
            filter.OverdueOnly ? Filter.Lt("nextDueDate", DeadlineClock.Format(deadlines.Today())) : null,
            DueWithin(filter.DueWithinWorkingDays));
        return store.QueryAsync(AccountabilityDecision.Collection, new Query(where, "decidedAt", true, limit, after), ct);
    }

    /// <summary>Oldest first; "overdue" means open and past its due day.</summary>
    public Task<Page<RectificationTask>> ListTasksAsync(Caller caller, TaskListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        if (!Scope.DepartmentOf(caller, out var department))
        {
            return Task.FromResult(new Page<RectificationTask>([], null));
        }

        var where = Filter.And(
            department is not null ? Filter.Eq("department", department) : null,
            filter.MatterId is not null ? Filter.Eq("matterId", filter.MatterId) : null,
            filter.Status != RectificationStatus.Unspecified ? Filter.Eq("status", filter.Status) : null,
            filter.OverdueOnly ? Filter.Lt("nextDueDate", DeadlineClock.Format(deadlines.Today())) : null,
            DueWithin(filter.DueWithinWorkingDays));
        return store.QueryAsync(RectificationTask.Collection, new Query(where, "createdAt", false, limit, after), ct);
    }

    /// <summary>By the end of the impact period, soonest first; DUE is a running review whose period has ended.</summary>
    public Task<Page<ContinuedUseReview>> ListReviewsAsync(Caller caller, ReviewListFilter filter, int limit, Cursor? after, CancellationToken ct)
    {
        if (!Scope.DepartmentOf(caller, out var department))
        {
            return Task.FromResult(new Page<ContinuedUseReview>([], null));
        }

        var today = DeadlineClock.Format(deadlines.Today());
        var where = Filter.And(
            department is not null ? Filter.Eq("department", department) : null,
            filter.CadreId is not null ? Filter.Eq("cadreId", filter.CadreId) : null,
            filter.Status switch
            {
                ReviewStatus.Unspecified => null,
                ReviewStatus.Due => Filter.And(Filter.Eq("status", ReviewStatus.Running), Filter.Lte("impactEndsOn", today)),
                ReviewStatus.Running => Filter.And(Filter.Eq("status", ReviewStatus.Running), Filter.Gt("impactEndsOn", today)),
                var status => Filter.Eq("status", status),
            },
            DueWithin(filter.DueWithinWorkingDays));
        return store.QueryAsync(ContinuedUseReview.Collection, new Query(where, "impactEndsOn", false, limit, after), ct);
    }

    public async Task<ToleranceFigures> StatisticsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var matters = new Dictionary<MatterStatus, long>();
        foreach (var status in Enum.GetValues<MatterStatus>().Where(s => s != MatterStatus.Unspecified))
        {
            matters[status] = await store.CountAsync(Matter.Collection, Filter.Eq("status", status), ct);
        }

        var applicationCounts = new Dictionary<ApplicationStatus, long>();
        foreach (var status in Enum.GetValues<ApplicationStatus>().Where(s => s != ApplicationStatus.Unspecified))
        {
            applicationCounts[status] = await store.CountAsync(ToleranceApplication.Collection, Filter.Eq("status", status), ct);
        }

        var outcomes = Enum.GetValues<ToleranceOutcome>().Where(o => o != ToleranceOutcome.Unspecified).ToDictionary(o => o, _ => 0L);
        await ScanAsync(ToleranceApplication.Collection, "decidedAt", from, to, application => outcomes[application.Decision!.Outcome]++, ct);

        long held = 0, exempted = 0, gone = 0;
        var forms = new SortedDictionary<string, long>(StringComparer.Ordinal);
        await ScanAsync(AccountabilityDecision.Collection, "decidedAt", from, to, decision =>
        {
            if (decision.Status != DecisionStatus.Effective)
            {
                gone++;
                return;
            }

            if (decision.Exempted)
            {
                exempted++;
                return;
            }

            held++;
            foreach (var form in decision.Forms)
            {
                forms[form.Kind] = forms.GetValueOrDefault(form.Kind) + 1;
            }
        }, ct);

        var appeals = Enum.GetValues<AppealResult>().Where(r => r != AppealResult.Unspecified).ToDictionary(r => r, _ => 0L);
        await ScanAsync(AccountabilityDecision.Collection, "appealDecidedAt", from, to, decision => appeals[decision.Appeal!.Result]++, ct);
        return new ToleranceFigures(matters, applicationCounts, outcomes, held + exempted, exempted, forms, appeals, held, gone);
    }

    /// <summary>The explanation of a tolerance application's decision or of an accountability decision (exactly one id).</summary>
    public async Task<DecisionExplanation> ExplainAsync(Caller caller, string? applicationId, string? decisionId, CancellationToken ct)
    {
        AccountabilityDecision? decision = null;
        ToleranceApplication? application = null;
        if (decisionId is not null)
        {
            decision = await matters.GetDecisionAsync(caller, decisionId, ct);
            application = decision.ApplicationId is { } id ? await store.GetAsync(ToleranceApplication.Collection, id, ct) : null;
        }
        else
        {
            application = await applications.GetAsync(caller, applicationId!, ct);
            var matter = await store.GetAsync(Matter.Collection, application.MatterId, ct);
            if (matter?.FindTarget(application.TargetId)?.DecisionId is { } decided
                && await store.GetAsync(AccountabilityDecision.Collection, decided, ct) is { } found && found.ApplicationId == application.Id)
            {
                decision = found;
            }
        }

        var evaluation = application?.EvaluationId is { } evaluationId ? await store.GetAsync(Evaluation.Collection, evaluationId, ct) : null;
        var reproduced = false;
        if (evaluation is not null)
        {
            var ruleSet = await rules.GetAsync(evaluation.RuleSetVersion, ct);
            reproduced = ruleSet.ContentSha256 == evaluation.RuleSetSha256
                && ruleSet.Content.Sha256() == evaluation.RuleSetSha256
                && Eligibility.Evaluate(ruleSet.Content, evaluation.Inputs).SameAs(evaluation.Result);
        }

        return new DecisionExplanation(application, evaluation, reproduced, decision);
    }

    /// <summary>The evaluation the application's verification stored, if any.</summary>
    public async Task<Evaluation?> EvaluationAsync(ToleranceApplication application, CancellationToken ct) =>
        application.EvaluationId is { } id ? await store.GetAsync(Evaluation.Collection, id, ct) : null;

    /// <summary>Something still to do (an open deadline) due by the N-th working day from today, overdue included; null for 0.</summary>
    private Filter? DueWithin(int workingDays) =>
        workingDays > 0 ? Filter.Lte("nextDueDate", DeadlineClock.Format(calendar.AddWorkingDays(deadlines.Today(), workingDays))) : null;

    private async Task ScanAsync<T>(CollectionDefinition<T> collection, string field, DateTimeOffset from, DateTimeOffset to, Action<T> each, CancellationToken ct)
        where T : class, IDocument
    {
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(collection, new Query(Filter.And(Filter.Gte(field, from), Filter.Lt(field, to)), field, false, ScanPage, after), ct);
            foreach (var item in page.Items)
            {
                each(item);
            }

            after = page.Next;
        }
        while (after is not null);
    }
}
