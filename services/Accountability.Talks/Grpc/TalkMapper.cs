using Accountability.Platform.Deadlines;
using Accountability.Talks.Domain;
using Google.Protobuf.WellKnownTypes;
using Api = Accountability.Protos.Talks.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Talks.Grpc;

/// <summary>Maps stored talks to API messages (enums by value: the domain mirrors the proto).</summary>
public static class TalkMapper
{
    public static Api.Talk ToApi(Talk talk, DeadlineClock deadlines, DateTimeOffset now)
    {
        var message = new Api.Talk
        {
            TalkId = talk.Id,
            Version = talk.Version,
            Kind = (Api.TalkKind)talk.Kind,
            Status = (Api.TalkStatus)talk.Status,
            Reason = talk.Reason,
            Start = Stamp(talk.Start),
            End = Stamp(talk.End),
            Place = talk.Place ?? "",
            NoteTaker = talk.NoteTaker ?? "",
            RemindOn = talk.RemindOn ?? "",
            ClueId = talk.ClueId ?? "",
            RequestId = talk.RequestId ?? "",
            MakeUpOf = talk.MakeUpOf ?? "",
            Summary = talk.Summary ?? "",
            Statement = talk.Statement ?? "",
            MissedReason = talk.MissedReason ?? "",
            CancelReason = talk.CancelReason ?? "",
            RequestedAt = Timestamp.FromDateTimeOffset(talk.RequestedAt),
            HeldAt = Stamp(talk.HeldAt),
            Department = talk.Department ?? "",
        };
        message.Participants.AddRange(talk.Participants.Select(p => new Api.Participant { CadreId = p.CadreId, Name = p.Name, Present = p.Present == true }));
        message.AbsentCadreIds.AddRange(talk.Participants.Where(p => p.Present == false).Select(p => p.CadreId));
        message.Talkers.AddRange(talk.Talkers);
        message.MakeUpTalkIds.AddRange(talk.MakeUpTalkIds);
        message.Signatures.AddRange(talk.Signatures.Select(ToApi));
        message.Attachments.AddRange(talk.Attachments.Select(a => new Common.AttachmentRef { Name = a.Name, Sha256 = a.Sha256, SizeBytes = a.SizeBytes, Uri = a.Uri, MediaType = a.MediaType }));
        message.FollowUps.AddRange(talk.FollowUps.Select(f => new Api.FollowUp
        {
            FollowUpId = f.Id,
            Kind = (Api.FollowUpKind)f.Kind,
            CadreId = f.CadreId,
            DueDate = f.DueDate,
            ReceivedAt = Stamp(f.ReceivedAt),
            Reference = f.Reference ?? "",
            Overdue = f.ReceivedAt is null && string.CompareOrdinal(f.DueDate, DeadlineClock.Format(deadlines.LocalDate(now))) < 0,
            Countersignature = f.Countersignature is { } c ? ToApi(c) : null,
        }));
        message.Filings.AddRange(talk.Filings.Select(f => new Api.Filing { Recipient = (Api.FilingRecipient)f.Recipient, FiledBy = f.FiledBy, FiledAt = Timestamp.FromDateTimeOffset(f.FiledAt) }));
        message.Deadlines.AddRange(talk.Deadlines.Select(d => new Api.Deadline
        {
            Kind = d.Kind,
            DueDate = d.DueDate,
            MetAt = Stamp(d.MetAt),
            Overdue = d.Kind != TalkDeadlines.Reminder && deadlines.IsOverdue(d, now),
        }));
        message.Steps.AddRange(talk.Steps.Select(s => new Api.Step
        {
            At = Timestamp.FromDateTimeOffset(s.At),
            From = (Api.TalkStatus)s.From,
            To = (Api.TalkStatus)s.To,
            Action = s.Action,
            SignedBy = s.SignedBy,
            Role = s.Role,
            Note = s.Note,
        }));
        return message;
    }

    public static Api.TalkSummary ToSummary(Talk talk, DeadlineClock deadlines) => new()
    {
        TalkId = talk.Id,
        Kind = (Api.TalkKind)talk.Kind,
        Status = (Api.TalkStatus)talk.Status,
        Start = Stamp(talk.Start),
        Place = talk.Place ?? "",
        ParticipantCount = talk.Participants.Count,
        Overdue = talk.NextObligationDate is { } due && string.CompareOrdinal(due, DeadlineClock.Format(deadlines.Today())) < 0,
        NextDueDate = talk.NextObligationDate ?? "",
    };

    public static Api.TestResults ToResults(Talk talk, int passMark)
    {
        var results = new Api.TestResults { TalkId = talk.Id, PassMark = passMark };
        results.Results.AddRange(talk.TestResults.Select(r =>
        {
            var result = new Api.TestResult { CadreId = r.CadreId, Passed = r.Passed, PostponementRecommended = r.PostponementRecommended };
            result.Attempts.AddRange(r.Attempts);
            return result;
        }));
        return results;
    }

    public static Participant FromApi(Api.ParticipantInput participant) => new() { CadreId = participant.CadreId.Trim(), Name = participant.Name.Trim() };

    public static Signature FromApi(Api.Signature signature) => new() { Who = signature.Who.Trim(), At = signature.At.ToDateTimeOffset() };

    public static Attachment FromApi(Common.AttachmentRef attachment) => new()
    {
        Name = attachment.Name.Trim(),
        Sha256 = attachment.Sha256,
        SizeBytes = attachment.SizeBytes,
        Uri = attachment.Uri.Trim(),
        MediaType = attachment.MediaType.Trim(),
    };

    private static Api.Signature ToApi(Signature signature) => new() { Who = signature.Who, At = Timestamp.FromDateTimeOffset(signature.At) };

    private static Timestamp? Stamp(DateTimeOffset? value) => value is { } v ? Timestamp.FromDateTimeOffset(v) : null;
}
