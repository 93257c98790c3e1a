using Accountability.Contracts.Clues;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// Matters and their accountability decisions: opening (over the API or from a Clues proposal),
/// deciding each target (forms, impact periods, the continued-use review), filing, organisational
/// handling, appeals, closing. Each step commits the change with its signed step, events and audit
/// record in one batch.
/// </summary>
public sealed class MatterWorkflow(
    IDocumentStore store,
    FieldProtector protector,
    DeadlineClock deadlines,
    WorkingCalendar calendar,
    FormTable forms,
    ToleranceOptions options,
    TimeProvider clock)
{
    private const string MatterType = "matter";
    private const string DecisionType = "decision";
    private const int CommitAttempts = 5;

    public async Task<OpenResult> OpenAsync(Caller caller, OpenMatter command, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + command.IdempotencyKey);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.FindOneAsync(Matter.Collection, Filter.Eq("idempotencyScope", scope), ct);
            if (existing is not null)
            {
                if (existing.RequestHash != command.RequestHash)
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different matter");
                }

                return new OpenResult(existing, Replayed: true);
            }

            try
            {
                var batch = new WriteBatch(clock.GetUtcNow());
                var matter = NewMatter(scope, command.RequestHash, command.Source, command.SourceReference, null, null, command.Department,
                    command.Facts, command.DutyBreached, command.ProposedForm, command.Targets, batch.Now);
                Open(caller, matter, batch, Names.Snake(command.Source));
                await store.CommitAsync(batch, ct);
                return new OpenResult(matter, Replayed: false);
            }
            catch (DuplicateKeyException) when (attempt < CommitAttempts)
            {
                // The same key raced us: read again.
            }
        }
    }

    /// <summary>
    /// Adds the matter of a Clues proposal to the consumer's batch, unless one exists for it: one
    /// matter per proposal id, whatever the message id of a redelivery. It belongs to the clue's
    /// handling department.
    /// </summary>
    public async Task OpenFromProposalAsync(AccountabilityProposed proposal, WriteBatch batch, CancellationToken ct)
    {
        var scope = "proposal:" + proposal.ProposalId;
        if (await store.FindOneAsync(Matter.Collection, Filter.Eq("idempotencyScope", scope), ct) is not null)
        {
            return;
        }

        var targets = proposal.Subjects.Select(s => new TargetSpec(TargetKind.Cadre, CadreInfo.From(s), null)).ToList();

        // Clues checks the form against the same vocabulary; a kind this build does not know (an
        // older or newer peer) is left out rather than stored as if it were a form.
        var proposedForm = proposal.ProposedForm is { } form && FormTable.IsKnown(form) ? form : null;
        var matter = NewMatter(scope, null, MatterSource.Clue, "clue " + proposal.ClueId, proposal.ClueId, proposal.ProposalId, proposal.Department,
            proposal.Facts, proposal.DutyBreached, proposedForm, targets, batch.Now);
        Open(Caller.System("clues"), matter, batch, "proposal " + proposal.ProposalId);
    }

    public async Task<Matter> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var matter = await store.GetAsync(Matter.Collection, id, ct);
        return matter is not null && Scope.MaySee(caller, matter.Department) ? matter : throw new NotFoundException(MatterType, id);
    }

    public async Task<AccountabilityDecision> GetDecisionAsync(Caller caller, string id, CancellationToken ct)
    {
        var decision = await store.GetAsync(AccountabilityDecision.Collection, id, ct);
        return decision is not null && Scope.MaySee(caller, decision.Department) ? decision : throw new NotFoundException(DecisionType, id);
    }

    /// <summary>A decided matter closes once no rectification task of it is open and no appeal against its decisions awaits a decision.</summary>
    public async Task<Matter> CloseAsync(Caller caller, string id, string note, long expectedVersion, CancellationToken ct)
    {
        var matter = await GetAsync(caller, id, ct);
        CheckVersion(matter, expectedVersion, Matter.Collection.Name);
        if (matter.Status != MatterStatus.Decided)
        {
            throw new InvalidStateException(MatterType, id, Describe(matter), "closing");
        }

        var open = await store.CountAsync(RectificationTask.Collection, Filter.And(Filter.Eq("matterId", id), Filter.Eq("status", RectificationStatus.Open)), ct);
        if (open > 0)
        {
            throw new InvalidStateException(MatterType, id, $"DECIDED ({open} rectification tasks open)", "closing");
        }

        if (await PendingAppealAsync(id, ct) is { } appealed)
        {
            throw new InvalidStateException(MatterType, id, $"DECIDED (appeal {appealed.Appeal!.AppealId} against decision {appealed.Id} is undecided)", "closing");
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        matter.ClosedAt = batch.Now;
        Move(caller, matter, MatterStatus.Closed, "close", note, batch);
        await store.CommitAsync(batch, ct);
        return matter;
    }

    /// <summary>
    /// The accountability decision for one target (问责条例 Art.8). It waits for a tolerance
    /// application in progress and, by default (Tolerance:RequireFeedbackBeforeDecision), for the
    /// written feedback of a decided one, and is not dated before the tolerance decision. It follows
    /// the tolerance outcome (<see cref="OutcomeAndForms"/>): no forms after 不予问责 or 免予问责,
    /// at least one otherwise.
    /// </summary>
    public async Task<AccountabilityDecision> DecideAsync(Caller caller, DecideAccountability command, CancellationToken ct)
    {
        var matter = await GetAsync(caller, command.MatterId, ct);
        CheckVersion(matter, command.ExpectedVersion, Matter.Collection.Name);
        var target = matter.FindTarget(command.TargetId) ?? throw RequestValidationException.For("target_id", $"'{command.TargetId}' is not a target of this matter");
        var entries = FormsFor(target.Kind, command.Forms, "forms");
        if (matter.Status == MatterStatus.Closed)
        {
            throw new InvalidStateException(MatterType, matter.Id, Describe(matter), "deciding accountability");
        }

        if (target.DecisionId is { } decided)
        {
            throw new InvalidStateException(MatterType, matter.Id, $"{Describe(matter)} (target {target.TargetId} already decided: {decided})", "deciding accountability");
        }

        ToleranceApplication? application = null;
        if (target.ApplicationId is { } applicationId)
        {
            application = await store.GetAsync(ToleranceApplication.Collection, applicationId, ct);
            if (application is { InProgress: true } || (options.RequireFeedbackBeforeDecision && application is { Status: ApplicationStatus.Decided }))
            {
                var why = application.Status == ApplicationStatus.Decided ? ": its written feedback comes first" : "";
                throw new InvalidStateException(MatterType, matter.Id,
                    $"{Describe(matter)} (tolerance application {application.Id} of target {target.TargetId} is {Names.State(application.Status)}{why})", "deciding accountability");
            }
        }

        var outcome = OutcomeAndForms(application?.Decision?.Outcome, command.DirectOutcome, entries, "direct_outcome", "forms");
        var (decidedOn, approvedOn) = Dates(command.DecidedOn, command.ApprovedOn, DeadlineClock.Format(deadlines.LocalDate(matter.OpenedAt)), "decided_on", "approved_on");
        if (application?.Decision is { } tolerance && string.CompareOrdinal(decidedOn, tolerance.DecidedOn) < 0)
        {
            throw RequestValidationException.For("decided_on", $"is before the tolerance decision ({tolerance.DecidedOn}) it follows");
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        var decision = NewDecision(caller, matter, target, entries, command.Basis, decidedOn, approvedOn, approvedOn, outcome, application?.Id, null, batch);
        target.DecisionId = decision.Id;
        var next = matter.Targets.All(t => t.DecisionId is not null) ? MatterStatus.Decided : matter.Status;
        Move(caller, matter, next, "decide_accountability", $"target {target.TargetId}: {Summary(decision)}", batch);
        await store.CommitAsync(batch, ct);
        return decision;
    }

    /// <summary>The organisational handling (组织处理) of a decision in force was carried out (§6.1: within a month).</summary>
    public Task<AccountabilityDecision> RecordHandlingCompletedAsync(Caller caller, string id, string? completedOn, string note, long expectedVersion, CancellationToken ct) =>
        ChangeDecisionAsync(caller, id, expectedVersion, "record_handling_completed", note, ct, (decision, _, now) =>
        {
            InForce(decision, "recording the handling completed");
            if (!decision.Forms.Any(f => f.OrganisationalHandling))
            {
                throw new InvalidStateException(DecisionType, decision.Id, $"{Names.State(decision.Status)} (no organisational handling among its forms)", "recording the handling completed");
            }

            if (decision.HandlingCompletedOn is not null)
            {
                throw new InvalidStateException(DecisionType, decision.Id, $"{Names.State(decision.Status)} (handling completed on {decision.HandlingCompletedOn})", "recording the handling completed");
            }

            var day = completedOn ?? DeadlineClock.Format(deadlines.Today());
            NotBefore("completed_on", day, decision.DecidedOn, "the decision");
            decision.HandlingCompletedOn = day;
            deadlines.Meet(decision, ToleranceDeadlines.OrganisationalHandling, now);
        });

    /// <summary>Filing of a decision in force in the personal dossier (§6.1: the organisation department files it), once per recipient.</summary>
    public Task<AccountabilityDecision> FileAsync(Caller caller, FileDecision command, CancellationToken ct) =>
        ChangeDecisionAsync(caller, command.Id, command.ExpectedVersion, "file", Names.Snake(command.FiledWith), ct, (decision, batch, now) =>
        {
            InForce(decision, "filing");
            if (decision.Filings.FirstOrDefault(f => f.FiledWith == command.FiledWith) is { } earlier)
            {
                throw new InvalidStateException(DecisionType, decision.Id, $"{Names.State(decision.Status)} (already filed with {Names.Snake(command.FiledWith)} on {earlier.FiledOn})", "filing again");
            }

            var day = command.FiledOn ?? DeadlineClock.Format(deadlines.Today());
            NotBefore("filed_on", day, decision.DecidedOn, "the decision");
            var filing = new Filing { FilingId = "filing_" + NewId.NextGuid().ToString("N"), FiledWith = command.FiledWith, FiledOn = day, FiledBy = caller.Subject };
            decision.Filings.Add(filing);
            batch.Publish(new DecisionFiled
            {
                FilingId = filing.FilingId,
                MatterId = decision.MatterId,
                DecisionId = decision.Id,
                ApplicationId = decision.ApplicationId,
                Cadre = decision.Cadre?.ToInfo(),
                FiledWith = Names.Snake(command.FiledWith),
                FiledOn = day,
                FiledAt = now,
            });
        });

    /// <summary>
    /// An appeal (申诉) within Tolerance:AppealFilingDays of the day the decision was notified (the
    /// decision day unless given), due to be decided within Tolerance:AppealDecisionDays (2009
    /// 暂行规定, §6.1; the decision is not suspended meanwhile). The days count from the day after
    /// the notification, and a last day that is not a working day moves to the next working day
    /// (民法典 Arts.201 and 203).
    /// </summary>
    public Task<AccountabilityDecision> FileAppealAsync(Caller caller, FileAppeal command, CancellationToken ct) =>
        ChangeDecisionAsync(caller, command.DecisionId, command.ExpectedVersion, "file_appeal", command.Appellant, ct, (decision, _, _) =>
        {
            var state = Names.State(decision.Status);
            if (decision.Status != DecisionStatus.Effective || decision.Exempted || decision.Appeal is not null)
            {
                var why = decision.Exempted ? " (exempted: nothing to appeal against)" : decision.Appeal is not null ? $" (appeal {decision.Appeal.AppealId} already filed)" : "";
                throw new InvalidStateException(DecisionType, decision.Id, state + why, "filing an appeal");
            }

            var notified = command.NotifiedOn ?? decision.DecidedOn;
            var day = command.FiledOn ?? DeadlineClock.Format(deadlines.Today());
            var v = new RequestValidator();
            Within(v, "notified_on", notified, decision.DecidedOn, "the decision");
            Within(v, "filed_on", day, decision.DecidedOn, "the decision");
            if (v.Violations.Count == 0 && string.CompareOrdinal(day, notified) < 0)
            {
                v.Add("filed_on", $"is before notified_on ({notified})");
            }

            v.ThrowIfInvalid();
            var last = AppealPeriodEnd(notified);
            if (DeadlineClock.Parse(day) > last)
            {
                throw new InvalidStateException(DecisionType, decision.Id, $"{state} (the appeal period ended on {DeadlineClock.Format(last)})", "filing an appeal");
            }

            var due = DeadlineClock.Format(DeadlineClock.Parse(day).AddDays(options.AppealDecisionDays));
            decision.Appeal = new Appeal
            {
                AppealId = "appeal_" + NewId.NextGuid().ToString("N"),
                Appellant = command.Appellant,
                FiledOn = day,
                Grounds = command.Grounds,
                DueOn = due,
                NotifiedOn = notified,
                LastDay = DeadlineClock.Format(last),
            };
            deadlines.Open(decision, ToleranceDeadlines.OnWorkingDays(new TrackedDeadline { Kind = ToleranceDeadlines.AppealDecision, DueDate = due }));
        });

    /// <summary>The last day to appeal: Tolerance:AppealFilingDays after the notification, moved off a day that is not a working day.</summary>
    public DateOnly AppealPeriodEnd(string notifiedOn)
    {
        var last = DeadlineClock.Parse(notifiedOn).AddDays(options.AppealFilingDays);
        while (!calendar.IsWorkingDay(last))
        {
            last = last.AddDays(1);
        }

        return last;
    }

    /// <summary>
    /// Upheld; revoked (the decision no longer counts, its review is cancelled); or amended (a new
    /// decision with the given forms supersedes it and becomes the target's decision, under the
    /// same outcome and forms rule as a first decision). The amended decision's impact periods start
    /// on the original approval day: the original stayed in force during the appeal (§6.1, no
    /// suspension), so the cadre has been under its restrictions since then.
    /// </summary>
    public async Task<AccountabilityDecision> DecideAppealAsync(Caller caller, DecideAppeal command, CancellationToken ct)
    {
        var decision = await GetDecisionAsync(caller, command.DecisionId, ct);
        CheckVersion(decision, command.ExpectedVersion, AccountabilityDecision.Collection.Name);
        if (decision.Status != DecisionStatus.Effective || decision.Appeal is not { Result: AppealResult.Unspecified } appeal)
        {
            throw new InvalidStateException(DecisionType, decision.Id, Names.State(decision.Status) + (decision.Appeal is null ? " (no appeal filed)" : " (appeal already decided)"), "deciding an appeal");
        }

        var amended = command.Result == AppealResult.Amended ? FormsFor(decision.TargetKind, command.Forms, "forms") : null;
        if (command.Result != AppealResult.Amended && (command.Forms.Count > 0 || command.DirectOutcome != ToleranceOutcome.Unspecified))
        {
            throw RequestValidationException.For(command.Forms.Count > 0 ? "forms" : "direct_outcome", "must be empty unless the decision is amended");
        }

        // An amendment to no accountability states its Art.17 outcome; otherwise the amended decision
        // keeps the tolerance outcome it followed and needs its forms.
        var amendedOutcome = amended is null ? null : OutcomeAndForms(
            command.DirectOutcome != ToleranceOutcome.Unspecified ? null : decision.ToleranceOutcome, command.DirectOutcome, amended, "direct_outcome", "forms");

        var day = command.DecidedOn ?? DeadlineClock.Format(deadlines.Today());
        NotBefore("decided_on", day, appeal.FiledOn, "the appeal");
        var batch = new WriteBatch(clock.GetUtcNow());
        var now = batch.Now;
        appeal.Result = command.Result;
        appeal.Reason = command.Reason;
        appeal.DecidedOn = day;
        appeal.DecidedBy = caller.Subject;
        decision.AppealDecidedAt = now;
        deadlines.Meet(decision, ToleranceDeadlines.AppealDecision, now);
        if (command.Result is AppealResult.Revoked or AppealResult.Amended)
        {
            foreach (var kind in decision.Deadlines.Where(d => d.MetAt is null).Select(d => d.Kind).Distinct().ToList())
            {
                deadlines.Meet(decision, kind, now);
            }

            await CancelReviewAsync(caller, decision, batch, ct);
        }

        if (amended is not null)
        {
            var matter = await store.GetAsync(Matter.Collection, decision.MatterId, ct) ?? throw new NotFoundException(MatterType, decision.MatterId);
            var target = matter.FindTarget(decision.TargetId)!;
            var replacement = NewDecision(caller, matter, target, amended, $"amended on appeal {appeal.AppealId}: {command.Reason}", day, day, decision.ApprovedOn,
                amendedOutcome, decision.ApplicationId, decision.Id, batch);
            appeal.AmendedDecisionId = replacement.Id;
            decision.SupersededByDecisionId = replacement.Id;
            decision.Status = DecisionStatus.Superseded;
            target.DecisionId = replacement.Id;
            Move(caller, matter, matter.Status, "amend_on_appeal", $"target {target.TargetId}: {decision.Id} superseded by {replacement.Id}", batch);
        }
        else if (command.Result == AppealResult.Revoked)
        {
            decision.Status = DecisionStatus.Revoked;
        }

        batch.Publish(new AppealDecided
        {
            AppealId = appeal.AppealId,
            MatterId = decision.MatterId,
            DecisionId = decision.Id,
            Result = Names.Snake(command.Result),
            DecidedOn = day,
            DecidedAt = now,
        });
        AddStep(caller, decision, "decide_appeal", $"{Names.Snake(command.Result)}: {command.Reason}", batch);
        await store.CommitAsync(batch, ct);
        return decision;
    }

    /// <summary>
    /// The tolerance outcome a decision follows and the rule on its forms: 不予问责 or 免予问责 (from
    /// the application's decision, or stated as <paramref name="direct"/> under Art.17 when there is
    /// none) takes no forms, anything else at least one: a decision with nothing counted against
    /// the target is never the accident of an empty list.
    /// </summary>
    private static ToleranceOutcome? OutcomeAndForms(ToleranceOutcome? decided, ToleranceOutcome direct, IReadOnlyList<FormEntry> entries, string directField, string formsField)
    {
        var outcome = decided;
        if (direct != ToleranceOutcome.Unspecified)
        {
            if (decided is { } fromApplication && fromApplication != direct)
            {
                throw RequestValidationException.For(directField, $"must be empty or {Names.Snake(fromApplication)}: the tolerance decision is {Names.Snake(fromApplication)}");
            }

            if (direct is not (ToleranceOutcome.NoAccountability or ToleranceOutcome.Exempted))
            {
                throw RequestValidationException.For(directField, "must be no_accountability or exempted (问责条例 Art.17); lighter, reduced or not_tolerated come only from a tolerance decision");
            }

            outcome = direct;
        }

        var exempt = outcome is ToleranceOutcome.NoAccountability or ToleranceOutcome.Exempted;
        if (exempt && entries.Count > 0)
        {
            throw RequestValidationException.For(formsField, $"must be empty: the tolerance outcome is {Names.Snake(outcome!.Value)}, nothing counts against the target");
        }

        if (!exempt && entries.Count == 0)
        {
            throw RequestValidationException.For(formsField, outcome is { } o
                ? $"needs at least one entry: the tolerance outcome is {Names.Snake(o)}"
                : $"needs at least one entry; a decision of no accountability states {directField} (no_accountability or exempted, 问责条例 Art.17)");
        }

        return outcome;
    }

    /// <summary>
    /// The forms of the request, each known, allowed for the target's kind and given once (field
    /// <paramref name="field"/>[i] names the bad one).
    /// </summary>
    private List<FormEntry> FormsFor(TargetKind kind, IReadOnlyList<string> kinds, string field)
    {
        var v = new RequestValidator();
        var entries = new List<FormEntry>();
        for (var i = 0; i < kinds.Count; i++)
        {
            var entry = forms.Find(kinds[i]);
            if (entry is null)
            {
                v.Add($"{field}[{i}]", $"'{kinds[i]}' is not a form kind (e.g. admonishment, circulated_criticism, org_removal)");
            }
            else if (kind == TargetKind.Cadre ? !entry.ForCadres : !entry.ForOrganisations)
            {
                v.Add($"{field}[{i}]", $"{entry.Kind} ({entry.Name}) is not a form for {(kind == TargetKind.Cadre ? "a cadre" : "a Party organisation")}");
            }
            else if (kinds.Take(i).Contains(kinds[i]))
            {
                v.Add($"{field}[{i}]", "is listed twice");
            }
            else
            {
                entries.Add(entry);
            }
        }

        v.ThrowIfInvalid();
        return entries;
    }

    /// <summary>
    /// A new decision in the batch: its forms with impact starts (<paramref name="impactStartsOn"/>:
    /// the approval day, or for an amendment the original's), the organisational-handling deadline,
    /// a continued-use review for a cadre with an impact period, AccountabilityDecided and the audit
    /// record.
    /// </summary>
    private AccountabilityDecision NewDecision(
        Caller caller,
        Matter matter,
        Target target,
        IReadOnlyList<FormEntry> entries,
        string basis,
        string decidedOn,
        string approvedOn,
        string impactStartsOn,
        ToleranceOutcome? outcome,
        string? applicationId,
        string? supersedes,
        WriteBatch batch)
    {
        var approved = DeadlineClock.Parse(approvedOn);
        var impactStart = DeadlineClock.Parse(impactStartsOn);
        var records = entries.Select(e =>
        {
            var months = target.Kind == TargetKind.Cadre ? forms.ImpactMonths(e.Kind) : 0;
            return new FormRecord
            {
                Kind = e.Kind,
                Name = e.Name,
                Track = e.Track,
                Form = e.Form,
                ImpactMonths = months,
                ImpactStartsOn = months > 0 ? impactStartsOn : null,
                OrganisationalHandling = e.OrganisationalHandling,
            };
        }).ToList();
        var decision = new AccountabilityDecision
        {
            Id = "decision_" + NewId.NextGuid().ToString("N"),
            MatterId = matter.Id,
            TargetId = target.TargetId,
            TargetKind = target.Kind,
            Cadre = target.Cadre,
            CadreId = target.Cadre?.CadreId,
            OrganisationName = target.OrganisationName,
            Department = matter.Department,
            Forms = records,
            ToleranceOutcome = outcome,
            ApplicationId = applicationId,
            Basis = basis,
            DecidedOn = decidedOn,
            ApprovedOn = approvedOn,
            DecidedAt = batch.Now,
            DecidedBy = caller.Subject,
            Status = DecisionStatus.Effective,
            SupersedesDecisionId = supersedes,
            LastUpdateAt = batch.Now,
        };
        if (records.Any(r => r.OrganisationalHandling))
        {
            deadlines.Open(decision, ToleranceDeadlines.OnWorkingDays(new TrackedDeadline
            {
                Kind = ToleranceDeadlines.OrganisationalHandling,
                DueDate = DeadlineClock.Format(calendar.AddCalendarMonths(approved, options.OrganisationalHandlingMonths)),
            }));
        }

        var longest = records.Select(r => r.ImpactMonths).DefaultIfEmpty(0).Max();
        if (target.Cadre is { } cadre && longest > 0)
        {
            var ends = calendar.AddCalendarMonths(impactStart, longest);
            var review = new ContinuedUseReview
            {
                Id = "review_" + NewId.NextGuid().ToString("N"),
                MatterId = matter.Id,
                DecisionId = decision.Id,
                Cadre = cadre,
                CadreId = cadre.CadreId,
                Department = matter.Department,
                ImpactStartsOn = impactStartsOn,
                ImpactEndsOn = DeadlineClock.Format(ends),
                Status = ReviewStatus.Running,
                OpenedAt = batch.Now,
                LastUpdateAt = batch.Now,
            };
            deadlines.Open(review, new TrackedDeadline { Kind = ToleranceDeadlines.ImpactPeriod, DueDate = DeadlineClock.Format(ends.AddDays(-1)) });
            review.Steps.Add(new Step { At = batch.Now, To = Names.State(ReviewStatus.Running), Action = "open", SignedBy = caller.Subject, Role = caller.Role, Note = $"impact period {impactStartsOn} to {review.ImpactEndsOn}" });
            batch.Insert(ContinuedUseReview.Collection, review);
            batch.Audit(caller.Subject, caller.Role, "review.opened", "review", review.Id, $"decision {decision.Id}, impact period ends {review.ImpactEndsOn}");
            decision.ReviewId = review.Id;
        }

        decision.Steps.Add(new Step { At = batch.Now, To = Names.State(DecisionStatus.Effective), Action = "decide", SignedBy = caller.Subject, Role = caller.Role, Note = Summary(decision) });
        batch.Insert(AccountabilityDecision.Collection, decision);
        batch.Publish(new AccountabilityDecided
        {
            DecisionId = decision.Id,
            MatterId = matter.Id,
            Target = target.ToInfo(),
            Forms = records.Select(r => new AccountabilityFormInfo { Kind = r.Kind, Track = r.Track, Form = r.Form, ImpactStartsOn = r.ImpactStartsOn }).ToList(),
            Exempted = decision.Exempted,
            ToleranceOutcome = outcome is { } o ? Names.Snake(o) : null,
            SupersedesDecisionId = supersedes,
            DecidedOn = decidedOn,
            ApprovedOn = approvedOn,
            DecidedAt = batch.Now,
        });
        batch.Audit(caller.Subject, caller.Role, "decision.decided", DecisionType, decision.Id, $"matter {matter.Id} target {target.TargetId}: {Summary(decision)}");
        return decision;
    }

    private async Task CancelReviewAsync(Caller caller, AccountabilityDecision decision, WriteBatch batch, CancellationToken ct)
    {
        if (decision.ReviewId is null || await store.GetAsync(ContinuedUseReview.Collection, decision.ReviewId, ct) is not { } review
            || review.Status is not ReviewStatus.Running and not ReviewStatus.Reviewed)
        {
            return;
        }

        var from = Names.State(review.Status);
        review.Status = ReviewStatus.Cancelled;
        deadlines.Meet(review, ToleranceDeadlines.ImpactPeriod, batch.Now);
        review.Steps.Add(new Step { At = batch.Now, From = from, To = Names.State(ReviewStatus.Cancelled), Action = "cancel", SignedBy = caller.Subject, Role = caller.Role, Note = "decision " + decision.Id + " no longer in force" });
        review.LastUpdateAt = batch.Now;
        batch.Update(ContinuedUseReview.Collection, review);
        batch.Audit(caller.Subject, caller.Role, "review.cancel", "review", review.Id, "decision " + decision.Id + " no longer in force");
    }

    private Matter NewMatter(
        string scope,
        string? requestHash,
        MatterSource source,
        string sourceReference,
        string? clueId,
        string? proposalId,
        string? department,
        string facts,
        string dutyBreached,
        string? proposedForm,
        IReadOnlyList<TargetSpec> targets,
        DateTimeOffset now) => new()
        {
            Id = "matter_" + NewId.NextGuid().ToString("N"),
            IdempotencyScope = scope,
            RequestHash = requestHash,
            Source = source,
            SourceReference = sourceReference,
            ClueId = clueId,
            ProposalId = proposalId,
            Department = department,
            Facts = facts,
            DutyBreached = dutyBreached,
            ProposedForm = proposedForm,
            Targets = targets.Select((t, i) => new Target
            {
                TargetId = "t" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                Kind = t.Kind,
                Cadre = t.Cadre,
                OrganisationName = t.OrganisationName,
            }).ToList(),
            TargetCadreIds = targets.Select(t => t.Cadre?.CadreId).OfType<string>().Distinct().ToList(),
            Status = MatterStatus.Open,
            OpenedAt = now,
            LastUpdateAt = now,
        };

    private static void Open(Caller caller, Matter matter, WriteBatch batch, string note)
    {
        matter.Steps.Add(new Step { At = batch.Now, To = Names.State(MatterStatus.Open), Action = "open", SignedBy = caller.Subject, Role = caller.Role, Note = note });
        batch.Insert(Matter.Collection, matter);
        batch.Publish(new AccountabilityMatterOpened
        {
            MatterId = matter.Id,
            Source = Names.Snake(matter.Source),
            ClueId = matter.ClueId,
            Targets = matter.Targets.Select(t => t.ToInfo()).ToList(),
            OpenedAt = matter.OpenedAt,
        });
        batch.Audit(caller.Subject, caller.Role, "matter.opened", MatterType, matter.Id, note);
    }

    private static void Move(Caller caller, Matter matter, MatterStatus to, string action, string note, WriteBatch batch)
    {
        matter.Steps.Add(new Step { At = batch.Now, From = Names.State(matter.Status), To = Names.State(to), Action = action, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        matter.Status = to;
        matter.LastUpdateAt = batch.Now;
        batch.Update(Matter.Collection, matter);
        batch.Audit(caller.Subject, caller.Role, "matter." + action, MatterType, matter.Id, note);
    }

    private static void AddStep(Caller caller, AccountabilityDecision decision, string action, string note, WriteBatch batch)
    {
        var state = Names.State(decision.Status);
        var from = decision.Steps.Count > 0 ? decision.Steps[^1].To : state;
        decision.Steps.Add(new Step { At = batch.Now, From = from, To = state, Action = action, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        decision.LastUpdateAt = batch.Now;
        batch.Update(AccountabilityDecision.Collection, decision);
        batch.Audit(caller.Subject, caller.Role, "decision." + action, DecisionType, decision.Id, note);
    }

    /// <summary>Loads the decision (NOT_FOUND unless the caller may see it), checks the version, applies the change, commits with its step and audit record.</summary>
    private async Task<AccountabilityDecision> ChangeDecisionAsync(
        Caller caller, string id, long expectedVersion, string action, string note, CancellationToken ct, Action<AccountabilityDecision, WriteBatch, DateTimeOffset> change)
    {
        var decision = await GetDecisionAsync(caller, id, ct);
        CheckVersion(decision, expectedVersion, AccountabilityDecision.Collection.Name);
        var batch = new WriteBatch(clock.GetUtcNow());
        change(decision, batch, batch.Now);
        AddStep(caller, decision, action, note, batch);
        await store.CommitAsync(batch, ct);
        return decision;
    }

    /// <summary>The decision and approval days: today by default, not in the future, approval not before the decision, the decision not before <paramref name="earliest"/>.</summary>
    private (string Decided, string Approved) Dates(string? decidedOn, string? approvedOn, string earliest, string decidedField, string approvedField)
    {
        var today = DeadlineClock.Format(deadlines.Today());
        var decided = decidedOn ?? today;
        var approved = approvedOn ?? decided;
        var v = new RequestValidator();
        if (string.CompareOrdinal(decided, today) > 0)
        {
            v.Add(decidedField, "is in the future");
        }
        else if (string.CompareOrdinal(decided, earliest) < 0)
        {
            v.Add(decidedField, $"is before the matter was opened ({earliest})");
        }

        if (string.CompareOrdinal(approved, today) > 0)
        {
            v.Add(approvedField, "is in the future");
        }
        else if (string.CompareOrdinal(approved, decided) < 0)
        {
            v.Add(approvedField, "is before " + decidedField);
        }

        v.ThrowIfInvalid();
        return (decided, approved);
    }

    private void NotBefore(string field, string day, string earliest, string what)
    {
        if (string.CompareOrdinal(day, earliest) < 0)
        {
            throw RequestValidationException.For(field, $"is before {what} ({earliest})");
        }

        if (string.CompareOrdinal(day, DeadlineClock.Format(deadlines.Today())) > 0)
        {
            throw RequestValidationException.For(field, "is in the future");
        }
    }

    /// <summary>Bad day: not a date before <paramref name="earliest"/>, not in the future.</summary>
    private void Within(RequestValidator v, string field, string day, string earliest, string what)
    {
        if (string.CompareOrdinal(day, earliest) < 0)
        {
            v.Add(field, $"is before {what} ({earliest})");
        }
        else if (string.CompareOrdinal(day, DeadlineClock.Format(deadlines.Today())) > 0)
        {
            v.Add(field, "is in the future");
        }
    }

    /// <summary>Revoked and superseded decisions no longer count: nothing more is carried out or filed on them.</summary>
    private static void InForce(AccountabilityDecision decision, string action)
    {
        if (decision.Status != DecisionStatus.Effective)
        {
            var why = decision.SupersededByDecisionId is { } by ? $" (superseded by {by})" : "";
            throw new InvalidStateException(DecisionType, decision.Id, Names.State(decision.Status) + why, action);
        }
    }

    /// <summary>A decision of the matter in force with an appeal awaiting its decision, if any.</summary>
    private async Task<AccountabilityDecision?> PendingAppealAsync(string matterId, CancellationToken ct)
    {
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(AccountabilityDecision.Collection, new Query(Filter.Eq("matterId", matterId), "decidedAt", false, 100, after), ct);
            if (page.Items.FirstOrDefault(d => d.Status == DecisionStatus.Effective && d.Appeal is { Result: AppealResult.Unspecified }) is { } pending)
            {
                return pending;
            }

            after = page.Next;
        }
        while (after is not null);
        return null;
    }

    private static string Describe(Matter matter) => Names.State(matter.Status);

    private static string Summary(AccountabilityDecision decision) =>
        decision.Exempted ? "exempted, no forms" : string.Join(", ", decision.Forms.Select(f => $"{f.Kind} ({f.Name})"));

    private static void CheckVersion(IDocument document, long expectedVersion, string collection)
    {
        if (expectedVersion != 0 && document.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(collection, document.Id, expectedVersion);
        }
    }
}
