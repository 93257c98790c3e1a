using Accountability.Contracts.Tolerance;
using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// Correction (纠错): rectification tasks tracked to completion (§6.3), and the continued-use
/// review after an impact period (§6.4). Each step commits with its signed step and audit record.
/// </summary>
public sealed class CorrectionWorkflow(
    IDocumentStore store,
    FieldProtector protector,
    DeadlineClock deadlines,
    WorkingCalendar calendar,
    ToleranceOptions options,
    TimeProvider clock)
{
    private const string TaskType = "rectification_task";
    private const string ReviewType = "review";
    private const int CommitAttempts = 5;

    /// <summary>
    /// A task for an open or decided matter, due on a date or in working days from today. Its
    /// approaching alert fires Tolerance:RectificationApproachingWorkingDays before the due day, its
    /// breach on the first working day after it. With an idempotency key a repeat returns the first
    /// task; the key reused for another task is refused.
    /// </summary>
    public async Task<RectificationTask> AddTaskAsync(Caller caller, AddRectificationTask command, CancellationToken ct)
    {
        var scope = command.IdempotencyKey is { } key ? protector.LookupHash("idempotency", caller.Subject + "\u001f" + key) : null;
        for (var attempt = 1; ; attempt++)
        {
            if (scope is not null && await store.FindOneAsync(RectificationTask.Collection, Filter.Eq("idempotencyScope", scope), ct) is { } existing)
            {
                if (existing.RequestHash != command.RequestHash || !Scope.MaySee(caller, existing.Department))
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different rectification task");
                }

                return existing;
            }

            try
            {
                return await AddNewTaskAsync(caller, command, scope, ct);
            }
            catch (DuplicateKeyException) when (scope is not null && attempt < CommitAttempts)
            {
                // The same key raced us: read again.
            }
        }
    }

    private async Task<RectificationTask> AddNewTaskAsync(Caller caller, AddRectificationTask command, string? scope, CancellationToken ct)
    {
        var matter = await store.GetAsync(Matter.Collection, command.MatterId, ct);
        if (matter is null || !Scope.MaySee(caller, matter.Department))
        {
            throw new NotFoundException("matter", command.MatterId);
        }

        if (matter.Status == MatterStatus.Closed)
        {
            throw new InvalidStateException("matter", matter.Id, Names.State(matter.Status), "adding a rectification task");
        }

        var today = deadlines.Today();
        var due = command.DueDate ?? DeadlineClock.Format(calendar.AddWorkingDays(today, command.DueInWorkingDays));
        if (string.CompareOrdinal(due, DeadlineClock.Format(today)) < 0)
        {
            throw RequestValidationException.For("due_date", "is in the past");
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        var id = "task_" + NewId.NextGuid().ToString("N");
        var task = new RectificationTask
        {
            Id = id,
            IdempotencyScope = scope ?? "task:" + id,
            RequestHash = command.RequestHash,
            MatterId = matter.Id,
            Department = matter.Department,
            Description = command.Description,
            Owner = command.Owner,
            DueDate = due,
            Status = RectificationStatus.Open,
            CreatedAt = batch.Now,
            LastUpdateAt = batch.Now,
        };
        deadlines.Open(task, ToleranceDeadlines.OnWorkingDays(new TrackedDeadline { Kind = ToleranceDeadlines.Rectification, DueDate = due }, options.RectificationApproachingWorkingDays));
        var note = $"{command.Owner}, due {due}";
        task.Steps.Add(new Step { At = batch.Now, To = Names.State(RectificationStatus.Open), Action = "add", SignedBy = caller.Subject, Role = caller.Role, Note = note });
        batch.Insert(RectificationTask.Collection, task);
        batch.Audit(caller.Subject, caller.Role, "rectification_task.added", TaskType, task.Id, $"matter {matter.Id}: {note}");
        await store.CommitAsync(batch, ct);
        return task;
    }

    public async Task<RectificationTask> CompleteTaskAsync(Caller caller, CompleteRectificationTask command, CancellationToken ct)
    {
        var task = await store.GetAsync(RectificationTask.Collection, command.TaskId, ct);
        if (task is null || !Scope.MaySee(caller, task.Department))
        {
            throw new NotFoundException(TaskType, command.TaskId);
        }

        CheckVersion(task, command.ExpectedVersion, RectificationTask.Collection.Name);
        if (task.Status != RectificationStatus.Open)
        {
            throw new InvalidStateException(TaskType, task.Id, Names.State(task.Status), "completing");
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        task.Status = RectificationStatus.Completed;
        task.CompletedOn = DeadlineClock.Format(deadlines.Today());
        task.CompletionNote = command.Note;
        task.Evidence = command.Evidence.ToList();
        deadlines.Meet(task, ToleranceDeadlines.Rectification, batch.Now);
        task.Steps.Add(new Step { At = batch.Now, From = Names.State(RectificationStatus.Open), To = Names.State(RectificationStatus.Completed), Action = "complete", SignedBy = caller.Subject, Role = caller.Role, Note = command.Note });
        task.LastUpdateAt = batch.Now;
        batch.Update(RectificationTask.Collection, task);
        batch.Audit(caller.Subject, caller.Role, "rectification_task.complete", TaskType, task.Id, command.Note);
        await store.CommitAsync(batch, ct);
        return task;
    }

    public async Task<ContinuedUseReview> GetReviewAsync(Caller caller, string id, CancellationToken ct)
    {
        var review = await store.GetAsync(ContinuedUseReview.Collection, id, ct);
        return review is not null && Scope.MaySee(caller, review.Department) ? review : throw new NotFoundException(ReviewType, id);
    }

    /// <summary>The review, once the impact period has ended: the cadre's performance and an opinion.</summary>
    public Task<ContinuedUseReview> RecordReviewAsync(Caller caller, RecordReview command, CancellationToken ct) =>
        ChangeReviewAsync(caller, command.ReviewId, command.ExpectedVersion, ReviewStatus.Reviewed, "review", $"{Names.Snake(command.Performance)}: {command.Opinion}", ct, (review, status, _, now) =>
        {
            if (status != ReviewStatus.Due)
            {
                var why = status == ReviewStatus.Running ? $" (the impact period runs until {DeadlineClock.Format(DeadlineClock.Parse(review.ImpactEndsOn).AddDays(-1))})" : "";
                throw new InvalidStateException(ReviewType, review.Id, Names.State(status) + why, "recording the review");
            }

            review.Performance = command.Performance;
            review.Opinion = command.Opinion;
            review.ReviewedOn = DeadlineClock.Format(deadlines.Today());
            review.ReviewedBy = caller.Subject;
            deadlines.Meet(review, ToleranceDeadlines.ImpactPeriod, now);
        });

    /// <summary>
    /// An approving decision marks a cadre who performed outstandingly eligible for use again
    /// (§6.4 [S41]): ContinuedUseApproved, for the dossier.
    /// </summary>
    public Task<ContinuedUseReview> ApproveAsync(Caller caller, ApproveContinuedUse command, CancellationToken ct) =>
        ChangeReviewAsync(caller, command.ReviewId, command.ExpectedVersion, ReviewStatus.Approved, "approve", $"{command.ApprovedBy}, {command.ApprovalReference}", ct, (review, status, batch, now) =>
        {
            if (status != ReviewStatus.Reviewed || review.Performance != Performance.Outstanding)
            {
                var why = status == ReviewStatus.Reviewed ? $" (performance {Names.Snake(review.Performance)}, not outstanding)" : "";
                throw new InvalidStateException(ReviewType, review.Id, Names.State(status) + why, "approving continued use");
            }

            review.ApprovedOn = DeadlineClock.Format(deadlines.Today());
            review.ApprovedBy = command.ApprovedBy;
            review.ApprovalReference = command.ApprovalReference;
            batch.Publish(new ContinuedUseApproved
            {
                ReviewId = review.Id,
                MatterId = review.MatterId,
                DecisionId = review.DecisionId,
                Cadre = review.Cadre.ToInfo(),
                ApprovedOn = review.ApprovedOn,
                ApprovedAt = now,
            });
        });

    private async Task<ContinuedUseReview> ChangeReviewAsync(
        Caller caller, string id, long expectedVersion, ReviewStatus to, string action, string note, CancellationToken ct, Action<ContinuedUseReview, ReviewStatus, WriteBatch, DateTimeOffset> change)
    {
        var review = await GetReviewAsync(caller, id, ct);
        CheckVersion(review, expectedVersion, ContinuedUseReview.Collection.Name);
        var status = review.StatusOn(deadlines.Today());
        var batch = new WriteBatch(clock.GetUtcNow());
        change(review, status, batch, batch.Now);
        review.Status = to;
        review.Steps.Add(new Step { At = batch.Now, From = Names.State(status), To = Names.State(to), Action = action, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        review.LastUpdateAt = batch.Now;
        batch.Update(ContinuedUseReview.Collection, review);
        batch.Audit(caller.Subject, caller.Role, "review." + action, ReviewType, review.Id, note);
        await store.CommitAsync(batch, ct);
        return review;
    }

    private static void CheckVersion(IDocument document, long expectedVersion, string collection)
    {
        if (expectedVersion != 0 && document.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(collection, document.Id, expectedVersion);
        }
    }
}
