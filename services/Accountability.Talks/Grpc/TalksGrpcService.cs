using System.Security.Cryptography;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Talks.Domain;
using Google.Protobuf;
using Grpc.Core;
using Api = Accountability.Protos.Talks.V1;
using WellKnown = Google.Protobuf.WellKnownTypes;

namespace Accountability.Talks.Grpc;

/// <summary>The talks API: validate every field, map the request, call the workflow, map the reply.</summary>
public sealed class TalksGrpcService(TalkWorkflow workflow, TalkQueries queries, TalksOptions options, DeadlineClock deadlines, TimeProvider clock) : Api.Talks.TalksBase
{
    public override async Task<Api.Talk> RequestTalk(Api.RequestTalkRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true)
            .Defined("kind", request.Kind)
            .Text("reason", request.Reason, RequestRules.MaxText, required: true)
            .Text("department", request.Department, RequestValidator.MaxIdLength);
        RequestRules.Participants(v, "participants", request.Participants, 1, options.MaxParticipants);
        var caller = Caller.From(context);
        var department = request.Department.Trim();
        if (caller.Role == Roles.Handler)
        {
            // A handler works only their own department's talks, so requests only those.
            if (caller.Department is not { Length: > 0 } own)
            {
                v.Add("department", "cannot be set: your token names no department");
            }
            else if (department.Length > 0 && department != own)
            {
                v.Add("department", $"must be your own department ({own})");
            }
            else
            {
                department = own;
            }
        }

