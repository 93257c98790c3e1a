using Accountability.Contracts;
using Accountability.Contracts.CaseFiles;
using Accountability.Contracts.Clues;
using Accountability.Contracts.Petitions;
using Accountability.Contracts.Talks;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Clues.Domain;

/// <summary>
/// The clue workflow: each step loads the clue, checks who may see it and the state machine, and
/// commits the change with its signed step, events and audit record in one batch.
/// </summary>
public sealed class ClueWorkflow(
    IDocumentStore store,
    FieldProtector protector,
    DeadlineClock deadlines,
    FourForms fourForms,
    OrganDirectory organs,
    CluesOptions options,
    TimeProvider clock)
{
    private const string ObjectType = "clue";
    private const int CommitAttempts = 5;

    /// <summary>
    /// Every registration advances the same gap-free ledger series: they take its numbers in turn,
    /// each handing its batch to the store before the next takes one, so concurrent registrations
    /// (a burst of proposals after a broker outage) share a group commit instead of racing on the
    /// counter's version (docs/PERFORMANCE.md).
    /// </summary>
    private readonly CounterSeries _ledger = new(store);

    public async Task<RegisterResult> RegisterAsync(Caller caller, RegisterClue command, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + command.IdempotencyKey);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.FindOneAsync(Clue.Collection, Filter.Eq("idempotencyScope", scope), ct);
            if (existing is not null)
            {
                if (existing.RequestHash != command.RequestHash)
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different clue");
                }

                return new RegisterResult(existing, Replayed: true);
            }

            try
            {
                var now = clock.GetUtcNow();
                var batch = new WriteBatch(now);
                var clue = NewClue(
                    batch, options.OrganId, scope, command.RequestHash, command.Source, command.SourceReference, null, null,
                    command.Subjects, command.Summary, command.Disciplines, command.ReceivedAt ?? now);
                await CommitNewAsync(caller, clue, batch, ct);
                return new RegisterResult(clue, Replayed: false);
            }
            catch (Exception e) when (attempt < CommitAttempts && e is ConcurrencyConflictException or DuplicateKeyException)
            {
                // A registration before ours failed (ours counted on its number), another replica took
                // the ledger number, or the same key raced us: read again.
            }
        }
    }

    /// <summary>
    /// The clue a petition's clue proposal registers (not numbered yet: <see cref="CommitNewAsync"/>),
    /// or null if a clue for that proposal exists: one clue per proposal, whatever the message id of a
    /// redelivery.
    /// </summary>
    public async Task<Clue?> ProposedClueAsync(ClueProposed proposal, WriteBatch batch, CancellationToken ct)
    {
        var scope = "proposal:" + proposal.ProposalId;
        if (await store.FindOneAsync(Clue.Collection, Filter.Eq("idempotencyScope", scope), ct) is not null)
        {
            return null;
        }

        var subjects = proposal.Accused.Select(a => new ClueSubject
        {
            Name = a.Name,
            Unit = a.Unit,
            Post = a.Post,
            Level = Enum.TryParse<Level>(a.Level, ignoreCase: true, out var level) ? level : Level.Unspecified,
            CadreId = string.IsNullOrEmpty(a.CadreId) ? null : a.CadreId,
        }).ToList();
        var disciplines = proposal.Disciplines
            .Select(d => Enum.TryParse<Discipline>(d.Replace("_", ""), ignoreCase: true, out var discipline) ? discipline : Discipline.Unspecified)
            .Where(d => d != Discipline.Unspecified)
            .Distinct()
            .ToList();

        // The clue is received by the handling side when the petition is triaged, so the disposal
        // month (§3.1) runs from the proposal.
        return NewClue(
            batch, proposal.OrganId, scope, null, ClueSource.Petition, proposal.RegisterNumber, proposal.PetitionId, proposal.ProposalId,
            subjects, proposal.Summary, disciplines, proposal.ProposedAt);
    }

    /// <summary>
    /// Registers the clue a personal-matters check referred (个人有关事项报告查核, shared/domain.md §8),
    /// unless one exists for the referral: one clue per referral id, whatever the message id.
    /// </summary>
    public async Task<Clue?> ReferredClueAsync(PersonalMattersReferred referral, WriteBatch batch, CancellationToken ct)
    {
        var scope = "referral:" + referral.ReferralId;
        if (await store.FindOneAsync(Clue.Collection, Filter.Eq("idempotencyScope", scope), ct) is not null)
        {
            return null;
        }

        var subject = new ClueSubject
        {
            Name = referral.Cadre.Name,
            Unit = referral.Cadre.Unit,
            Post = referral.Cadre.Post,
            Level = Enum.TryParse<Level>(referral.Cadre.Level, ignoreCase: true, out var level) ? level : Level.Unspecified,
            CadreId = string.IsNullOrEmpty(referral.Cadre.CadreId) ? null : referral.Cadre.CadreId,
        };
        var finding = referral.Result == "concealment" ? "瞒报" : "漏报";
        return NewClue(
            batch, options.OrganId, scope, null, ClueSource.PersonalMattersCheck, $"个人有关事项报告查核 {referral.Year} ({referral.CheckId})", null, null,
            [subject], $"{referral.Year}年度个人有关事项报告查核发现{finding}：{string.Join("、", referral.Items)}", [Discipline.Organisational], referral.ReferredAt);
    }

    private Clue NewClue(
        WriteBatch batch,
        string organId,
        string scope,
        string? requestHash,
        ClueSource source,
        string sourceReference,
        string? petitionId,
        string? proposalId,
        IReadOnlyList<ClueSubject> subjects,
        string summary,
        IReadOnlyList<Discipline> disciplines,
        DateTimeOffset receivedAt)
    {
        var clue = new Clue
        {
            Id = "clue_" + NewId.NextGuid().ToString("N"),
            OrganId = organId,
            IdempotencyScope = scope,
            RequestHash = requestHash,
            Source = source,
            SourceReference = sourceReference,
            PetitionId = petitionId,
            ProposalId = proposalId,
            Subjects = subjects.ToList(),
            SubjectCadreIds = subjects.Select(s => s.CadreId).OfType<string>().Distinct().ToList(),
            Summary = summary,
            Disciplines = disciplines.Distinct().ToList(),
            ReportToUpper = subjects.Any(s => s.IsKeyOfficial),
            Status = ClueStatus.Registered,
            ReceivedAt = receivedAt,
            RegisteredAt = batch.Now,
            LastUpdateAt = batch.Now,
        };
        deadlines.Open(clue, deadlines.InMonths(ClueDeadlines.Disposal, receivedAt, options.DisposalMonths));
        return clue;
    }

    /// <summary>
    /// Numbers the new clue in the ledger, in turn, and commits it with its registration step,
    /// <see cref="ClueRegistered"/> and audit record (and whatever the batch already holds, such as a
    /// consumer's inbox mark).
    /// </summary>
    public Task CommitNewAsync(Caller caller, Clue clue, WriteBatch batch, CancellationToken ct)
    {
        // One ledger per instance: a proposal from another organ's petitions joins this organ's
        // numbering, so ledger numbers stay unique (the unique index refuses a repeat).
        var year = deadlines.LocalDate(batch.Now).Year;
        return _ledger.CommitNextAsync($"ledger:{options.OrganId}:{year}", batch, number =>
        {
            clue.LedgerNumber = $"XS-{year}-{number:D6}";
            Register(caller, clue, batch);
        }, ct);
    }

    private static void Register(Caller caller, Clue clue, WriteBatch batch)
    {
        var note = clue.ProposalId is null ? Names.Snake(clue.Source) : "proposal " + clue.ProposalId;
        clue.Steps.Add(new Step { At = batch.Now, From = ClueStatus.Unspecified, To = ClueStatus.Registered, Action = "register", SignedBy = caller.Subject, Role = caller.Role, Note = note });
        batch.Insert(Clue.Collection, clue);
        batch.Publish(new ClueRegistered
        {
            ClueId = clue.Id,
            LedgerNumber = clue.LedgerNumber,
            ProposalId = clue.ProposalId,
            PetitionId = clue.PetitionId,
            RegisteredAt = clue.RegisteredAt,
            Source = Names.Snake(clue.Source),
            Subjects = clue.Subjects.Select(Info).ToList(),
            ReportToUpper = clue.ReportToUpper,
        });
        batch.Audit(caller.Subject, caller.Role, "clue.registered", ObjectType, clue.Id, note);
    }

    /// <summary>The clue, if the caller may see it: a handler sees only their department's clues.</summary>
    public async Task<Clue> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var clue = await store.GetAsync(Clue.Collection, id, ct);
        if (clue is null || !MaySee(caller, clue))
        {
            throw new NotFoundException(ObjectType, id);
        }

        return clue;
    }

    public static bool MaySee(Caller caller, Clue clue) =>
        caller.Role != Roles.Handler || (caller.Department is { Length: > 0 } department && clue.Department == department);

    public Task<Clue> AssignAsync(Caller caller, string id, string department, string handler, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.Assign), $"{department} / {handler}", ct, (clue, _, _, _) =>
        {
            clue.Department = department;
            clue.Handler = handler;
        });

    public Task<Clue> FlagForUpperReportAsync(Caller caller, string id, int subjectIndex, KeyOfficial keyOfficial, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.FlagForUpperReport), $"subject {subjectIndex}: {Names.Snake(keyOfficial)}", ct, (clue, _, _, _) =>
        {
            Subject(clue, subjectIndex, "subject_index").KeyOfficial = keyOfficial;
            clue.ReportToUpper = clue.Subjects.Any(s => s.IsKeyOfficial);
        });

    public Task<Clue> DecideDisposalAsync(Caller caller, DecideDisposal command, CancellationToken ct) =>
        ChangeAsync(caller, command.ClueId, command.ExpectedVersion, new ClueMove(ClueAction.DecideDisposal, Disposal: command.Method), Names.Snake(command.Method) + ": " + command.Reason, ct, (clue, _, _, now) =>
        {
            // No disposal without the collective decision record (检举控告规则 Art.17, §3.1).
            var v = new RequestValidator();
            ClueRules.CollectiveDecision(v, command.Decision, deadlines.Today());
            if (v.Violations.Count == 0 && DeadlineClock.Parse(command.Decision!.MeetingDate) < deadlines.LocalDate(clue.ReceivedAt))
            {
                v.Add("collective_decision.meeting_date", "is before the clue was received");
            }

            v.ThrowIfInvalid();
            clue.Disposal = command.Method;
            clue.DisposedAt = now;
            clue.CollectiveDecision = command.Decision;
            deadlines.Meet(clue, ClueDeadlines.Disposal, now);
        });

    public Task<Clue> SendInquiryLetterAsync(Caller caller, string id, string letterReference, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.SendInquiryLetter), letterReference, ct, (clue, _, _, now) =>
            deadlines.Open(clue, deadlines.InWorkingDays(ClueDeadlines.LetterReply, now, options.LetterReplyWorkingDays)));

    public Task<Clue> RequestInquiryTalkAsync(Caller caller, string id, IReadOnlyList<string> talkers, string note, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.RequestInquiryTalk), string.Join(", ", talkers) + (note.Length > 0 ? ": " + note : ""), ct, (clue, _, batch, now) =>
        {
            // Only the answer to this request moves the clue (a stale result of an earlier round does not).
            clue.PendingTalkRequestId = "talkreq_" + NewId.NextGuid().ToString("N");
            batch.Publish(new RequestInquiryTalk
            {
                RequestId = clue.PendingTalkRequestId,
                ClueId = clue.Id,
                Subjects = clue.Subjects.Select(Info).ToList(),
                Talkers = talkers.ToList(),
                RequestedAt = now,
                Department = clue.Department,
            });
        });

    /// <summary>The reply as received on <paramref name="receivedAt"/> (default now): the reply deadline is met, and the report month runs, from that day.</summary>
    public Task<Clue> RecordInquiryReplyAsync(Caller caller, string id, string replyReference, string countersignedBy, DateTimeOffset? receivedAt, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.RecordInquiryReply), replyReference + (countersignedBy.Length > 0 ? ", countersigned by " + countersignedBy : ", replied directly"), ct, (clue, _, _, now) =>
        {
            var received = receivedAt ?? now;
            var sent = clue.Steps.Last(s => s.To == ClueStatus.LetterSent && s.From != ClueStatus.LetterSent).At;
            if (deadlines.LocalDate(received) < deadlines.LocalDate(sent))
            {
                throw RequestValidationException.For("received_at", $"is before the letter was sent ({DeadlineClock.Format(deadlines.LocalDate(sent))})");
            }

            // The reply is countersigned by the subject's Party principal, unless the subject is a
            // principal, who replies directly (监督执纪规则 Art.29, §3.3).
            if (countersignedBy.Length == 0 && !clue.Subjects.Any(s => s.KeyOfficial == KeyOfficial.SubordinatePrincipal))
            {
                throw RequestValidationException.For("countersigned_by", "is required: the subject's Party secretary countersigns the reply");
            }

            deadlines.Meet(clue, ClueDeadlines.LetterReply, received);
            deadlines.Open(clue, deadlines.InMonths(ClueDeadlines.InquiryReport, received, options.InquiryReportMonths));
        });

    public Task<Clue> RecordInquiryTalkHeldAsync(Caller caller, string id, string transcriptReference, DateTimeOffset? heldAt, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.RecordInquiryTalkHeld), transcriptReference, ct, (clue, _, _, now) =>
            deadlines.Open(clue, deadlines.InMonths(ClueDeadlines.InquiryReport, heldAt ?? now, options.InquiryReportMonths)));

    /// <summary>
    /// The inquiry report (§3.3, Art.30). Made while the letter is unanswered or the talk not held,
    /// it records that no reply came: treated as an untruthful reply (对抗组织审查), and it can only
    /// inquire again or escalate.
    /// </summary>
    public Task<Clue> ReportInquiryAsync(Caller caller, ReportInquiry command, CancellationToken ct) =>
        ChangeAsync(
            caller,
            command.ClueId,
            command.ExpectedVersion,
            new ClueMove(ClueAction.ReportInquiry, Proposal: command.Proposal),
            clue => Names.Snake(command.Proposal)
                + (ClueStateMachine.AwaitsReply(clue.Status) ? ", no reply" : command.ReplyUntruthful ? ", reply untruthful" : "")
                + ", approved by " + command.Approver,
            ct,
            clue =>
            {
                if (ClueStateMachine.AwaitsReply(clue.Status) && !ClueStateMachine.UnansweredProposals.Contains(command.Proposal))
                {
                    throw RequestValidationException.For("proposal", "must be inquire_again or escalate: without a reply there is nothing to accept");
                }
            },
            (clue, _, batch, now) =>
            {
                var unanswered = ClueStateMachine.AwaitsReply(clue.Status);
                var v = new RequestValidator();
                if (command.Proposal == InquiryProposal.AcceptAndClose && string.IsNullOrWhiteSpace(command.ClearanceLetterReference))
                {
                    v.Add("clearance_letter_reference", "is required to accept and close: the subject receives a clearance letter");
                }

                if (command.Proposal == InquiryProposal.FirstForm)
                {
                    if (command.Measures.Count == 0)
                    {
                        v.Add("measures", "needs at least one entry for first-form measures");
                    }

                    for (var i = 0; i < command.Measures.Count; i++)
                    {
                        var measure = command.Measures[i];
                        if (measure.SubjectIndex < 0 || measure.SubjectIndex >= clue.Subjects.Count)
                        {
                            v.Add($"measures[{i}].subject_index", $"{measure.SubjectIndex} is not a subject of this clue (0..{clue.Subjects.Count - 1})");
                        }

                        if (!FourForms.InquiryMeasures.Contains(measure.Kind))
                        {
                            v.Add($"measures[{i}].kind", "must be talk_reminder, critical_education, ordered_self_examination or admonishment");
                        }
                        else if (command.Measures.Take(i).Contains(measure))
                        {
                            v.Add($"measures[{i}]", "repeats an earlier measure");
                        }
                    }
                }

                v.ThrowIfInvalid();
                clue.ReplyUntruthful |= command.ReplyUntruthful || unanswered;
                deadlines.Meet(clue, unanswered ? ClueDeadlines.LetterReply : ClueDeadlines.InquiryReport, now);
                switch (command.Proposal)
                {
                    case InquiryProposal.InquireAgain:
                        clue.InquiryRounds++;
                        break;
                    case InquiryProposal.FirstForm:
                        var today = DeadlineClock.Format(deadlines.Today());
                        foreach (var measure in command.Measures)
                        {
                            AddOutcome(caller, clue, measure.SubjectIndex, measure.Kind, today, today, null, batch);
                        }

                        break;
                }
            });

    public Task<Clue> PlanVerificationAsync(Caller caller, PlanVerification command, CancellationToken ct) =>
        ChangeAsync(caller, command.ClueId, command.ExpectedVersion, new ClueMove(ClueAction.PlanVerification), $"team {string.Join(", ", command.Team)}; plan {command.PlanReference}; approved by {command.Approver}", ct, (clue, _, _, _) =>
        {
            var team = command.Team.Select(t => t.Trim()).Distinct(StringComparer.Ordinal).ToList();
            if (team.Count < options.VerificationTeamMinimum)
            {
                throw RequestValidationException.For("team", $"needs at least {options.VerificationTeamMinimum} different people");
            }

            clue.VerificationTeam = team;
            clue.VerificationPlanReference = command.PlanReference;
        });

    public Task<Clue> RecordVerificationMeasureAsync(Caller caller, string id, string measure, string approver, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.RecordVerificationMeasure), measure + ", approved by " + approver, ct, (clue, _, _, _) =>
            clue.VerificationMeasures.Add(measure));

    /// <summary>
    /// The one extension (§3.4). The old deadline stays on the clue, met by the extension (with its
    /// breach, if it had passed, still on record); the new one runs on from the old due date, not from today.
    /// </summary>
    public Task<Clue> ExtendVerificationAsync(Caller caller, string id, string reason, string approver, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.ExtendVerification), clue => $"extended to {DeadlineClock.Format(ExtendedDue(clue))}: {reason}, approved by {approver}", ct, null, (clue, _, _, now) =>
        {
            if (clue.VerificationExtended)
            {
                throw new InvalidStateException(ObjectType, clue.Id, "VERIFYING (already extended once)", "extending the verification");
            }

            var due = ExtendedDue(clue);
            deadlines.Meet(clue, ClueDeadlines.Verification, now);
            deadlines.Open(clue, new TrackedDeadline { Kind = ClueDeadlines.Verification, DueDate = DeadlineClock.Format(due) });
            clue.VerificationExtended = true;
        });

    private DateOnly ExtendedDue(Clue clue) =>
        DeadlineClock.Parse(clue.Deadlines.Last(d => d.Kind == ClueDeadlines.Verification && d.MetAt is null).DueDate)
            .AddMonths(options.VerificationExtensionMonths);

    public Task<Clue> ReportVerificationAsync(Caller caller, ReportVerification command, CancellationToken ct) =>
        ChangeAsync(caller, command.ClueId, command.ExpectedVersion, new ClueMove(ClueAction.ReportVerification, Verification: command.Outcome), $"{Names.Snake(command.Outcome)}: report {command.ReportReference} signed by {string.Join(", ", command.SignedBy)}; approved by {command.Approver}", ct, (clue, _, batch, now) =>
        {
            // The report is signed by every member of the team (§3.4).
            var missing = clue.VerificationTeam.Except(command.SignedBy.Select(s => s.Trim()), StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                throw RequestValidationException.For("signed_by", "lacks the signature of team member(s) " + string.Join(", ", missing));
            }

            deadlines.Meet(clue, ClueDeadlines.Verification, now);
            if (command.Outcome == VerificationOutcome.TalkReminder)
            {
                var today = DeadlineClock.Format(deadlines.Today());
                for (var i = 0; i < clue.Subjects.Count; i++)
                {
                    AddOutcome(caller, clue, i, OutcomeKind.TalkReminder, today, today, null, batch);
                }
            }
        });

    public Task<Clue> RecordOutcomeAsync(Caller caller, RecordOutcome command, CancellationToken ct) =>
        ChangeAsync(caller, command.ClueId, command.ExpectedVersion, new ClueMove(ClueAction.RecordOutcome), $"subject {command.SubjectIndex}: {Names.Snake(command.Kind)} decided {command.DecidedOn}, approved {command.ApprovedOn}", ct, (clue, _, batch, _) =>
        {
            Subject(clue, command.SubjectIndex, "subject_index");
            if (clue.Outcomes.Any(o => o.SubjectIndex == command.SubjectIndex && o.Kind == command.Kind))
            {
                throw RequestValidationException.For("kind", "is already recorded for this subject");
            }

            AddOutcome(caller, clue, command.SubjectIndex, command.Kind, command.DecidedOn, command.ApprovedOn, command.CaseCategory, batch, command.TermMonths);
        });

    public Task<Clue> ConcludeCaseAsync(Caller caller, string id, string summary, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.ConcludeCase), summary, ct, (_, _, _, _) => { });

    public Task<Clue> ReviewHoldAsync(Caller caller, string id, bool reopen, string note, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new ClueMove(ClueAction.ReviewHold, Reopen: reopen), (reopen ? "reopened: " : "kept: ") + note, ct, (clue, _, _, now) =>
        {
            deadlines.Meet(clue, ClueDeadlines.HoldReview, now);
            deadlines.Open(clue, reopen
                ? deadlines.InMonths(ClueDeadlines.Disposal, now, options.DisposalMonths)
                : deadlines.InMonths(ClueDeadlines.HoldReview, now, options.HoldReviewMonths));
        });

    public Task<Clue> RecordFalseAccusationAsync(Caller caller, RecordFalseAccusation command, CancellationToken ct) =>
        ChangeAsync(caller, command.ClueId, command.ExpectedVersion, new ClueMove(ClueAction.RecordFalseAccusation), $"approved by {command.Approver} ({command.ApprovingOrganId})", ct, (clue, _, batch, now) =>
        {
            // A false-accusation finding needs approval at prefecture level or above (§2.5).
            var level = organs.LevelOf(command.ApprovingOrganId);
            if (level is null || !options.FalseAccusationApprovalLevels.Contains(level, StringComparer.Ordinal))
            {
                throw RequestValidationException.For("approving_organ_id", $"must name an organ at level {string.Join(" or ", options.FalseAccusationApprovalLevels)} (prefecture or above)");
            }

            clue.FalseAccusation = true;
            clue.FalseAccusationApprovingOrganId = command.ApprovingOrganId;
            batch.Publish(new FalseAccusationFound
            {
                ClueId = clue.Id,
                PetitionId = clue.PetitionId,
                ProposalId = clue.ProposalId,
                ApprovingOrganId = command.ApprovingOrganId,
                FoundAt = now,
            });
        });

    /// <summary>
    /// Proposes accountability (问责) for the chosen subjects (all when none are named): the
    /// proposal goes to the Tolerance service as AccountabilityProposed in the same batch as the
    /// step and its audit record; the step's note names the proposal id. A subject is proposed at
    /// most once per clue (the Tolerance service opens a matter per proposal, so a second proposal
    /// would open a second matter on the same facts). With an idempotency key a repeat returns the
    /// clue without proposing again, and the key reused for another proposal is refused.
    /// </summary>
    public async Task<Clue> ProposeAccountabilityAsync(Caller caller, ProposeAccountability command, CancellationToken ct)
    {
        var scope = command.IdempotencyKey is { } key ? protector.LookupHash("idempotency", caller.Subject + "\u001f" + key) : null;
        for (var attempt = 1; ; attempt++)
        {
            if (scope is not null && await store.FindOneAsync(Clue.Collection, Filter.Eq("proposalScopes", scope), ct) is { } holder)
            {
                if (holder.AccountabilityProposals.Single(p => p.IdempotencyScope == scope).RequestHash != command.RequestHash)
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different accountability proposal");
                }

                return await GetAsync(caller, holder.Id, ct);
            }

            try
            {
                return await ProposeOnceAsync(caller, command, scope, ct);
            }
            catch (ConcurrencyConflictException) when (scope is not null && attempt < CommitAttempts)
            {
                // The clue changed meanwhile, perhaps by the same request retried: look for the key again.
            }
        }
    }

    private Task<Clue> ProposeOnceAsync(Caller caller, ProposeAccountability command, string? scope, CancellationToken ct)
    {
        var proposalId = "accprop_" + NewId.NextGuid().ToString("N");
        return ChangeAsync(
            caller,
            command.ClueId,
            command.ExpectedVersion,
            new ClueMove(ClueAction.ProposeAccountability),
            clue => $"proposal {proposalId}: subjects {string.Join(", ", Indexes(clue, command.SubjectIndexes))}" + (command.ProposedForm is { } form ? ", proposed form " + form : ""),
            ct,
            clue =>
            {
                for (var i = 0; i < command.SubjectIndexes.Count; i++)
                {
                    if (command.SubjectIndexes[i] >= clue.Subjects.Count)
                    {
                        throw RequestValidationException.For($"subject_indexes[{i}]", $"{command.SubjectIndexes[i]} is not a subject of this clue (0..{clue.Subjects.Count - 1})");
                    }
                }
            },
            (clue, status, batch, now) =>
            {
                var indexes = Indexes(clue, command.SubjectIndexes);
                foreach (var index in indexes)
                {
                    if (clue.AccountabilityProposals.FirstOrDefault(p => p.SubjectIndexes.Contains(index)) is { } earlier)
                    {
                        throw new InvalidStateException(ObjectType, clue.Id,
                            $"{Names.State(status)} (subject {index} {clue.Subjects[index].Name} already proposed in {earlier.ProposalId})", "proposing accountability again");
                    }
                }

                clue.AccountabilityProposals.Add(new AccountabilityProposal
                {
                    ProposalId = proposalId,
                    SubjectIndexes = indexes.ToList(),
                    ProposedForm = command.ProposedForm,
                    IdempotencyScope = scope,
                    RequestHash = command.RequestHash,
                    ProposedAt = now,
                    ProposedBy = caller.Subject,
                });
                if (scope is not null)
                {
                    clue.ProposalScopes.Add(scope);
                }

                batch.Publish(new AccountabilityProposed
                {
                    ProposalId = proposalId,
                    ClueId = clue.Id,
                    Subjects = indexes.Select(i => Info(clue.Subjects[i])).ToList(),
                    Facts = command.Facts,
                    DutyBreached = command.DutyBreached,
                    ProposedForm = command.ProposedForm,
                    Department = clue.Department,
                    ProposedAt = now,
                });
            });
    }

    private static IReadOnlyList<int> Indexes(Clue clue, IReadOnlyList<int> chosen) =>
        chosen.Count > 0 ? chosen : Enumerable.Range(0, clue.Subjects.Count).ToList();

    private void AddOutcome(Caller caller, Clue clue, int subjectIndex, OutcomeKind kind, string decidedOn, string approvedOn, string? caseCategory, WriteBatch batch, int? termMonths = null)
    {
        var subject = clue.Subjects[subjectIndex];
        var (track, form) = fourForms.For(kind);
        var outcome = new Outcome
        {
            Id = "out_" + NewId.NextGuid().ToString("N"),
            ClueId = clue.Id,
            SubjectIndex = subjectIndex,
            SubjectKey = subject.Key,
            Subject = subject,
            Kind = kind,
            Track = track,
            Form = form,
            DecidedOn = decidedOn,
            ApprovedOn = approvedOn,
            CaseCategory = caseCategory,
            TermMonths = termMonths,
            RecordedAt = batch.Now,
            RecordedBy = caller.Subject,
        };
        clue.Outcomes.Add(outcome.Copy());
        batch.Insert(Outcome.Collection, outcome);
        batch.Publish(new OutcomeDecided
        {
            OutcomeId = outcome.Id,
            ClueId = clue.Id,
            Subject = Info(subject),
            Kind = Names.Snake(kind),
            Track = Names.Snake(track),
            Form = form,
            DecidedOn = decidedOn,
            ApprovedOn = approvedOn,
            CaseCategory = caseCategory,
            ReplyUntruthful = clue.ReplyUntruthful,
            TermMonths = termMonths,
        });
        if (FourForms.TalkMeasures.Contains(kind))
        {
            batch.Publish(new RequestFirstFormTalk
            {
                RequestId = "talkreq_" + NewId.NextGuid().ToString("N"),
                ClueId = clue.Id,
                OutcomeId = outcome.Id,
                Subject = Info(subject),
                Kind = Names.Snake(kind),
                RequestedAt = batch.Now,
                Department = clue.Department,
            });
        }
    }

    private Task<Clue> ChangeAsync(Caller caller, string id, long expectedVersion, ClueMove move, string note, CancellationToken ct, Action<Clue, ClueStatus, WriteBatch, DateTimeOffset> change) =>
        ChangeAsync(caller, id, expectedVersion, move, _ => note, ct, null, change);

    /// <summary>
    /// Loads the clue, runs <paramref name="guard"/> (a bad-input check that depends on the state,
    /// before the state machine refuses), moves it, applies <paramref name="change"/>, and commits
    /// with the signed step (its note written from the clue as it was) and the audit record.
    /// </summary>
    private async Task<Clue> ChangeAsync(
        Caller caller,
        string id,
        long expectedVersion,
        ClueMove move,
        Func<Clue, string> noteFor,
        CancellationToken ct,
        Action<Clue>? guard,
        Action<Clue, ClueStatus, WriteBatch, DateTimeOffset> change)
    {
        var clue = await GetAsync(caller, id, ct);
        if (expectedVersion != 0 && clue.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(Clue.Collection.Name, id, expectedVersion);
        }

        guard?.Invoke(clue);
        var batch = new WriteBatch(clock.GetUtcNow());
        Move(caller, clue, move, noteFor(clue), batch, change);
        await store.CommitAsync(batch, ct);
        return clue;
    }

    /// <summary>
    /// The result of a talk inquiry from the Talks service, in the consumer's batch: the clue moves
    /// from TALK_REQUESTED as RecordInquiryTalkHeld moves it, signed by the Talks service. A clue
    /// no longer waiting for its talk (the handler recorded it by hand, or reported without it), or
    /// waiting for another request's talk (a new round), keeps its state: the talk's record stays
    /// in the Talks service.
    /// </summary>
    public async Task RecordTalkResultAsync(InquiryTalkHeld result, WriteBatch batch, CancellationToken ct)
    {
        var clue = await store.GetAsync(Clue.Collection, result.ClueId, ct);
        if (clue is null || !AwaitsTalk(clue, result.RequestId))
        {
            return;
        }

        var note = $"talk {result.TalkId} (request {result.RequestId})" + (result.StatementReceived ? ", statement taken" : "");
        Move(Caller.System("talks"), clue, new ClueMove(ClueAction.RecordInquiryTalkHeld), note, batch, (c, _, _, _) =>
            deadlines.Open(c, deadlines.InMonths(ClueDeadlines.InquiryReport, result.HeldAt, options.InquiryReportMonths)));
    }

    /// <summary>
    /// The Talks service reports that the requested talk did not take place: cancelled, missed, or
    /// every subject absent. The clue stays TALK_REQUESTED (§3.3 has no state for it: a missed or
    /// absent talk is rescheduled or made up, and its InquiryTalkHeld still moves the clue), and a
    /// step signed system:talks records the notice so the handler sees it; with no talk coming
    /// (cancelled, or the handler judges so) the handler reports the inquiry unanswered
    /// (ReportInquiry: inquire again or escalate, §3.3(c)). Idempotent: the inbox skips a
    /// redelivered message id and <see cref="Clue.TalkNotices"/> a copy under another id; a notice
    /// for another request, or for a clue no longer waiting for a talk, changes nothing.
    /// </summary>
    public async Task RecordTalkNotHeldAsync(InquiryTalkNotHeld notice, WriteBatch batch, CancellationToken ct)
    {
        var clue = await store.GetAsync(Clue.Collection, notice.ClueId, ct);
        var key = $"{notice.TalkId}|{notice.Reason}|{notice.RecordedAt.UtcTicks}";
        if (clue is null || !AwaitsTalk(clue, notice.RequestId) || clue.TalkNotices.Contains(key))
        {
            return;
        }

        var note = $"talk {notice.TalkId} (request {notice.RequestId}) not held: {notice.Reason}" + (notice.Note.Length > 0 && notice.Note != notice.Reason ? " (" + notice.Note + ")" : "");
        Move(Caller.System("talks"), clue, new ClueMove(ClueAction.RecordInquiryTalkNotHeld), note, batch, (c, _, _, _) => c.TalkNotices.Add(key));
    }

    /// <summary>
    /// The clue waits for the talk of <paramref name="requestId"/>. A clue that requested its talk
    /// before request ids were kept (none stored) takes any request's result.
    /// </summary>
    private static bool AwaitsTalk(Clue clue, string requestId) =>
        clue.Status == ClueStatus.TalkRequested && (clue.PendingTalkRequestId is null || clue.PendingTalkRequestId == requestId);

    /// <summary>Moves the clue by the state machine, applies <paramref name="change"/>, and adds the signed step, the update and the audit record to the batch.</summary>
    private void Move(Caller caller, Clue clue, ClueMove move, string note, WriteBatch batch, Action<Clue, ClueStatus, WriteBatch, DateTimeOffset> change)
    {
        var id = clue.Id;
        move = move with { VerificationPlanned = clue.VerificationPlanned, HasOutcomes = clue.Outcomes.Count > 0, FindingsReached = ClueStateMachine.FindingsReached(clue) };
        var action = Names.Snake(move.Action.ToString());
        var target = ClueStateMachine.Next(clue.Status, move)
            ?? throw new InvalidStateException(ObjectType, id, ClueStateMachine.Describe(clue.Status, move), action.Replace('_', ' '));
        var now = batch.Now;
        var from = clue.Status;
        if (target == ClueStatus.Verifying && from != ClueStatus.Verifying)
        {
            // A new verification (after escalation, or a reopened hold) is planned afresh, and its
            // time limit runs from the decision to verify, not from the plan (§3.4).
            clue.VerificationTeam = [];
            clue.VerificationPlanReference = null;
            clue.VerificationExtended = false;
            deadlines.Open(clue, deadlines.InMonths(ClueDeadlines.Verification, now, options.VerificationMonths));
        }

        change(clue, target, batch, now);
        clue.Status = target;
        clue.Steps.Add(new Step { At = now, From = from, To = target, Action = action, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        if (target == ClueStatus.Held && from != ClueStatus.Held)
        {
            deadlines.Open(clue, deadlines.InMonths(ClueDeadlines.HoldReview, now, options.HoldReviewMonths));
        }

        if (target == ClueStatus.CaseFiled && from != ClueStatus.CaseFiled)
        {
            clue.CaseFiledAt = now;
        }

        if (target == ClueStatus.Concluded)
        {
            Conclude(clue, ClueStateMachine.ConclusionOf(move) ?? action, batch, now);
        }

        if (target != from)
        {
            // For the dossiers (CaseFiles): whether a matter about a cadre is still open, and at which stage.
            batch.Publish(new ClueStageChanged
            {
                ClueId = clue.Id,
                LedgerNumber = clue.LedgerNumber,
                Stage = Names.Snake(target),
                PreviousStage = Names.Snake(from),
                Step = clue.Steps.Count,
                Subjects = clue.Subjects.Select(Info).ToList(),
                ChangedAt = now,
            });
        }

        clue.LastUpdateAt = now;
        batch.Update(Clue.Collection, clue);
        batch.Audit(caller.Subject, caller.Role, "clue." + action, ObjectType, id, note);
    }

    /// <summary>A conclusion ends every open deadline and tells the Petitions service (its petition may close).</summary>
    private void Conclude(Clue clue, string result, WriteBatch batch, DateTimeOffset now)
    {
        foreach (var kind in clue.Deadlines.Where(d => d.MetAt is null).Select(d => d.Kind).Distinct().ToList())
        {
            deadlines.Meet(clue, kind, now);
        }

        clue.Conclusion = result;
        clue.ConcludedAt = now;
        batch.Publish(new ClueConcluded { ClueId = clue.Id, ProposalId = clue.ProposalId, PetitionId = clue.PetitionId, Result = result, ConcludedAt = now });
    }

    private static ClueSubject Subject(Clue clue, int index, string field) =>
        index >= 0 && index < clue.Subjects.Count
            ? clue.Subjects[index]
            : throw RequestValidationException.For(field, $"{index} is not a subject of this clue (0..{clue.Subjects.Count - 1})");

    public static AccusedPersonInfo Info(ClueSubject subject) =>
        new(subject.Name, subject.Unit, subject.Post, subject.Level.ToString().ToLowerInvariant(), subject.CadreId);
}
