using Accountability.Contracts.Tolerance;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// The tolerance procedure (shared/domain.md §6.3): the written application, acceptance,
/// verification with the rules' evaluation, the committee's votes and decision, the written
/// feedback, the filings and an optional publication. Each step loads the application, checks who
/// may see it and the state machine, and commits the change with its signed step, events and
/// audit record in one batch.
/// </summary>
public sealed class ApplicationWorkflow(
    IDocumentStore store,
    DeadlineClock deadlines,
    RuleBook rules,
    ToleranceOptions options,
    TimeProvider clock)
{
    private const string ObjectType = "application";

    /// <summary>
    /// Records the written application of a cadre target (§6.3: after accountability starts,
    /// before its decision), one at a time per target: another follows only a rejected or withdrawn
    /// one, never a decided one (the committee's decision stands and the accountability decision
    /// follows it). The matter points at it in the same batch, so two filings for one target cannot
    /// both commit.
    /// </summary>
    public async Task<ToleranceApplication> FileAsync(Caller caller, FileApplication command, CancellationToken ct)
    {
        var matter = await store.GetAsync(Matter.Collection, command.MatterId, ct);
        if (matter is null || !Scope.MaySee(caller, matter.Department))
        {
            throw new NotFoundException("matter", command.MatterId);
        }

        if (command.ExpectedVersion != 0 && matter.Version != command.ExpectedVersion)
        {
            throw new ConcurrencyConflictException(Matter.Collection.Name, matter.Id, command.ExpectedVersion);
        }

        var target = matter.FindTarget(command.TargetId) ?? throw RequestValidationException.For("target_id", $"'{command.TargetId}' is not a target of this matter");
        if (target.Cadre is not { } cadre)
        {
            throw RequestValidationException.For("target_id", $"'{command.TargetId}' is a Party organisation: tolerance applications are made for cadres");
        }

        var opened = DeadlineClock.Format(deadlines.LocalDate(matter.OpenedAt));
        if (string.CompareOrdinal(command.WrittenOn, opened) < 0)
        {
            throw RequestValidationException.For("written_on", $"is before the matter was opened ({opened}): an application is made once accountability has started");
        }

        if (matter.Status != MatterStatus.Open || target.DecisionId is not null)
        {
            throw new InvalidStateException("matter", matter.Id, $"{Names.State(matter.Status)} (target {target.TargetId} already has its accountability decision)", "filing a tolerance application");
        }

        if (target.ApplicationId is { } current && await store.GetAsync(ToleranceApplication.Collection, current, ct) is { EndedUndecided: false } standing)
        {
            throw new InvalidStateException("matter", matter.Id, $"{Names.State(matter.Status)} (application {standing.Id} of target {target.TargetId} is {Names.State(standing.Status)})", "filing another tolerance application");
        }

        var batch = new WriteBatch(clock.GetUtcNow());
        var application = new ToleranceApplication
        {
            Id = "application_" + NewId.NextGuid().ToString("N"),
            MatterId = matter.Id,
            TargetId = target.TargetId,
            Cadre = cadre,
            Department = matter.Department,
            ApplicantKind = command.ApplicantKind,
            ApplicantName = command.ApplicantName,
            WrittenOn = command.WrittenOn,
            Reference = command.Reference,
            Statement = command.Statement,
            ClaimedGrounds = command.Grounds.Distinct().ToList(),
            ClaimedMitigations = command.Mitigations.Distinct().ToList(),
            Status = ApplicationStatus.Submitted,
            FiledAt = batch.Now,
            LastUpdateAt = batch.Now,
        };
        deadlines.Open(application, ToleranceDeadlines.OnWorkingDays(deadlines.InWorkingDays(ToleranceDeadlines.Acceptance, batch.Now, options.AcceptWithinWorkingDays)));
        var note = $"{Names.Snake(command.ApplicantKind)} {command.ApplicantName}, written {command.WrittenOn}";
        application.Steps.Add(new Step { At = batch.Now, To = Names.State(ApplicationStatus.Submitted), Action = "file", SignedBy = caller.Subject, Role = caller.Role, Note = note });
        batch.Insert(ToleranceApplication.Collection, application);
        batch.Publish(new ToleranceApplied
        {
            ApplicationId = application.Id,
            MatterId = matter.Id,
            TargetId = target.TargetId,
            Cadre = cadre.ToInfo(),
            FiledAt = batch.Now,
        });
        batch.Audit(caller.Subject, caller.Role, "application.filed", ObjectType, application.Id, note);

        target.ApplicationId = application.Id;
        matter.Steps.Add(new Step
        {
            At = batch.Now,
            From = Names.State(matter.Status),
            To = Names.State(matter.Status),
            Action = "file_application",
            SignedBy = caller.Subject,
            Role = caller.Role,
            Note = $"target {target.TargetId}: {application.Id}",
        });
        matter.LastUpdateAt = batch.Now;
        batch.Update(Matter.Collection, matter);
        batch.Audit(caller.Subject, caller.Role, "matter.file_application", "matter", matter.Id, $"target {target.TargetId}: {application.Id}");
        await store.CommitAsync(batch, ct);
        return application;
    }

    public async Task<ToleranceApplication> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var application = await store.GetAsync(ToleranceApplication.Collection, id, ct);
        return application is not null && Scope.MaySee(caller, application.Department) ? application : throw new NotFoundException(ObjectType, id);
    }

    public Task<ToleranceApplication> AcceptAsync(Caller caller, string id, string note, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, ApplicationAction.Accept, note, ct, (application, _, now) =>
        {
            deadlines.Meet(application, ToleranceDeadlines.Acceptance, now);
            deadlines.Open(application, ToleranceDeadlines.OnWorkingDays(deadlines.InWorkingDays(ToleranceDeadlines.Verification, now, options.VerifyWithinWorkingDays)));
            return Task.CompletedTask;
        });

    public Task<ToleranceApplication> RejectAsync(Caller caller, string id, string reason, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, ApplicationAction.Reject, reason, ct, (application, _, now) =>
        {
            application.RejectionReason = reason;
            deadlines.Meet(application, ToleranceDeadlines.Acceptance, now);
            return Task.CompletedTask;
        });

    /// <summary>
    /// Records the verification and evaluates the active rule set on what it established; the
    /// evaluation (inputs, version, content hash, outputs) is stored for good in the same batch.
    /// </summary>
    public async Task<ToleranceApplication> VerifyAsync(Caller caller, VerifyApplication command, CancellationToken ct)
    {
        var ruleSet = await rules.ActiveAsync(ct);
        var inputs = new EvaluationInputs
        {
            Grounds = command.EstablishedGrounds.Distinct().ToList(),
            Mitigations = command.EstablishedMitigations.Distinct().ToList(),
            Facts = command.Facts,
        };
        var result = Eligibility.Evaluate(ruleSet.Content, inputs);
        var note = $"rules {ruleSet.Id}: " + (result.Eligible ? "eligible" : "ineligible") + $", suggests {Names.Snake(result.SuggestedOutcome)}"
            + (result.DecidingRuleId is { } rule ? $" ({rule})" : " (default)");
        return await ChangeAsync(caller, command.ApplicationId, command.ExpectedVersion, ApplicationAction.Verify, note, ct, (application, batch, now) =>
        {
            application.Verification = new Verification
            {
                Facts = command.Facts,
                Factors = command.Factors.ToList(),
                EstablishedGrounds = inputs.Grounds,
                EstablishedMitigations = inputs.Mitigations,
                Summary = command.Summary,
                VerifiedBy = caller.Subject,
                VerifiedAt = now,
            };
            var evaluation = new Evaluation
            {
                Id = "evaluation_" + NewId.NextGuid().ToString("N"),
                ApplicationId = application.Id,
                RuleSetVersion = ruleSet.Id,
                RuleSetSha256 = ruleSet.ContentSha256,
                Inputs = inputs,
                Result = result,
                EvaluatedAt = now,
            };
            batch.Insert(Evaluation.Collection, evaluation);
            application.EvaluationId = evaluation.Id;
            deadlines.Meet(application, ToleranceDeadlines.Verification, now);
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// The committee, each member checked for recusal (回避) against the applicant: the cadre
    /// themself, a member of the same unit, a declared relation. Replaceable while the current
    /// voting round holds no vote (earlier rounds are kept); refused when fewer than
    /// Tolerance:CommitteeMinimumMembers are free to vote.
    /// </summary>
    public Task<ToleranceApplication> ConveneAsync(Caller caller, ConveneCommittee command, CancellationToken ct) =>
        ChangeAsync(caller, command.ApplicationId, command.ExpectedVersion, ApplicationAction.ConveneCommittee, $"{command.Name}, {command.MeetingDate}, {command.Members.Count} members", ct, (application, _, _) =>
        {
            var previous = application.Committee;
            if (previous is { Votes.Count: > 0 })
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED ({previous.Votes.Count} votes already cast in round {previous.Round})", "convening the committee again");
            }

            if (string.CompareOrdinal(command.MeetingDate, DeadlineClock.Format(deadlines.LocalDate(application.Verification!.VerifiedAt))) < 0)
            {
                throw RequestValidationException.For("meeting_date", "is before the verification");
            }

            var members = command.Members.Select(m => new Member
            {
                MemberId = m.MemberId,
                Name = m.Name,
                Unit = m.Unit,
                RelatedCadreIds = m.RelatedCadreIds.ToList(),
                RelatedPersons = m.RelatedPersons.Select(p => new RelatedPerson { Name = p.Name, Unit = p.Unit }).ToList(),
                Recusal = RecusalOf(m, application.Cadre),
            }).ToList();
            var voting = members.Count(m => m.Recusal is null);
            var quorum = options.QuorumOf(voting);
            if (voting < Math.Max(options.CommitteeMinimumMembers, quorum))
            {
                throw RequestValidationException.For("members", $"only {voting} of {members.Count} members may vote ({members.Count - voting} must recuse); a committee needs at least {options.CommitteeMinimumMembers} free to vote");
            }

            application.Committee = new Committee
            {
                Name = command.Name,
                MeetingDate = command.MeetingDate,
                Members = members,
                Quorum = quorum,
                MajorityBasis = options.MajorityBasis,
                ConvenedBy = caller.Subject,
                Round = previous?.Round ?? 1,
                ClosedRounds = previous?.ClosedRounds ?? [],
            };
            return Task.CompletedTask;
        });

    /// <summary>
    /// One vote per member and round. A member who must recuse, or who already voted in the round,
    /// is refused (FAILED_PRECONDITION naming why);
    /// an application the rules found ineligible takes only 不予容错; a vote against the rules'
    /// suggestion needs an opinion.
    /// </summary>
    public async Task<ToleranceApplication> VoteAsync(Caller caller, RecordVote command, CancellationToken ct)
    {
        var application = await GetAsync(caller, command.ApplicationId, ct);
        var evaluation = application.EvaluationId is { } id ? await store.GetAsync(Evaluation.Collection, id, ct) : null;
        return await ChangeAsync(caller, application, command.ExpectedVersion, ApplicationAction.RecordVote, $"{command.MemberId}: {Names.Snake(command.Outcome)}", ct, (application, _, now) =>
        {
            var committee = application.Committee ?? throw new InvalidStateException(ObjectType, application.Id, "VERIFIED (no committee convened)", "recording a vote");
            var member = committee.Members.FirstOrDefault(m => m.MemberId == command.MemberId)
                ?? throw RequestValidationException.For("member_id", $"'{command.MemberId}' is not a member of the committee");
            if (member.Recusal is { } recusal)
            {
                throw new InvalidStateException("committee member", member.MemberId, $"bound to recuse ({recusal}) from the application of {application.Cadre.Name}", "voting");
            }

            if (committee.Votes.Any(v => v.MemberId == member.MemberId))
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED (member {member.MemberId} already voted in round {committee.Round})", "voting again");
            }

            CheckEligible(evaluation, command.Outcome);
            if (evaluation is not null && command.Outcome != evaluation.Result.SuggestedOutcome && string.IsNullOrWhiteSpace(command.Opinion))
            {
                throw RequestValidationException.For("opinion", $"is required for a vote against the suggested outcome ({Names.Snake(evaluation.Result.SuggestedOutcome)})");
            }

            committee.Votes.Add(new Vote { MemberId = member.MemberId, Outcome = command.Outcome, Opinion = command.Opinion, CastAt = now, RecordedBy = caller.Subject });
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// The committee's decision (认定) on the current round: a quorum of the members free to vote
    /// voted, and the outcome has its majority (<see cref="Tally"/>); the other votes stand as
    /// recorded dissent. A decision against the rules' suggestion gives its reason. Written
    /// feedback is due within Tolerance:FeedbackWithinWorkingDays.
    /// </summary>
    public async Task<ToleranceApplication> DecideAsync(Caller caller, DecideApplication command, CancellationToken ct)
    {
        var application = await GetAsync(caller, command.ApplicationId, ct);
        var evaluation = application.EvaluationId is { } id ? await store.GetAsync(Evaluation.Collection, id, ct) : null;
        return await ChangeAsync(caller, application, command.ExpectedVersion, ApplicationAction.Decide, $"{Names.Snake(command.Outcome)}" + (command.Reason.Length > 0 ? ": " + command.Reason : ""), ct, (application, batch, now) =>
        {
            var committee = application.Committee ?? throw new InvalidStateException(ObjectType, application.Id, "VERIFIED (no committee convened)", "deciding");
            var tally = Tally.Of(committee, command.Outcome);
            if (tally.Problem is { } problem)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED ({problem})", "deciding");
            }

            var (votesFor, cast) = (tally.VotesFor, tally.Cast);

            CheckEligible(evaluation, command.Outcome);
            var suggested = evaluation?.Result.SuggestedOutcome ?? ToleranceOutcome.Unspecified;
            if (command.Outcome != suggested && string.IsNullOrWhiteSpace(command.Reason))
            {
                throw RequestValidationException.For("reason", $"is required: the rules suggest {Names.Snake(suggested)}");
            }

            var today = DeadlineClock.Format(deadlines.Today());
            application.Decision = new ToleranceDecision
            {
                Outcome = command.Outcome,
                SuggestedOutcome = suggested,
                Reason = command.Reason,
                DecidedOn = today,
                DecidedBy = caller.Subject,
                VotesFor = votesFor,
                VotesCast = cast,
            };
            application.DecidedAt = now;
            deadlines.Open(application, ToleranceDeadlines.OnWorkingDays(deadlines.InWorkingDays(ToleranceDeadlines.Feedback, now, options.FeedbackWithinWorkingDays)));
            batch.Publish(new ToleranceDecided
            {
                ApplicationId = application.Id,
                MatterId = application.MatterId,
                TargetId = application.TargetId,
                Cadre = application.Cadre.ToInfo(),
                Outcome = Names.Snake(command.Outcome),
                RuleSetVersion = evaluation?.RuleSetVersion ?? "",
                DecidedOn = today,
                DecidedAt = now,
            });
            return Task.CompletedTask;
        });
    }

    /// <summary>
    /// A new voting round for a committee that cannot decide: the current round's votes are closed
    /// (kept with the reason, and named in the step) and the members vote again, or the committee
    /// is convened anew. Refused while an outcome already has its majority (decide instead) and when
    /// the round holds no vote.
    /// </summary>
    public Task<ToleranceApplication> StartVotingRoundAsync(Caller caller, string id, string reason, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, ApplicationAction.StartVotingRound, reason, ct, (application, _, now) =>
        {
            var committee = application.Committee ?? throw new InvalidStateException(ObjectType, application.Id, "VERIFIED (no committee convened)", "starting a new voting round");
            if (committee.Votes.Count == 0)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED (no vote cast in round {committee.Round})", "starting a new voting round");
            }

            var decidable = committee.Votes.Select(v => v.Outcome).Distinct().FirstOrDefault(o => Tally.Of(committee, o).Problem is null);
            if (decidable != ToleranceOutcome.Unspecified)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED ({Names.Snake(decidable)} has its majority in round {committee.Round}: decide)", "starting a new voting round");
            }

            var closed = new VotingRound { Round = committee.Round, Votes = committee.Votes.ToList(), Reason = reason, ClosedBy = caller.Subject, ClosedAt = now };
            committee.ClosedRounds.Add(closed);
            committee.Votes.Clear();
            committee.Round++;
            return Task.CompletedTask;
        }, application => $"round {application.Committee!.Round - 1} closed ({string.Join(", ", application.Committee.ClosedRounds[^1].Votes.Select(v => $"{v.MemberId}: {Names.Snake(v.Outcome)}"))}): {reason}");

    /// <summary>
    /// Ends an application before a committee decision (the applicant's withdrawal, or a committee
    /// that cannot decide): WITHDRAWN, its open deadlines met, the target's decision no longer waits.
    /// </summary>
    public Task<ToleranceApplication> WithdrawAsync(Caller caller, string id, string reason, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, ApplicationAction.Withdraw, reason, ct, (application, _, now) =>
        {
            application.WithdrawalReason = reason;
            foreach (var kind in application.Deadlines.Where(d => d.MetAt is null).Select(d => d.Kind).Distinct().ToList())
            {
                deadlines.Meet(application, kind, now);
            }

            return Task.CompletedTask;
        });

    /// <summary>The written result delivered to the applicant (§6.3: in writing, 5 WD).</summary>
    public Task<ToleranceApplication> RecordFeedbackAsync(Caller caller, RecordFeedback command, CancellationToken ct) =>
        ChangeAsync(caller, command.ApplicationId, command.ExpectedVersion, ApplicationAction.RecordFeedback, $"{command.Reference}, delivered {command.DeliveredOn}", ct, (application, _, now) =>
        {
            NotBefore("delivered_on", command.DeliveredOn, application.Decision!.DecidedOn, "the decision");
            application.Feedback = new Feedback { DeliveredOn = command.DeliveredOn, Reference = command.Reference, Method = command.Method, RecordedBy = caller.Subject };
            deadlines.Meet(application, ToleranceDeadlines.Feedback, now);
            return Task.CompletedTask;
        });

    /// <summary>Filing (报备) with the organisation department or the Party committee, once each (§6.3).</summary>
    public Task<ToleranceApplication> FileDecisionAsync(Caller caller, FileDecision command, CancellationToken ct) =>
        ChangeAsync(caller, command.Id, command.ExpectedVersion, ApplicationAction.File, Names.Snake(command.FiledWith), ct, (application, batch, now) =>
        {
            if (application.Filings.FirstOrDefault(f => f.FiledWith == command.FiledWith) is { } earlier)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"{Names.State(application.Status)} (already filed with {Names.Snake(command.FiledWith)} on {earlier.FiledOn})", "filing again");
            }

            var day = command.FiledOn ?? DeadlineClock.Format(deadlines.Today());
            NotBefore("filed_on", day, application.Decision!.DecidedOn, "the decision");
            var filing = new Filing { FilingId = "filing_" + NewId.NextGuid().ToString("N"), FiledWith = command.FiledWith, FiledOn = day, FiledBy = caller.Subject };
            application.Filings.Add(filing);
            batch.Publish(new DecisionFiled
            {
                FilingId = filing.FilingId,
                MatterId = application.MatterId,
                ApplicationId = application.Id,
                Cadre = application.Cadre.ToInfo(),
                FiledWith = Names.Snake(command.FiledWith),
                FiledOn = day,
                FiledAt = now,
            });
            return Task.CompletedTask;
        });

    /// <summary>Publication (免责通报, 澄清正名) of 不予问责 or 免予问责, once, after filing.</summary>
    public Task<ToleranceApplication> PublishAsync(Caller caller, PublishDecision command, CancellationToken ct) =>
        ChangeAsync(caller, command.ApplicationId, command.ExpectedVersion, ApplicationAction.Publish, command.Scope, ct, (application, _, _) =>
        {
            if (application.Decision!.Outcome is not (ToleranceOutcome.NoAccountability or ToleranceOutcome.Exempted))
            {
                throw new InvalidStateException(ObjectType, application.Id, $"FILED ({Names.Snake(application.Decision.Outcome)}: only no_accountability or exempted is published)", "publishing");
            }

            if (application.Publication is not null)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"FILED (published on {application.Publication.PublishedOn})", "publishing");
            }

            application.Publication = new Publication { Scope = command.Scope, Notice = command.Notice, PublishedOn = DeadlineClock.Format(deadlines.Today()), PublishedBy = caller.Subject };
            return Task.CompletedTask;
        });

    /// <summary>
    /// Why a member must recuse, or null: the applicant themself, the same unit, a declared relation.
    /// A cadre with a directory id is matched by it; one without, by name (the applicant) or by name
    /// and unit (a relation declared by name and unit).
    /// </summary>
    public static string? RecusalOf(MemberSpec member, CadreInfo cadre)
    {
        if (cadre.CadreId is { Length: > 0 } id ? member.MemberId == id : Normalise(member.Name) == Normalise(cadre.Name))
        {
            return "applicant";
        }

        if (member.Unit.Length > 0 && Normalise(member.Unit) == Normalise(cadre.Unit))
        {
            return "same unit";
        }

        var related = cadre.CadreId is { Length: > 0 } cadreId
            ? member.RelatedCadreIds.Contains(cadreId) || member.RelatedPersons.Any(p => SamePerson(p, cadre))
            : member.RelatedPersons.Any(p => SamePerson(p, cadre));
        return related ? "declared relation" : null;
    }

    private static bool SamePerson(RelatedPersonSpec person, CadreInfo cadre) =>
        Normalise(person.Name) == Normalise(cadre.Name) && Normalise(person.Unit) == Normalise(cadre.Unit);

    private static string Normalise(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToLowerInvariant();

    /// <summary>An application a disqualifier made ineligible takes only 不予容错, naming the rule and its version.</summary>
    private static void CheckEligible(Evaluation? evaluation, ToleranceOutcome outcome)
    {
        if (evaluation is { Result.Eligible: false } && outcome != ToleranceOutcome.NotTolerated)
        {
            throw RequestValidationException.For("outcome", $"must be not_tolerated: the application is ineligible under rule {evaluation.Result.DecidingRuleId} of rules {evaluation.RuleSetVersion}");
        }
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

    private async Task<ToleranceApplication> ChangeAsync(
        Caller caller,
        string id,
        long expectedVersion,
        ApplicationAction action,
        string note,
        CancellationToken ct,
        Func<ToleranceApplication, WriteBatch, DateTimeOffset, Task> change,
        Func<ToleranceApplication, string>? noteAfter = null) =>
        await ChangeAsync(caller, await GetAsync(caller, id, ct), expectedVersion, action, note, ct, change, noteAfter);

    /// <summary>
    /// Checks the version and the state machine, applies <paramref name="change"/>, and commits with
    /// the signed step and the audit record (their note written after the change when <paramref name="noteAfter"/> is given).
    /// </summary>
    private async Task<ToleranceApplication> ChangeAsync(
        Caller caller,
        ToleranceApplication application,
        long expectedVersion,
        ApplicationAction action,
        string note,
        CancellationToken ct,
        Func<ToleranceApplication, WriteBatch, DateTimeOffset, Task> change,
        Func<ToleranceApplication, string>? noteAfter = null)
    {
        if (expectedVersion != 0 && application.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(ToleranceApplication.Collection.Name, application.Id, expectedVersion);
        }

        var name = Names.Snake(action.ToString());
        var target = ApplicationStateMachine.Next(application.Status, action)
            ?? throw new InvalidStateException(ObjectType, application.Id, Names.State(application.Status), name.Replace('_', ' '));
        var batch = new WriteBatch(clock.GetUtcNow());
        var from = application.Status;
        await change(application, batch, batch.Now);
        note = noteAfter?.Invoke(application) ?? note;
        application.Status = target;
        application.Steps.Add(new Step { At = batch.Now, From = Names.State(from), To = Names.State(target), Action = name, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        application.LastUpdateAt = batch.Now;
        batch.Update(ToleranceApplication.Collection, application);
        batch.Audit(caller.Subject, caller.Role, "application." + name, ObjectType, application.Id, note);
        await store.CommitAsync(batch, ct);
        return application;
    }
}
