using Accountability.Contracts;
using Accountability.Contracts.Petitions;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;

namespace Accountability.Petitions.Domain;

/// <summary>
/// The petitions workflow: each act loads the petition, checks the state machine, and commits the
/// change with its events and audit record in one batch.
/// </summary>
public sealed class PetitionWorkflow(
    IDocumentStore store,
    FieldProtector protector,
    ReceiptCodes receiptCodes,
    DeadlineClock deadlines,
    OrganDirectory organs,
    JurisdictionRules jurisdiction,
    PetitionsOptions options,
    TimeProvider clock)
{
    private const string ObjectType = "petition";
    private const int RepeatCandidates = 50;
    private const int CommitAttempts = 5;

    /// <summary>
    /// Every submit advances the same gap-free register series: submits of this process take its
    /// numbers in turn, each handing its batch to the store before the next takes a number, so that
    /// concurrent submits share a group commit (docs/PERFORMANCE.md). Another process (a second
    /// replica) still meets the counter's version check.
    /// </summary>
    private readonly CounterSeries _register = new(store);

    public async Task<SubmitResult> SubmitAsync(Caller caller, SubmitPetition command, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + command.IdempotencyKey);
        var receiptCode = receiptCodes.CodeFor(scope);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.FindOneAsync(Petition.Collection, Filter.Eq("idempotencyScope", scope), ct);
            if (existing is not null)
            {
                if (existing.RequestHash != protector.LookupHash("request", command.RequestHash))
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different petition");
                }

                return new SubmitResult(existing, receiptCode, Replayed: true);
            }

            try
            {
                return new SubmitResult(await RegisterAsync(caller, command, scope, receiptCode, ct), receiptCode, Replayed: false);
            }
            catch (Exception e) when (attempt < CommitAttempts && e is ConcurrencyConflictException or DuplicateKeyException)
            {
                // A submit before ours failed (ours counted on its number), another replica took the
                // number, or the same key raced us: read again.
            }
        }
    }

    private async Task<Petition> RegisterAsync(Caller caller, SubmitPetition command, string scope, string receiptCode, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var receivedAt = command.ReceivedAt ?? now;
        var id = "pet_" + NewId.NextGuid().ToString("N");
        var year = deadlines.LocalDate(receivedAt).Year;
        var batch = new WriteBatch(now);
        var accusedKeys = RepeatMatcher.AccusedKeys(command.Accused);
        var repeatOf = await FindRepeatAsync(accusedKeys, command.Facts, ct);
        var petition = new Petition
        {
            Id = id,
            OrganId = options.OrganId,
            IdempotencyScope = scope,
            // Keyed: the request includes the identity, so a plain hash would confirm a guess.
            RequestHash = protector.LookupHash("request", command.RequestHash),
            ReceiptCodeHash = receiptCodes.HashOf(receiptCode),
            Channel = command.Channel,
            Kind = command.Kind,
            Named = command.Reporter?.IsNamed == true,
            IdentityComplete = command.Reporter?.IsNamed == true,
            Jurisdiction = jurisdiction.For(options.OrganId, command.Accused),
            Reporter = command.Reporter is null || command.Reporter.IsEmpty ? null : protector.Encrypt(command.Reporter.ToBytes(), id),
            Accused = command.Accused.ToList(),
            AccusedKeys = accusedKeys,
            PrimaryLevel = command.Accused[0].Level,
            Facts = command.Facts,
            Disciplines = command.Disciplines.Distinct().ToList(),
            Attachments = command.Attachments.ToList(),
            ReceivedAt = receivedAt,
            RegisteredAt = now,
            SourceOrganId = command.SourceOrganId,
            Status = PetitionStatus.Registered,
            LastUpdateAt = now,
        };

        if (repeatOf is not null)
        {
            // A repeat is registered and filed at once: linked, no new clue, no acceptance notice (§2.2, §2.3).
            petition.RepeatOf = repeatOf;
            Move(petition, PetitionStatus.FiledRepeat, caller, "repeat of " + repeatOf, now);
        }
        else
        {
            deadlines.Open(petition, deadlines.InWorkingDays(PetitionDeadlines.Screening, receivedAt, options.ScreeningWorkingDays));
        }

        deadlines.Refresh(petition);
        // The register number last, in turn with the other submits of this process; the petition, its
        // event and its audit record carry it in one batch with the counter's advance.
        await _register.CommitNextAsync($"register:{options.OrganId}:{year}", batch, number =>
        {
            petition.RegisterNumber = $"XF-{year}-{number:D6}";
            batch.Insert(Petition.Collection, petition);
            batch.Publish(new PetitionRegistered
            {
                PetitionId = id,
                RegisterNumber = petition.RegisterNumber,
                OrganId = petition.OrganId,
                Channel = petition.Channel.ToString(),
                Kind = petition.Kind.ToString(),
                Named = petition.Named,
                Accused = petition.Accused.Select(Info).ToList(),
                Disciplines = petition.Disciplines.Select(d => d.ToString()).ToList(),
                ReceivedAt = receivedAt,
                RepeatOfPetitionId = repeatOf,
            });
            batch.Audit(caller.Subject, caller.Role, "petition.registered", ObjectType, id, repeatOf is null ? "" : "filed as repeat of " + repeatOf);
        }, ct);
        return petition;
    }

    private async Task<string?> FindRepeatAsync(List<string> accusedKeys, string facts, CancellationToken ct)
    {
        var candidates = await store.QueryAsync(
            Petition.Collection,
            new Query(Filter.In("accusedKeys", accusedKeys), "receivedAt", true, RepeatCandidates),
            ct);
        var match = candidates.Items
            .Where(c => RepeatMatcher.Similarity(c.Facts, facts) >= options.RepeatSimilarityThreshold)
            .OrderBy(c => c.ReceivedAt)
            .FirstOrDefault();
        return match is null ? null : match.RepeatOf ?? match.Id;
    }

    public async Task<Petition> GetAsync(string id, CancellationToken ct) =>
        await store.GetAsync(Petition.Collection, id, ct) ?? throw new NotFoundException(ObjectType, id);

    public Task<Petition> VerifyReporterAsync(Caller caller, string id, bool verified, string method, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.reporter_verified", method, ct, (petition, _, now) =>
        {
            if (!petition.IdentityComplete)
            {
                throw new InvalidStateException(ObjectType, id, "anonymous", "verifying the reporter's real name");
            }

            if (petition.Status is not (PetitionStatus.Registered or PetitionStatus.Accepted))
            {
                throw new InvalidStateException(ObjectType, id, Names.State(petition.Status), "verifying the reporter (only before the petition is handed on)");
            }

            petition.ReporterVerified = verified;
            petition.VerificationMethod = method;
            // A name the reporter does not confirm is treated as anonymous (shared/domain.md §2.3):
            // no acceptance notice is owed (feedback still goes out through the receipt code).
            petition.Named = verified;
            if (!verified)
            {
                petition.Deadlines.RemoveAll(d => d.MetAt is null && d.Kind == PetitionDeadlines.AcceptanceNotice);
                deadlines.Refresh(petition);
            }
            else if (petition.Status == PetitionStatus.Accepted && petition.Deadlines.All(d => d.Kind != PetitionDeadlines.AcceptanceNotice))
            {
                deadlines.Open(petition, deadlines.InWorkingDays(PetitionDeadlines.AcceptanceNotice, petition.ReceivedAt, options.AcceptanceNoticeWorkingDays));
            }
        });

    public Task<Petition> ScreenAsync(Caller caller, ScreenPetition command, CancellationToken ct) =>
        ChangeAsync(caller, command.PetitionId, command.ExpectedVersion, "petition.screened", command.Outcome + ": " + command.Reason, ct, async (petition, batch, now) =>
        {
            var target = Transition(petition, PetitionAction.Screen, command.Outcome);
            var directToUpper = false;
            string? targetOrgan = command.TargetOrganId;
            switch (command.Outcome)
            {
                case ScreeningOutcome.RouteUp:
                    // Straight to the upper organ when it accuses this organ's own principal (检举控告规则 Art.15).
                    directToUpper = petition.Accused.Any(a => a.IsOrganPrincipal);
                    if (!directToUpper && petition.Jurisdiction != Jurisdiction.Upper)
                    {
                        throw RequestValidationException.For("outcome", $"the accused fall within this organ's jurisdiction ({Names.Snake(petition.Jurisdiction.ToString())}); route up only a petition about more senior cadres or about this organ's principal");
                    }

                    targetOrgan = organs.Find(petition.OrganId)?.ParentId
                        ?? throw new InvalidStateException(ObjectType, petition.Id, "registered at a top-level organ", "routing up");
                    petition.RoutedAt = now;
                    break;
                case ScreeningOutcome.TransferDown:
                    if (petition.Jurisdiction != Jurisdiction.Lower)
                    {
                        throw RequestValidationException.For("outcome", $"the accused are not below this organ's jurisdiction ({Names.Snake(petition.Jurisdiction.ToString())}); transfer down only a petition about more junior cadres");
                    }

                    if (targetOrgan is null || !organs.IsChildOf(targetOrgan, petition.OrganId))
                    {
                        throw RequestValidationException.For("target_organ_id", "must name an organ directly below this one");
                    }

                    petition.RoutedAt = now;
                    break;
                case ScreeningOutcome.TransferOtherOrgan:
                    if (targetOrgan is null || organs.Find(targetOrgan) is null || targetOrgan == petition.OrganId)
                    {
                        throw RequestValidationException.For("target_organ_id", "must name another known organ");
                    }

                    petition.RoutedAt = now;
                    break;
                case ScreeningOutcome.FileRepeat:
                    petition.RepeatOf = await OriginalOfAsync(command.RepeatOf, petition.Id, "repeat_of_petition_id", ct);
                    break;
                case ScreeningOutcome.Accept:
                    petition.AcceptedAt = now;
                    if (petition.Named)
                    {
                        deadlines.Open(petition, deadlines.InWorkingDays(PetitionDeadlines.AcceptanceNotice, petition.ReceivedAt, options.AcceptanceNoticeWorkingDays));
                    }

                    break;
            }

            petition.Screening = new ScreeningRecord
            {
                Outcome = command.Outcome,
                Reason = command.Reason,
                TargetOrganId = targetOrgan,
                ScreenedBy = caller.Subject,
                ScreenedAt = now,
                DirectToUpper = directToUpper,
            };
            deadlines.Meet(petition, PetitionDeadlines.Screening, now);
            Move(petition, target, caller, command.Reason, now);
            batch.Publish(new PetitionScreened
            {
                PetitionId = petition.Id,
                Outcome = Names.Snake(command.Outcome.ToString()),
                TargetOrganId = targetOrgan,
                DirectToUpper = directToUpper,
                ScreenedAt = now,
            });
        });

    public Task<Petition> OverrideRepeatAsync(Caller caller, string id, string? repeatOf, string reason, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.repeat_overridden", reason, ct, async (petition, _, now) =>
        {
            if (string.IsNullOrEmpty(repeatOf))
            {
                Transition(petition, PetitionAction.UnlinkRepeat);
                petition.RepeatOf = null;
                deadlines.Open(petition, deadlines.InWorkingDays(PetitionDeadlines.Screening, petition.ReceivedAt, options.ScreeningWorkingDays));
                Move(petition, PetitionStatus.Registered, caller, reason, now);
            }
            else
            {
                var target = Transition(petition, PetitionAction.LinkAsRepeat);
                petition.RepeatOf = await OriginalOfAsync(repeatOf, petition.Id, "repeat_of_petition_id", ct);
                deadlines.Meet(petition, PetitionDeadlines.Screening, now);
                Move(petition, target, caller, reason, now);
            }

            petition.RepeatOverrideReason = reason;
        });

    public Task<Petition> RecordAcceptanceNoticeAsync(Caller caller, string id, string method, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.acceptance_notified", method, ct, (petition, _, now) =>
        {
            var target = Transition(petition, PetitionAction.NotifyAcceptance);
            deadlines.Meet(petition, PetitionDeadlines.AcceptanceNotice, now);
            Move(petition, target, caller, method, now);
        });

    public Task<Petition> TriageAsync(Caller caller, string id, IReadOnlyList<ClueProposalInput> proposals, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.triaged", $"{proposals.Count} clue proposal(s)", ct, (petition, batch, now) =>
        {
            var target = Transition(petition, PetitionAction.Triage);
            var violations = new RequestValidator();
            for (var i = 0; i < proposals.Count; i++)
            {
                foreach (var index in proposals[i].AccusedIndexes.Where(x => x < 0 || x >= petition.Accused.Count))
                {
                    violations.Add($"proposals[{i}].accused_indexes", $"{index} is not an accused person of this petition (0..{petition.Accused.Count - 1})");
                }
            }

            // Clue handlers get a redacted derivative (§2.4): the summary may not carry the reporter.
            if (petition.Reporter is not null)
            {
                var identity = ReporterIdentityData.FromBytes(protector.Decrypt(petition.Reporter, petition.Id));
                for (var i = 0; i < proposals.Count; i++)
                {
                    if (identity.SensitiveParts(petition.Accused.Select(a => a.Unit)).Any(part => proposals[i].Summary.Contains(part, StringComparison.OrdinalIgnoreCase)))
                    {
                        violations.Add($"proposals[{i}].summary", "contains the reporter's identity; clue summaries must not reveal the reporter");
                    }
                }
            }

            violations.ThrowIfInvalid();
            foreach (var input in proposals)
            {
                var indexes = input.AccusedIndexes.Count == 0 ? Enumerable.Range(0, petition.Accused.Count).ToList() : input.AccusedIndexes.Distinct().ToList();
                var proposal = new ClueProposalEntry
                {
                    ProposalId = "prop_" + NewId.NextGuid().ToString("N"),
                    Summary = input.Summary,
                    AccusedIndexes = indexes,
                    Disciplines = input.Disciplines.Count == 0 ? petition.Disciplines : input.Disciplines.Distinct().ToList(),
                };
                petition.ClueProposals.Add(proposal);
                batch.Publish(new ClueProposed
                {
                    ProposalId = proposal.ProposalId,
                    PetitionId = petition.Id,
                    RegisterNumber = petition.RegisterNumber,
                    OrganId = petition.OrganId,
                    Accused = indexes.Select(x => Info(petition.Accused[x])).ToList(),
                    Disciplines = proposal.Disciplines.Select(d => d.ToString()).ToList(),
                    Summary = proposal.Summary,
                    NamedReport = petition.Named,
                    ReceivedAt = petition.ReceivedAt,
                    ProposedAt = now,
                });
            }

            petition.ProposedClueCount = petition.ClueProposals.Count;
            Move(petition, target, caller, "", now);
        });

    public Task<Petition> RecordFeedbackAsync(Caller caller, string id, string method, string summary, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.feedback_given", method, ct, (petition, _, now) =>
        {
            var target = Transition(petition, PetitionAction.GiveFeedback);
            deadlines.Meet(petition, PetitionDeadlines.Feedback, now);
            petition.FeedbackSummary = summary;
            Move(petition, target, caller, summary, now);
        });

    public Task<Petition> RecordObjectionAsync(Caller caller, string id, string text, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.objection_recorded", "", ct, (petition, _, now) =>
            Move(petition, Transition(petition, PetitionAction.RecordObjection), caller, text, now));

    public Task<Petition> ReopenAsync(Caller caller, string id, string reason, IReadOnlyList<Attachment> evidence, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.reopened", reason, ct, (petition, _, now) =>
        {
            var target = Transition(petition, PetitionAction.Reopen);
            petition.NewEvidence.AddRange(evidence);
            Move(petition, target, caller, reason, now);
        });

    public Task<Petition> ArchiveAsync(Caller caller, string id, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, "petition.archived", "", ct, (petition, _, now) =>
            Move(petition, Transition(petition, PetitionAction.Archive), caller, "", now));

    /// <summary>The audited reveal: decrypts the identity only after the audit record is committed.</summary>
    public async Task<ReporterIdentityData> RevealAsync(Caller caller, string id, string reason, CancellationToken ct)
    {
        var petition = await GetAsync(id, ct);
        if (petition.Reporter is null)
        {
            throw new InvalidStateException(ObjectType, id, "anonymous", "revealing the reporter's identity");
        }

        await store.CommitAsync(new WriteBatch(clock.GetUtcNow()).Audit(caller.Subject, caller.Role, "petition.reporter_revealed", ObjectType, id, reason), ct);
        return ReporterIdentityData.FromBytes(protector.Decrypt(petition.Reporter, petition.Id));
    }

    /// <summary>A clue drawn from the petition was registered by the Clues service.</summary>
    public void ApplyClueRegistered(Petition petition, string proposalId, string clueId, WriteBatch batch)
    {
        var proposal = Proposal(petition, proposalId);
        var move = PetitionStateMachine.Next(petition.Status, PetitionAction.LinkClue, petition.Named);
        if (proposal.Status != ClueProposalStatus.Proposed && proposal.ClueId == clueId && (move is null || move == petition.Status))
        {
            // A copy of the event under another message id (the inbox only stops the same id):
            // the petition already says so; writing it again would add a version and an audit record.
            return;
        }

        if (proposal.Status == ClueProposalStatus.Proposed)
        {
            proposal.Status = ClueProposalStatus.Registered;
        }

        proposal.ClueId = clueId;
        var system = Caller.System("clues");
        if (move is { } target && target != petition.Status)
        {
            Move(petition, target, system, "clue " + clueId, batch.Now);
        }

        petition.LastUpdateAt = batch.Now;
        batch.Update(Petition.Collection, petition);
        batch.Audit(system.Subject, system.Role, "petition.clue_linked", ObjectType, petition.Id, clueId);
    }

    /// <summary>Clues found the accusation false (诬告陷害): the petition is marked.</summary>
    public void ApplyFalseAccusation(Petition petition, string clueId, WriteBatch batch)
    {
        petition.FalseAccusation = true;
        petition.LastUpdateAt = batch.Now;
        var system = Caller.System("clues");
        batch.Update(Petition.Collection, petition);
        batch.Audit(system.Subject, system.Role, "petition.false_accusation_found", ObjectType, petition.Id, clueId);
    }

    /// <summary>A clue concluded; when every clue of the petition has, the petition closes.</summary>
    public void ApplyClueConcluded(Petition petition, string proposalId, string clueId, string result, WriteBatch batch)
    {
        var proposal = Proposal(petition, proposalId);
        if (proposal.Status == ClueProposalStatus.Concluded && proposal.Result == result && proposal.ClueId == clueId)
        {
            return; // A copy under another message id: recorded already, the petition closed (or not) then.
        }

        proposal.Status = ClueProposalStatus.Concluded;
        proposal.ClueId ??= clueId;
        proposal.Result = result;
        var system = Caller.System("clues");
        batch.Audit(system.Subject, system.Role, "petition.clue_concluded", ObjectType, petition.Id, clueId + ": " + result);
        if (petition.ClueProposals.All(p => p.Status == ClueProposalStatus.Concluded)
            && PetitionStateMachine.Next(petition.Status, PetitionAction.Close, petition.Named) is { } closed)
        {
            petition.ClosedAt = batch.Now;
            // Result feedback within 15 WD of closure (§2.3): by contact for a named reporter,
            // through the receipt code for an anonymous one.
            var feedback = deadlines.InWorkingDays(PetitionDeadlines.Feedback, batch.Now, options.FeedbackWorkingDays);
            deadlines.Open(petition, feedback);

            Move(petition, closed, system, "all clues concluded", batch.Now);
            batch.Publish(new PetitionClosed { PetitionId = petition.Id, ClosedAt = batch.Now, FeedbackDueDate = feedback.DueDate });
        }

        petition.LastUpdateAt = batch.Now;
        batch.Update(Petition.Collection, petition);
    }

    public async Task<Petition> AddReporterMessageAsync(Petition petition, string text, IReadOnlyList<Attachment> attachments, CancellationToken ct)
    {
        if (petition.ReporterMessages.Count >= options.MaxReporterMessages)
        {
            throw new LimitExceededException($"This petition already holds {options.MaxReporterMessages} messages from the reporter; please contact the organ directly.");
        }

        var now = clock.GetUtcNow();
        petition.ReporterMessages.Add(new ReporterMessage { At = now, Text = text, Attachments = attachments.ToList() });
        petition.LastUpdateAt = now;
        await store.CommitAsync(
            new WriteBatch(now)
                .Update(Petition.Collection, petition)
                .Audit("reporter", "reporter", "petition.reporter_message_added", ObjectType, petition.Id),
            ct);
        return petition;
    }

    private static ClueProposalEntry Proposal(Petition petition, string proposalId) =>
        petition.ClueProposals.FirstOrDefault(p => p.ProposalId == proposalId)
        ?? throw new InvalidOperationException($"Petition {petition.Id} has no clue proposal {proposalId}.");

    private async Task<string> OriginalOfAsync(string? repeatOf, string selfId, string field, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(repeatOf) || repeatOf == selfId)
        {
            throw RequestValidationException.For(field, "must name the earlier petition this one repeats");
        }

        var original = await store.GetAsync(Petition.Collection, repeatOf, ct)
            ?? throw RequestValidationException.For(field, $"petition '{repeatOf}' does not exist");
        var root = original.RepeatOf ?? original.Id;
        if (root == selfId)
        {
            throw RequestValidationException.For(field, "names a repeat of this petition; a petition cannot repeat itself");
        }

        return root;
    }

    private async Task<Petition> ChangeAsync(Caller caller, string id, long expectedVersion, string action, string reason, CancellationToken ct, Func<Petition, WriteBatch, DateTimeOffset, Task> change)
    {
        var petition = await GetAsync(id, ct);
        if (expectedVersion != 0 && petition.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(Petition.Collection.Name, id, expectedVersion);
        }

        var now = clock.GetUtcNow();
        var batch = new WriteBatch(now);
        await change(petition, batch, now);
        petition.LastUpdateAt = now;
        batch.Update(Petition.Collection, petition);
        batch.Audit(caller.Subject, caller.Role, action, ObjectType, id, reason);
        await store.CommitAsync(batch, ct);
        return petition;
    }

    private Task<Petition> ChangeAsync(Caller caller, string id, long expectedVersion, string action, string reason, CancellationToken ct, Action<Petition, WriteBatch, DateTimeOffset> change) =>
        ChangeAsync(caller, id, expectedVersion, action, reason, ct, (p, b, n) =>
        {
            change(p, b, n);
            return Task.CompletedTask;
        });

    private static PetitionStatus Transition(Petition petition, PetitionAction action, ScreeningOutcome outcome = ScreeningOutcome.Unspecified) =>
        PetitionStateMachine.Next(petition.Status, action, petition.Named, outcome)
        ?? throw new InvalidStateException(ObjectType, petition.Id, Names.State(petition.Status), Names.Snake(action.ToString()).Replace('_', ' ') + (petition.Named ? " (named report)" : " (anonymous report)"));

    private static void Move(Petition petition, PetitionStatus to, Caller caller, string reason, DateTimeOffset now)
    {
        petition.History.Add(new StatusChange { At = now, From = petition.Status, To = to, By = caller.Subject, Reason = reason });
        petition.Status = to;
    }

    private static AccusedPersonInfo Info(AccusedPerson person) =>
        new(person.Name, person.Unit, person.Post, person.Level.ToString().ToLowerInvariant(), person.CadreId);
}