        v.ThrowIfInvalid();
        var command = new Domain.RequestTalk(
            request.IdempotencyKey,
            (TalkKind)request.Kind,
            request.Reason,
            request.Participants.Select(TalkMapper.FromApi).ToList(),
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())),
            department.Length == 0 ? null : department);
        return Map((await workflow.RequestAsync(caller, command, context.CancellationToken)).Talk);
    }

    public override Task<Api.Talk> ScheduleTalk(Api.ScheduleTalkRequest request, ServerCallContext context) => ScheduleAsync(request, context, reschedule: false);

    public override Task<Api.Talk> RescheduleTalk(Api.ScheduleTalkRequest request, ServerCallContext context) => ScheduleAsync(request, context, reschedule: true);

    public override async Task<Api.Talk> RecordTalkMissed(Api.RecordTalkMissedRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Text("reason", request.Reason, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.RecordMissedAsync(Caller.From(context), request.TalkId, request.Reason, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Talk> CancelTalk(Api.CancelTalkRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Text("reason", request.Reason, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.CancelAsync(Caller.From(context), request.TalkId, request.Reason, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Talk> RecordTalkHeld(Api.RecordTalkHeldRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Count("attendance", request.Attendance, 1, options.MaxParticipants)
            .Text("summary", request.Summary, RequestRules.MaxRecord, required: true)
            .Text("statement", request.Statement, RequestRules.MaxRecord)
            .Count("signatures", request.Signatures, 1, RequestRules.MaxPeople)
            .Count("attachments", request.Attachments, 0, RequestRules.MaxAttachments)
            .Count("follow_ups", request.FollowUps, 0, 4);
        for (var i = 0; i < request.Attendance.Count; i++)
        {
            v.Id($"attendance[{i}].cadre_id", request.Attendance[i].CadreId);
        }

        for (var i = 0; i < request.Signatures.Count; i++)
        {
            RequestRules.Signature(v, $"signatures[{i}]", request.Signatures[i], required: true);
            NotInFuture(v, $"signatures[{i}].at", request.Signatures[i].At);
        }

        for (var i = 0; i < request.Attachments.Count; i++)
        {
            var a = request.Attachments[i];
            v.Text($"attachments[{i}].name", a.Name, RequestRules.MaxShortText, required: true)
                .Sha256($"attachments[{i}].sha256", a.Sha256)
                .Text($"attachments[{i}].uri", a.Uri, RequestRules.MaxText, required: true)
                .Text($"attachments[{i}].media_type", a.MediaType, RequestRules.MaxShortText);
            if (a.SizeBytes < 0)
            {
                v.Add($"attachments[{i}].size_bytes", "must not be negative");
            }
        }

        for (var i = 0; i < request.FollowUps.Count; i++)
        {
            v.Defined($"follow_ups[{i}]", request.FollowUps[i]);
        }

        v.ThrowIfInvalid();
        var command = new Domain.RecordTalkHeld(
            request.TalkId,
            request.ExpectedVersion,
            request.Attendance.Select(a => new AttendanceMark(a.CadreId, a.Present)).ToList(),
            request.Summary,
            request.Statement,
            request.Signatures.Select(TalkMapper.FromApi).ToList(),
            request.Attachments.Select(TalkMapper.FromApi).ToList(),
            request.FollowUps.Select(f => (FollowUpKind)f).ToList());
        return Map(await workflow.RecordHeldAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Talk> RecordFollowUp(Api.RecordFollowUpRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Id("follow_up_id", request.FollowUpId)
            .Text("reference", request.Reference, RequestRules.MaxShortText, required: true)
            .Timestamp("received_at", request.ReceivedAt);
        NotInFuture(v, "received_at", request.ReceivedAt);
        RequestRules.Signature(v, "countersignature", request.Countersignature, required: false);
        NotInFuture(v, "countersignature.at", request.Countersignature?.At);
        v.ThrowIfInvalid();
        var command = new Domain.RecordFollowUp(
            request.TalkId,
            request.ExpectedVersion,
            request.FollowUpId,
            request.Reference.Trim(),
            request.ReceivedAt?.ToDateTimeOffset(),
            request.Countersignature is { } c ? TalkMapper.FromApi(c) : null);
        return Map(await workflow.RecordFollowUpAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Talk> RecordAdmonishmentFiling(Api.RecordAdmonishmentFilingRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Defined("recipient", request.Recipient)
            .Text("filed_by", request.FiledBy, RequestRules.MaxShortText, required: true)
            .Timestamp("filed_at", request.FiledAt);
        NotInFuture(v, "filed_at", request.FiledAt);
        v.ThrowIfInvalid();
        var command = new RecordFiling(request.TalkId, request.ExpectedVersion, (FilingRecipient)request.Recipient, request.FiledBy.Trim(), request.FiledAt?.ToDateTimeOffset());
        return Map(await workflow.RecordFilingAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Talk> RecordTestScores(Api.RecordTestScoresRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Count("scores", request.Scores, 1, options.MaxParticipants);
        for (var i = 0; i < request.Scores.Count; i++)
        {
            v.Id($"scores[{i}].cadre_id", request.Scores[i].CadreId);
            if (request.Scores[i].Score is < 0 or > 100)
            {
                v.Add($"scores[{i}].score", "must be between 0 and 100");
            }
        }

        v.ThrowIfInvalid();
        var scores = request.Scores.Select(s => new TestScore(s.CadreId, s.Score)).ToList();
        return Map(await workflow.RecordTestScoresAsync(Caller.From(context), request.TalkId, scores, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.TestResults> GetTestResults(Api.GetTalkRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("talk_id", request.TalkId).ThrowIfInvalid();
        return TalkMapper.ToResults(await workflow.GetAsync(Caller.From(context), request.TalkId, context.CancellationToken), options.PassMark);
    }

    public override async Task<Api.Talk> CloseTalk(Api.CloseTalkRequest request, ServerCallContext context)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Text("note", request.Note, RequestRules.MaxText);
        v.ThrowIfInvalid();
        return Map(await workflow.CloseAsync(Caller.From(context), request.TalkId, request.Note, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Talk> GetTalk(Api.GetTalkRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("talk_id", request.TalkId).ThrowIfInvalid();
        return Map(await workflow.GetAsync(Caller.From(context), request.TalkId, context.CancellationToken));
    }

    public override async Task<Api.ListTalksResponse> ListTalks(Api.ListTalksRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Defined("kind", request.Kind, allowUnspecified: true)
            .Defined("status", request.Status, allowUnspecified: true)
            .Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength)
            .Text("talker", request.Talker, RequestRules.MaxShortText)
            .Timestamp("start_from", request.StartFrom)
            .Timestamp("start_to", request.StartTo)
            .Text("clue_id", request.ClueId, RequestValidator.MaxIdLength);
        if (request.DueWithinWorkingDays is < 0 or > 366)
        {
            v.Add("due_within_working_days", "must be between 0 and 366");
        }

        if (request.StartFrom is not null && request.StartTo is not null && v.Violations.Count == 0 && request.StartTo.ToDateTimeOffset() <= request.StartFrom.ToDateTimeOffset())
        {
            v.Add("start_to", "must be after start_from");
        }

        var after = v.Paging(request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var filter = new TalkListFilter(
            (TalkKind)request.Kind,
            (TalkStatus)request.Status,
            request.CadreId.Length == 0 ? null : request.CadreId,
            request.Talker.Length == 0 ? null : request.Talker,
            request.StartFrom?.ToDateTimeOffset(),
            request.StartTo?.ToDateTimeOffset(),
            request.OverdueOnly,
            request.DueWithinWorkingDays,
            request.ClueId.Length == 0 ? null : request.ClueId);
        var page = await queries.ListAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListTalksResponse { NextPageToken = page.Next is { } next ? PageTokens.Encode(next) : "" };
        response.Talks.AddRange(page.Items.Select(t => TalkMapper.ToSummary(t, deadlines)));
        return response;
    }

    public override async Task<Api.Agenda> GetAgenda(Api.GetAgendaRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("talker", request.Talker, RequestRules.MaxShortText, required: true);
        if (request.Days is < 0 or > 31)
        {
            v.Add("days", "must be between 0 and 31");
        }

        if (request.WorkingDays is < 0 or > 23)
        {
            v.Add("working_days", "must be between 0 and 23");
        }
        else if (request.WorkingDays > 0 && request.Days > 0)
        {
            v.Add("working_days", "give days or working_days, not both");
        }

        v.ThrowIfInvalid();
        var days = request.WorkingDays > 0
            ? await queries.AgendaByWorkingDaysAsync(Caller.From(context), request.Talker, request.WorkingDays, context.CancellationToken)
            : await queries.AgendaAsync(Caller.From(context), request.Talker, request.Days == 0 ? 7 : request.Days, context.CancellationToken);
        var agenda = new Api.Agenda { Talker = request.Talker };
        agenda.Days.AddRange(days.Select(d =>
        {
            var day = new Api.AgendaDay { Date = DeadlineClock.Format(d.Day) };
            day.Talks.AddRange(d.Talks.Select(t => TalkMapper.ToSummary(t, deadlines)));
            return day;
        }));
        return agenda;
    }

    public override async Task<Api.TalkStatistics> GetTalkStatistics(Api.GetTalkStatisticsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Timestamp("from", request.From, required: true).Timestamp("to", request.To, required: true);
        if (v.Violations.Count == 0 && request.To.ToDateTimeOffset() <= request.From.ToDateTimeOffset())
        {
            v.Add("to", "must be after from");
        }

        v.ThrowIfInvalid();
        var figures = await queries.StatisticsAsync(request.From!.ToDateTimeOffset(), request.To!.ToDateTimeOffset(), context.CancellationToken);
        var response = new Api.TalkStatistics { TalksHeld = figures.Sum(f => f.TalksHeld), PersonTimes = figures.Sum(f => f.PersonTimes) };
        response.ByKind.AddRange(figures.Select(f => new Api.KindCount { Kind = (Api.TalkKind)f.Kind, TalksHeld = f.TalksHeld, PersonTimes = f.PersonTimes }));
        return response;
    }

    private async Task<Api.Talk> ScheduleAsync(Api.ScheduleTalkRequest request, ServerCallContext context, bool reschedule)
    {
        var v = Start(request.TalkId, request.ExpectedVersion);
        v.Timestamp("start", request.Start, required: true)
            .Timestamp("end", request.End, required: true)
            .Text("place", request.Place, RequestRules.MaxShortText, required: true)
            .Text("note_taker", request.NoteTaker, RequestRules.MaxShortText, required: true)
            .Text("reason", request.Reason, RequestRules.MaxText);
        RequestRules.Staff(v, "talkers", request.Talkers, 1);
        RequestRules.Participants(v, "participants", request.Participants, 0, options.MaxParticipants);
        if (request.Talkers.Any(t => t.Trim() == request.NoteTaker.Trim()))
        {
            v.Add("note_taker", "is also a talker: the record is taken by someone else");
        }

        if (v.Violations.All(x => x.Field is not ("start" or "end")))
        {
            var start = request.Start.ToDateTimeOffset();
            var end = request.End.ToDateTimeOffset();
            if (start <= clock.GetUtcNow())
            {
                v.Add("start", "is in the past");
            }

            if (end <= start)
            {
                v.Add("end", "must be after start");
            }
            else if (end - start > TalkWorkflow.MaxDuration)
            {
                v.Add("end", $"is more than {TalkWorkflow.MaxDuration.TotalHours:F0} hours after start");
            }
        }

        v.ThrowIfInvalid();
        var command = new Domain.ScheduleTalk(
            request.TalkId,
            request.ExpectedVersion,
            request.Start.ToDateTimeOffset(),
            request.End.ToDateTimeOffset(),
            request.Place.Trim(),
            request.Talkers.Select(t => t.Trim()).ToList(),
            request.NoteTaker.Trim(),
            request.Participants.Count == 0 ? null : request.Participants.Select(TalkMapper.FromApi).ToList(),
            request.Reason.Trim());
        return Map(await workflow.ScheduleAsync(Caller.From(context), command, reschedule, context.CancellationToken));
    }

    /// <summary>A valid timestamp later than now, allowing 5 minutes of clock skew between caller and server.</summary>
    private void NotInFuture(RequestValidator v, string field, WellKnown.Timestamp? value)
    {
        if (value is not null && v.Violations.All(x => x.Field != field) && value.ToDateTimeOffset() > clock.GetUtcNow().AddMinutes(5))
        {
            v.Add(field, "is in the future");
        }
    }

    private static RequestValidator Start(string id, long expectedVersion) => new RequestValidator().Id("talk_id", id).ExpectedVersion(expectedVersion);

    private Api.Talk Map(Talk talk) => TalkMapper.ToApi(talk, deadlines, clock.GetUtcNow());
}
