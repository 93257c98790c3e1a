using Accountability.Contracts;
using Accountability.Contracts.Clues;
using Accountability.Contracts.Talks;
using Accountability.Platform.Calendar;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using MassTransit;
using Microsoft.Extensions.Options;

namespace Accountability.Talks.Domain;

/// <summary>
/// The talk workflow: each step loads the talk, checks the state machine, and commits the change
/// with its signed step, bookings, events and audit record in one batch.
/// </summary>
/// <remarks>
/// Double-booking is checked by reading each person's open bookings before the commit, and the
/// race between two schedulers of the same person is closed by the person's
/// <see cref="PersonCalendar"/>: the batch that books a person rewrites it at the version read
/// before the check, so of two concurrent schedulings only the first commits and the second is
/// ABORTED (<see cref="ConcurrencyConflictException"/>); read again, it finds the conflict.
/// </remarks>
public sealed class TalkWorkflow(
    IDocumentStore store,
    FieldProtector protector,
    DeadlineClock deadlines,
    WorkingCalendar calendar,
    TalksOptions options,
    IOptions<DeadlineOptions> deadlineOptions,
    TimeProvider clock)
{
    private const string ObjectType = "talk";
    private const int CommitAttempts = 5;

    /// <summary>The longest talk a slot may span; bounds the overlap query on the person's bookings.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(12);

    /// <summary>A talk can be recorded as held from this long before its start (the record is taken as it begins).</summary>
    public static readonly TimeSpan HeldEarliestBeforeStart = TimeSpan.FromMinutes(30);

    private const int BookingPage = 500;

    /// <summary>The missed reason of a talk nobody attended.</summary>
    public const string AllAbsent = "all absent";

    public async Task<RequestResult> RequestAsync(Caller caller, RequestTalk command, CancellationToken ct)
    {
        var scope = protector.LookupHash("idempotency", caller.Subject + "\u001f" + command.IdempotencyKey);
        for (var attempt = 1; ; attempt++)
        {
            var existing = await store.FindOneAsync(Talk.Collection, Filter.Eq("idempotencyScope", scope), ct);
            if (existing is not null)
            {
                if (existing.RequestHash != command.RequestHash)
                {
                    throw RequestValidationException.For("idempotency_key", "was already used for a different talk");
                }

                return new RequestResult(existing, Replayed: true);
            }

            try
            {
                var batch = new WriteBatch(clock.GetUtcNow());
                var talk = NewTalk(scope, command.Kind, command.Reason, command.Participants, batch.Now, requestHash: command.RequestHash, department: command.Department);
                Insert(caller, talk, batch, "requested");
                await store.CommitAsync(batch, ct);
                return new RequestResult(talk, Replayed: false);
            }
            catch (DuplicateKeyException) when (attempt < CommitAttempts)
            {
                // The same key raced us: read again.
            }
        }
    }

    /// <summary>
    /// Adds the talk of a talk inquiry (§3.3) to the consumer's batch, unless one exists for the
    /// request: one talk per request id, whatever the message id of a redelivery. The request
    /// carries no department, so the talk has none: supervisors schedule and record it.
    /// </summary>
    public async Task RequestInquiryTalkAsync(RequestInquiryTalk request, WriteBatch batch, CancellationToken ct)
    {
        var scope = "request:" + request.RequestId;
        if (await store.FindOneAsync(Talk.Collection, Filter.Eq("idempotencyScope", scope), ct) is not null)
        {
            return;
        }

        var talk = NewTalk(scope, TalkKind.Inquiry, "谈话函询 of clue " + request.ClueId, request.Subjects.Select(FromSubject).ToList(), request.RequestedAt,
            clueId: request.ClueId, requestId: request.RequestId, proposedTalkers: request.Talkers, department: request.Department);
        OpenScheduleBy(talk, request.RequestedAt);
        Insert(Caller.System("clues"), talk, batch, "requested by clue " + request.ClueId);
    }

    /// <summary>A first-form measure carried out as a talk (谈话提醒 or 诫勉), one talk per request id.</summary>
    public async Task RequestFirstFormTalkAsync(RequestFirstFormTalk request, WriteBatch batch, CancellationToken ct)
    {
        var scope = "request:" + request.RequestId;
        if (await store.FindOneAsync(Talk.Collection, Filter.Eq("idempotencyScope", scope), ct) is not null)
        {
            return;
        }

        var kind = request.Kind switch
        {
            "admonishment" => TalkKind.Admonishment,
            "talk_reminder" => TalkKind.Reminder,
            _ => throw new InvalidOperationException($"RequestFirstFormTalk {request.RequestId} has kind '{request.Kind}', which is not a talk."),
        };
        var talk = NewTalk(scope, kind, Names.Snake(kind) + " decided on clue " + request.ClueId, [FromSubject(request.Subject)], request.RequestedAt,
            clueId: request.ClueId, requestId: request.RequestId, outcomeId: request.OutcomeId, department: request.Department);
        OpenScheduleBy(talk, request.RequestedAt);
        Insert(Caller.System("clues"), talk, batch, "requested by clue " + request.ClueId);
    }

    /// <summary>The talk, if the caller may see it: a handler sees only their department's talks (NOT_FOUND otherwise).</summary>
    public async Task<Talk> GetAsync(Caller caller, string id, CancellationToken ct)
    {
        var talk = await store.GetAsync(Talk.Collection, id, ct);
        if (talk is null || !MaySee(caller, talk))
        {
            throw new NotFoundException(ObjectType, id);
        }

        return talk;
    }

    /// <summary>Supervisors, auditors, administrators (and the organisation department, for test results) see every talk; a handler only those of the department in their token.</summary>
    public static bool MaySee(Caller caller, Talk talk) =>
        caller.Role != Roles.Handler || (caller.Department is { Length: > 0 } department && talk.Department == department);

    public Task<Talk> ScheduleAsync(Caller caller, ScheduleTalk command, bool reschedule, CancellationToken ct) =>
        ChangeAsync(caller, command.TalkId, command.ExpectedVersion, new TalkMove(reschedule ? TalkAction.Reschedule : TalkAction.Schedule),
            $"{FormatSlot(command.Start, command.End)} at {command.Place}" + (command.Reason.Length > 0 ? ": " + command.Reason : ""), ct,
            async (talk, batch, now) =>
            {
                var v = new RequestValidator();
                var minimum = talk.Kind == TalkKind.Inquiry ? options.InquiryTalkersMinimum : 1;
                if (command.Talkers.Count < minimum)
                {
                    v.Add("talkers", $"needs at least {minimum} talkers for {Names.Snake(talk.Kind)} talks");
                }

                if (command.Participants is not null && (talk.RequestId is not null || talk.MakeUpOf is not null))
                {
                    v.Add("participants", talk.MakeUpOf is not null
                        ? $"must be empty: a make-up talk (补谈 of {talk.MakeUpOf}) keeps its absentee"
                        : "must be empty: the participants of a talk requested by the Clues service are the clue's subjects");
                }

                var participants = command.Participants ?? talk.Participants;
                var participantIds = participants.Select(p => p.CadreId).ToHashSet(StringComparer.Ordinal);
                for (var i = 0; i < command.Talkers.Count; i++)
                {
                    if (participantIds.Contains(command.Talkers[i]))
                    {
                        v.Add($"talkers[{i}]", $"'{command.Talkers[i]}' is also a participant of this talk");
                    }
                }

                if (participantIds.Contains(command.NoteTaker))
                {
                    v.Add("note_taker", $"'{command.NoteTaker}' is also a participant of this talk");
                }

                if (participants.Count == 0)
                {
                    v.Add("participants", "needs at least one entry: nobody was requested for this talk");
                }
                else if (participants.Count > options.MaxParticipants)
                {
                    v.Add("participants", $"has more than {options.MaxParticipants} entries");
                }

                if (reschedule && command.Reason.Length == 0)
                {
                    v.Add("reason", "is required to reschedule");
                }

                v.ThrowIfInvalid();
                await BookAsync(talk, command, participants, batch, now, ct);
                talk.Participants = participants.Select(p => new Participant { CadreId = p.CadreId, Name = p.Name }).ToList();
                talk.ParticipantCadreIds = talk.Participants.Select(p => p.CadreId).ToList();
                talk.Start = command.Start;
                talk.End = command.End;
                talk.Place = command.Place;
                talk.Talkers = command.Talkers.ToList();
                talk.NoteTaker = command.NoteTaker;
                talk.MissedReason = null;
                deadlines.Meet(talk, TalkDeadlines.ScheduleBy, now);
                OpenReminder(talk, now);
            });

    public Task<Talk> RecordMissedAsync(Caller caller, string id, string reason, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new TalkMove(TalkAction.RecordMissed), reason, ct, async (talk, batch, now) =>
        {
            talk.MissedReason = reason;
            deadlines.Meet(talk, TalkDeadlines.Reminder, now);
            talk.RemindOn = null;
            await ReleaseAsync(talk, batch, keep: new HashSet<string>(), ct);
            NotHeld(talk, batch, "missed", reason, now);
        });

    public Task<Talk> CancelAsync(Caller caller, string id, string reason, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new TalkMove(TalkAction.Cancel), reason, ct, async (talk, batch, now) =>
        {
            talk.CancelReason = reason;
            foreach (var kind in talk.Deadlines.Where(d => d.MetAt is null).Select(d => d.Kind).Distinct().ToList())
            {
                deadlines.Meet(talk, kind, now);
            }

            talk.RemindOn = null;
            await ReleaseAsync(talk, batch, keep: new HashSet<string>(), ct);
            NotHeld(talk, batch, "cancelled", reason, now);
        });

    /// <summary>
    /// Attendance for every participant in one call, the record, the follow-ups each present
    /// participant owes, and a make-up talk (补谈) per absentee. From 30 minutes before the start
    /// only. When every participant is absent the talk did not take place: it is MISSED ("all
    /// absent"), not held, owes nothing and makes up nothing (it is rescheduled itself).
    /// </summary>
    public async Task<Talk> RecordHeldAsync(Caller caller, RecordTalkHeld command, CancellationToken ct)
    {
        var talk = await GetAsync(caller, command.TalkId, ct);
        var kinds = command.FollowUps.Distinct().ToList();
        if (talk.Kind == TalkKind.Admonishment && !kinds.Contains(FollowUpKind.WrittenExplanation))
        {
            // A 诫勉 always owes the written explanation its principal leader countersigns (§5).
            kinds.Insert(0, FollowUpKind.WrittenExplanation);
        }

        var present = command.Attendance.Count(a => a.Present);
        var allAbsent = present == 0 && command.Attendance.Count > 0;
        var note = allAbsent ? AllAbsent : $"{present} present, {command.Attendance.Count - present} absent";
        var move = new TalkMove(TalkAction.RecordHeld, OwesFollowUps: kinds.Count > 0 && present > 0, AllAbsent: allAbsent);
        return await ChangeAsync(caller, talk, command.ExpectedVersion, move, note, ct, async (talk, batch, now) =>
        {
            var v = new RequestValidator();
            var byId = talk.Participants.ToDictionary(p => p.CadreId, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < command.Attendance.Count; i++)
            {
                var cadre = command.Attendance[i].CadreId;
                if (!byId.ContainsKey(cadre))
                {
                    v.Add($"attendance[{i}].cadre_id", $"'{cadre}' is not a participant of this talk");
                }
                else if (!seen.Add(cadre))
                {
                    v.Add($"attendance[{i}].cadre_id", $"'{cadre}' is listed twice");
                }
            }

            var missing = talk.Participants.Where(p => !seen.Contains(p.CadreId)).Select(p => p.CadreId).ToList();
            if (missing.Count > 0 && v.Violations.Count == 0)
            {
                v.Add("attendance", $"misses {missing.Count} participants: {string.Join(", ", missing.Take(10))}{(missing.Count > 10 ? ", ..." : "")}");
            }

            v.ThrowIfInvalid();
            if (talk.Start is { } start && now < start - HeldEarliestBeforeStart)
            {
                throw new InvalidStateException(
                    ObjectType, talk.Id, $"{Names.State(talk.Status)} to start at {FormatSlot(start, talk.End ?? start)}",
                    $"recording it held more than {HeldEarliestBeforeStart.TotalMinutes:F0} minutes before its start");
            }

            foreach (var mark in command.Attendance)
            {
                byId[mark.CadreId].Present = mark.Present;
            }

            talk.RemindOn = null;
            deadlines.Meet(talk, TalkDeadlines.Reminder, now);
            if (allAbsent)
            {
                // Nobody came: not a talk held (statistics count none), nothing owed, no make-ups.
                talk.MissedReason = AllAbsent;
                await ReleaseAsync(talk, batch, keep: new HashSet<string>(), ct);
                NotHeld(talk, batch, "absent", AllAbsent, now);
                return;
            }

            talk.Summary = command.Summary;
            talk.Statement = command.Statement.Length == 0 ? null : command.Statement;
            talk.Signatures = command.Signatures.ToList();
            talk.Attachments = command.Attachments.ToList();
            talk.HeldAt = now;
            var number = 0;
            foreach (var participant in talk.Participants.Where(p => p.Present == true))
            {
                foreach (var kind in kinds)
                {
                    var followUp = new FollowUp
                    {
                        Id = "fu" + (++number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Kind = kind,
                        CadreId = participant.CadreId,
                        DueDate = DeadlineClock.Format(calendar.AddWorkingDays(deadlines.LocalDate(now), options.FollowUpDays(kind))),
                    };
                    talk.FollowUps.Add(followUp);
                    talk.Deadlines.Add(new TrackedDeadline { Kind = followUp.DeadlineKind, DueDate = followUp.DueDate });
                }
            }

            deadlines.Refresh(talk);
            foreach (var absentee in talk.Participants.Where(p => p.Present == false))
            {
                // The make-up talk answers the same request (Clues' request or outcome) and, like
                // the request, is due to be scheduled within Talks:ScheduleWithinWorkingDays.
                var makeUp = NewTalk(
                    $"makeup:{talk.Id}:{absentee.CadreId}", talk.Kind, "补谈 for " + talk.Id, [absentee], now,
                    clueId: talk.ClueId, requestId: talk.RequestId, outcomeId: talk.OutcomeId, proposedTalkers: talk.ProposedTalkers,
                    makeUpOf: talk.Id, department: talk.Department);
                if (talk.RequestId is not null)
                {
                    OpenScheduleBy(makeUp, now);
                }

                talk.MakeUpTalkIds.Add(makeUp.Id);
                Insert(caller, makeUp, batch, "make-up of " + talk.Id);
            }

            var presentIds = talk.Participants.Where(p => p.Present == true).Select(p => p.CadreId).ToList();
            batch.Publish(new TalkHeld
            {
                TalkId = talk.Id,
                Kind = Names.Snake(talk.Kind),
                HeldAt = now,
                PresentCadreIds = presentIds,
                AbsentCadreIds = talk.Participants.Where(p => p.Present == false).Select(p => p.CadreId).ToList(),
                ClueId = talk.ClueId,
            });
            if (talk.Kind == TalkKind.Inquiry && talk.RequestId is { } requestId && talk.ClueId is { } clueId)
            {
                batch.Publish(new InquiryTalkHeld { RequestId = requestId, ClueId = clueId, TalkId = talk.Id, HeldAt = now, StatementReceived = talk.Statement is not null });
            }
        });
    }

    /// <summary>
    /// Tells the Clues service that the talk of its talk inquiry did not take place (cancelled,
    /// missed, every subject absent), so the clue does not wait in TALK_REQUESTED unawares.
    /// </summary>
    private static void NotHeld(Talk talk, WriteBatch batch, string reason, string note, DateTimeOffset now)
    {
        if (talk.Kind == TalkKind.Inquiry && talk.RequestId is { } requestId && talk.ClueId is { } clueId)
        {
            batch.Publish(new InquiryTalkNotHeld { RequestId = requestId, ClueId = clueId, TalkId = talk.Id, Reason = reason, Note = note, RecordedAt = now });
        }
    }

    public Task<Talk> RecordFollowUpAsync(Caller caller, RecordFollowUp command, CancellationToken ct) =>
        ChangeAsync(caller, command.TalkId, command.ExpectedVersion, new TalkMove(TalkAction.RecordFollowUp), $"{command.FollowUpId}: {command.Reference}", ct, (talk, batch, now) =>
        {
            var followUp = talk.FollowUps.FirstOrDefault(f => f.Id == command.FollowUpId)
                ?? throw RequestValidationException.For("follow_up_id", $"'{command.FollowUpId}' is not a follow-up of this talk");
            var v = new RequestValidator();
            if (followUp.ReceivedAt is not null)
            {
                v.Add("follow_up_id", "was already received");
            }

            var received = command.ReceivedAt ?? now;
            if (received < talk.HeldAt)
            {
                v.Add("received_at", "is before the talk was held");
            }

            if (talk.Kind == TalkKind.Admonishment && followUp.Kind == FollowUpKind.WrittenExplanation && command.Countersignature is null)
            {
                v.Add("countersignature.who", "is required: the participant's principal leader countersigns a 诫勉's written explanation");
            }

            v.ThrowIfInvalid();
            followUp.ReceivedAt = received;
            followUp.Reference = command.Reference;
            followUp.Countersignature = command.Countersignature;
            deadlines.Meet(talk, followUp.DeadlineKind, received);
            if (followUp.Kind == FollowUpKind.CommitmentLetter)
            {
                batch.Publish(new CommitmentLetterReceived { TalkId = talk.Id, CadreId = followUp.CadreId, ReceivedAt = received });
            }

            ConcludeAdmonishment(talk, batch, now);
            return Task.CompletedTask;
        });

    public Task<Talk> RecordFilingAsync(Caller caller, RecordFiling command, CancellationToken ct) =>
        ChangeAsync(caller, command.TalkId, command.ExpectedVersion, new TalkMove(TalkAction.RecordFiling), $"{Names.Snake(command.Recipient)} by {command.FiledBy}", ct, (talk, batch, now) =>
        {
            if (talk.Filings.Any(f => f.Recipient == command.Recipient))
            {
                throw RequestValidationException.For("recipient", "is already recorded");
            }

            talk.Filings.Add(new Filing { Recipient = command.Recipient, FiledBy = command.FiledBy, FiledAt = command.FiledAt ?? now });
            ConcludeAdmonishment(talk, batch, now);
            return Task.CompletedTask;
        });

    /// <summary>
    /// Integrity test scores (任前廉政测试, §5 [S51]): a first score, then up to Talks:Resits resits
    /// after a fail; failing the last one recommends postponing the appointment (暂缓任用).
    /// </summary>
    public Task<Talk> RecordTestScoresAsync(Caller caller, string id, IReadOnlyList<TestScore> scores, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new TalkMove(TalkAction.RecordTestScores), $"{scores.Count} scores", ct, (talk, batch, now) =>
        {
            var v = new RequestValidator();
            var participants = talk.Participants.ToDictionary(p => p.CadreId, StringComparer.Ordinal);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < scores.Count; i++)
            {
                var cadre = scores[i].CadreId;
                var result = talk.TestResults.FirstOrDefault(r => r.CadreId == cadre);
                var field = $"scores[{i}].cadre_id";
                if (!participants.TryGetValue(cadre, out var participant) || participant.Present != true)
                {
                    v.Add(field, $"'{cadre}' is not a participant present at this talk");
                }
                else if (!seen.Add(cadre))
                {
                    v.Add(field, $"'{cadre}' is listed twice");
                }
                else if (result is { Passed: true })
                {
                    v.Add(field, $"'{cadre}' has already passed");
                }
                else if (result is not null && result.Attempts.Count > options.Resits)
                {
                    v.Add(field, $"'{cadre}' has no resit left");
                }
            }

            v.ThrowIfInvalid();
            foreach (var score in scores)
            {
                var result = talk.TestResults.FirstOrDefault(r => r.CadreId == score.CadreId);
                if (result is null)
                {
                    result = new TestResult { CadreId = score.CadreId };
                    talk.TestResults.Add(result);
                }

                result.Attempts.Add(score.Score);
                result.Passed = score.Score >= options.PassMark;
                if (!result.Passed && result.Attempts.Count > options.Resits)
                {
                    result.PostponementRecommended = true;
                    batch.Publish(new AppointmentPostponementRecommended
                    {
                        TalkId = talk.Id,
                        CadreId = score.CadreId,
                        Score = score.Score,
                        PassMark = options.PassMark,
                        RecordedAt = now,
                    });
                }
            }

            return Task.CompletedTask;
        });

    public Task<Talk> CloseAsync(Caller caller, string id, string note, long expectedVersion, CancellationToken ct) =>
        ChangeAsync(caller, id, expectedVersion, new TalkMove(TalkAction.Close), note, ct, (_, _, _) => Task.CompletedTask);

    /// <summary>
    /// The 诫勉 is complete once every present cadre's explanation is countersigned and the talk is
    /// filed with both recipients: the impact period starts for each cadre whose own explanation is
    /// countersigned (all of them, as filing waits for every one).
    /// </summary>
    private void ConcludeAdmonishment(Talk talk, WriteBatch batch, DateTimeOffset now)
    {
        if (talk.Kind != TalkKind.Admonishment || talk.AdmonishmentConcludedAt is not null || !talk.ExplanationCountersigned || !talk.FilingsComplete)
        {
            return;
        }

        talk.AdmonishmentConcludedAt = now;
        foreach (var participant in talk.Participants.Where(p => p.Present == true && talk.HasCountersignedExplanation(p.CadreId)))
        {
            batch.Publish(new AdmonishmentConcluded
            {
                TalkId = talk.Id,
                CadreId = participant.CadreId,
                ImpactStartDate = DeadlineClock.Format(deadlines.LocalDate(talk.HeldAt!.Value)),
                ImpactMonths = options.AdmonishmentImpactMonths,
                ClueId = talk.ClueId,
                OutcomeId = talk.OutcomeId,
                ConcludedAt = now,
            });
        }
    }

    /// <summary>
    /// Refuses the slot when anyone in it has an open booking of another talk at an overlapping
    /// time (every such booking read, page by page); otherwise books (or moves) every person's slot
    /// and rewrites each person's <see cref="PersonCalendar"/> at the version read before the check.
    /// </summary>
    private async Task BookAsync(Talk talk, ScheduleTalk command, IReadOnlyList<Participant> participants, WriteBatch batch, DateTimeOffset now, CancellationToken ct)
    {
        var people = command.Talkers.Append(command.NoteTaker).Concat(participants.Select(p => p.CadreId)).Distinct(StringComparer.Ordinal).ToList();
        var calendars = new List<PersonCalendar>(people.Count);
        foreach (var person in people)
        {
            // Read before the check: a booking committed after this read changes its version.
            calendars.Add(await store.GetAsync(PersonCalendar.Collection, person, ct) ?? new PersonCalendar { Id = person });
            Cursor? after = null;
            do
            {
                var page = await store.QueryAsync(
                    Booking.Collection,
                    new Query(Filter.And(Filter.Eq("personKey", person), Filter.Eq("released", false), Filter.Gt("start", command.Start - MaxDuration), Filter.Lt("start", command.End)), "start", false, BookingPage, after),
                    ct);
                var conflict = page.Items.FirstOrDefault(b => b.TalkId != talk.Id && b.End > command.Start);
                if (conflict is not null)
                {
                    throw new InvalidStateException(
                        "person", person, $"already booked for talk {conflict.TalkId} ({FormatSlot(conflict.Start, conflict.End)})", $"scheduling talk {talk.Id} ({FormatSlot(command.Start, command.End)})");
                }

                after = page.Next;
            }
            while (after is not null);
        }

        foreach (var calendar in calendars)
        {
            calendar.LastTalkId = talk.Id;
            calendar.LastBookedAt = now;
            if (calendar.Version == 0)
            {
                batch.Insert(PersonCalendar.Collection, calendar);
            }
            else
            {
                batch.Update(PersonCalendar.Collection, calendar);
            }
        }

        var existing = await ReleaseAsync(talk, batch, people.ToHashSet(StringComparer.Ordinal), ct);
        foreach (var person in people)
        {
            if (existing.TryGetValue(person, out var booking))
            {
                booking.Start = command.Start;
                booking.End = command.End;
                booking.Released = false;
                batch.Update(Booking.Collection, booking);
            }
            else
            {
                batch.Insert(Booking.Collection, new Booking { Id = Booking.IdFor(talk.Id, person), PersonKey = person, TalkId = talk.Id, Start = command.Start, End = command.End });
            }
        }
    }

    /// <summary>Releases the talk's bookings of everyone not in <paramref name="keep"/>; returns every booking of the talk by person (released ones included).</summary>
    private async Task<Dictionary<string, Booking>> ReleaseAsync(Talk talk, WriteBatch batch, IReadOnlySet<string> keep, CancellationToken ct)
    {
        var bookings = new Dictionary<string, Booking>(StringComparer.Ordinal);
        Cursor? after = null;
        do
        {
            var page = await store.QueryAsync(Booking.Collection, new Query(Filter.Eq("talkId", talk.Id), "_id", false, 500, after), ct);
            foreach (var booking in page.Items)
            {
                bookings[booking.PersonKey] = booking;
                if (!booking.Released && !keep.Contains(booking.PersonKey))
                {
                    booking.Released = true;
                    batch.Update(Booking.Collection, booking);
                }
            }

            after = page.Next;
        }
        while (after is not null);

        return bookings;
    }

    private void OpenScheduleBy(Talk talk, DateTimeOffset requestedAt)
    {
        deadlines.Open(talk, deadlines.InWorkingDays(TalkDeadlines.ScheduleBy, requestedAt, options.ScheduleWithinWorkingDays));
        talk.RefreshObligations();
    }

    /// <summary>
    /// The reminder day is the Talks:ReminderWorkingDays-th working day before the talk's day; the
    /// deadline is stored due the calendar day before, so its breach alert fires on the reminder day
    /// (<see cref="TalkDeadlines.Reminder"/>).
    /// </summary>
    private void OpenReminder(Talk talk, DateTimeOffset now)
    {
        deadlines.Meet(talk, TalkDeadlines.Reminder, now);
        var day = deadlines.LocalDate(talk.Start!.Value);
        for (var counted = 0; counted < options.ReminderWorkingDays;)
        {
            day = day.AddDays(-1);
            if (calendar.IsWorkingDay(day))
            {
                counted++;
            }
        }

        talk.RemindOn = DeadlineClock.Format(day);
        deadlines.Open(talk, new TrackedDeadline { Kind = TalkDeadlines.Reminder, DueDate = DeadlineClock.Format(day.AddDays(-1)) });
    }

    private Talk NewTalk(
        string scope,
        TalkKind kind,
        string reason,
        IReadOnlyList<Participant> participants,
        DateTimeOffset requestedAt,
        string? requestHash = null,
        string? clueId = null,
        string? requestId = null,
        string? outcomeId = null,
        IReadOnlyList<string>? proposedTalkers = null,
        string? makeUpOf = null,
        string? department = null) => new()
        {
            Id = "talk_" + NewId.NextGuid().ToString("N"),
            IdempotencyScope = scope,
            RequestHash = requestHash,
            Kind = kind,
            Status = TalkStatus.Requested,
            Reason = reason,
            Participants = participants.Select(p => new Participant { CadreId = p.CadreId, Name = p.Name }).ToList(),
            ParticipantCadreIds = participants.Select(p => p.CadreId).ToList(),
            ClueId = clueId,
            RequestId = requestId,
            OutcomeId = outcomeId,
            ProposedTalkers = proposedTalkers?.ToList() ?? [],
            MakeUpOf = makeUpOf,
            Department = department,
            RequestedAt = requestedAt,
            LastUpdateAt = requestedAt,
        };

    private static void Insert(Caller caller, Talk talk, WriteBatch batch, string note)
    {
        talk.Steps.Add(new Step { At = batch.Now, From = TalkStatus.Unspecified, To = TalkStatus.Requested, Action = "request", SignedBy = caller.Subject, Role = caller.Role, Note = note });
        batch.Insert(Talk.Collection, talk);
        batch.Audit(caller.Subject, caller.Role, "talk.requested", ObjectType, talk.Id, note);
    }

    /// <summary>A subject the Clues service names: the directory id, or the name and unit when the directory has none.</summary>
    private static Participant FromSubject(AccusedPersonInfo subject) => new()
    {
        CadreId = subject.CadreId is { Length: > 0 } id ? id : $"name:{subject.Name}|{subject.Unit}",
        Name = subject.Name,
    };

    /// <summary>A slot in the organ's local time, as refusals and notes name it.</summary>
    private string FormatSlot(DateTimeOffset start, DateTimeOffset end)
    {
        var offset = TimeSpan.FromHours(deadlineOptions.Value.UtcOffsetHours);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{start.ToOffset(offset):yyyy-MM-dd HH:mm}–{end.ToOffset(offset):HH:mm}");
    }

    private async Task<Talk> ChangeAsync(Caller caller, string id, long expectedVersion, TalkMove move, string note, CancellationToken ct, Func<Talk, WriteBatch, DateTimeOffset, Task> change) =>
        await ChangeAsync(caller, await GetAsync(caller, id, ct), expectedVersion, move, note, ct, change);

    /// <summary>
    /// Checks the version and the state machine, applies <paramref name="change"/>, and commits with
    /// the signed step and the audit record.
    /// </summary>
    private async Task<Talk> ChangeAsync(Caller caller, Talk talk, long expectedVersion, TalkMove move, string note, CancellationToken ct, Func<Talk, WriteBatch, DateTimeOffset, Task> change)
    {
        if (expectedVersion != 0 && talk.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException(Talk.Collection.Name, talk.Id, expectedVersion);
        }

        move = move with
        {
            Kind = talk.Kind,
            OutstandingFollowUps = talk.OutstandingFollowUps,
            ExplanationCountersigned = talk.ExplanationCountersigned,
            FilingsComplete = talk.FilingsComplete,
        };
        var action = Names.Snake(move.Action.ToString());
        var target = TalkStateMachine.Next(talk.Status, move)
            ?? throw new InvalidStateException(ObjectType, talk.Id, TalkStateMachine.Describe(talk.Status, move), action.Replace('_', ' '));
        var now = clock.GetUtcNow();
        var batch = new WriteBatch(now);
        var from = talk.Status;
        await change(talk, batch, now);
        talk.Status = target;
        if (target is TalkStatus.Closed)
        {
            deadlines.Meet(talk, TalkDeadlines.Reminder, now);
        }

        talk.RefreshObligations();
        talk.Steps.Add(new Step { At = now, From = from, To = target, Action = action, SignedBy = caller.Subject, Role = caller.Role, Note = note });
        talk.LastUpdateAt = now;
        batch.Update(Talk.Collection, talk);
        batch.Audit(caller.Subject, caller.Role, "talk." + action, ObjectType, talk.Id, note);
        try
        {
            await store.CommitAsync(batch, ct);
        }
        catch (DuplicateKeyException) when (batch.Writes.Any(w => w.Kind == WriteKind.Insert && w.Collection.Name == PersonCalendar.Collection.Name))
        {
            // A concurrent scheduling created a person's calendar first: the same race as a version conflict.
            throw new ConcurrencyConflictException(PersonCalendar.Collection.Name, talk.Id, 0);
        }

        return talk;
    }
}
