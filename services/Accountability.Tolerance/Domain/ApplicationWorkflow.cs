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
    /// before its decision), one in progress per target; the matter points at it in the same batch,
    /// so two filings for one target cannot both commit.
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

        if (target.ApplicationId is { } current && await store.GetAsync(ToleranceApplication.Collection, current, ct) is { InProgress: true } pending)
        {
            throw new InvalidStateException("matter", matter.Id, $"{Names.State(matter.Status)} (application {pending.Id} of target {target.TargetId} is {Names.State(pending.Status)})", "filing another tolerance application");
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
        deadlines.Open(application, deadlines.InWorkingDays(ToleranceDeadlines.Acceptance, batch.Now, options.AcceptWithinWorkingDays));
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
            deadlines.Open(application, deadlines.InWorkingDays(ToleranceDeadlines.Verification, now, options.VerifyWithinWorkingDays));
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
    /// themself, a member of the same unit, a declared relation. Replaceable until a vote is cast;
    /// refused when too few members may vote to ever reach the quorum.
    /// </summary>
    public Task<ToleranceApplication> ConveneAsync(Caller caller, ConveneCommittee command, CancellationToken ct) =>
        ChangeAsync(caller, command.ApplicationId, command.ExpectedVersion, ApplicationAction.ConveneCommittee, $"{command.Name}, {command.MeetingDate}, {command.Members.Count} members", ct, (application, _, _) =>
        {
            if (application.Committee is { Votes.Count: > 0 } committee)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED ({committee.Votes.Count} votes already cast)", "convening the committee again");
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
                Recusal = RecusalOf(m, application.Cadre),
            }).ToList();
            var quorum = options.QuorumOf(members.Count);
            var voting = members.Count(m => m.Recusal is null);
            if (voting < quorum)
            {
                throw RequestValidationException.For("members", $"only {voting} of {members.Count} members may vote ({members.Count - voting} must recuse); a quorum needs {quorum}");
            }

            application.Committee = new Committee { Name = command.Name, MeetingDate = command.MeetingDate, Members = members, Quorum = quorum, ConvenedBy = caller.Subject };
            return Task.CompletedTask;
        });

    /// <summary>
    /// One vote per member. A member who must recuse is refused (FAILED_PRECONDITION naming why);
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
                throw RequestValidationException.For("member_id", $"'{member.MemberId}' has already voted");
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
    /// The committee's decision (认定): a quorum of votes cast, a majority of them for the outcome;
    /// the other votes stand as recorded dissent. A decision against the rules' suggestion gives
    /// its reason. Written feedback is due within Tolerance:FeedbackWithinWorkingDays.
    /// </summary>
    public async Task<ToleranceApplication> DecideAsync(Caller caller, DecideApplication command, CancellationToken ct)
    {
        var application = await GetAsync(caller, command.ApplicationId, ct);
        var evaluation = application.EvaluationId is { } id ? await store.GetAsync(Evaluation.Collection, id, ct) : null;
        return await ChangeAsync(caller, application, command.ExpectedVersion, ApplicationAction.Decide, $"{Names.Snake(command.Outcome)}" + (command.Reason.Length > 0 ? ": " + command.Reason : ""), ct, (application, batch, now) =>
        {
            var committee = application.Committee ?? throw new InvalidStateException(ObjectType, application.Id, "VERIFIED (no committee convened)", "deciding");
            var cast = committee.Votes.Count;
            if (cast < committee.Quorum)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED (no quorum: {cast} of {committee.Members.Count} members voted, {committee.Quorum} needed)", "deciding");
            }

            var votesFor = committee.Votes.Count(v => v.Outcome == command.Outcome);
            if (votesFor * 2 <= cast)
            {
                throw new InvalidStateException(ObjectType, application.Id, $"VERIFIED (no majority for {Names.Snake(command.Outcome)}: {votesFor} of {cast} votes)", "deciding");
            }

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
            deadlines.Open(application, deadlines.InWorkingDays(ToleranceDeadlines.Feedback, now, options.FeedbackWithinWorkingDays));
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
            if (application.Filings.Any(f => f.FiledWith == command.FiledWith))
            {
                throw RequestValidationException.For("filed_with", "is already recorded");
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

    /// <summary>Why a member must recuse, or null: the applicant themself, the same unit, a declared relation.</summary>
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

        return cadre.CadreId is { Length: > 0 } cadreId && member.RelatedCadreIds.Contains(cadreId) ? "declared relation" : null;
    }

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
        Caller caller, string id, long expectedVersion, ApplicationAction action, string note, CancellationToken ct, Func<ToleranceApplication, WriteBatch, DateTimeOffset, Task> change) =>
        await ChangeAsync(caller, await GetAsync(caller, id, ct), expectedVersion, action, note, ct, change);

    /// <summary>Checks the version and the state machine, applies <paramref name="change"/>, and commits with the signed step and the audit record.</summary>
    private async Task<ToleranceApplication> ChangeAsync(
        Caller caller, ToleranceApplication application, long expectedVersion, ApplicationAction action, string note, CancellationToken ct, Func<ToleranceApplication, WriteBatch, DateTimeOffset, Task> change)
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
        application.Status = target;
        application.Steps.Add(new Step { At = batch.Now, From = Names.State(from), To = Names.State(target), Action = name, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        application.LastUpdateAt = batch.Now;
        batch.Update(ToleranceApplication.Collection, application);
        batch.Audit(caller.Subject, caller.Role, "application." + name, ObjectType, application.Id, note);
        await store.CommitAsync(batch, ct);
        return application;
    }
}
