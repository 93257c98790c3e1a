using Accountability.Petitions.Domain;
using Accountability.Platform.Deadlines;
using Google.Protobuf.WellKnownTypes;
using Api = Accountability.Protos.Petitions.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Petitions.Grpc;

/// <summary>Maps stored petitions to API messages. The reporter's identity is never among them.</summary>
public static class PetitionMapper
{
    public static Api.Petition ToApi(Petition petition, DeadlineClock deadlines, DateTimeOffset now)
    {
        var message = new Api.Petition
        {
            PetitionId = petition.Id,
            RegisterNumber = petition.RegisterNumber,
            Version = petition.Version,
            Status = (Api.PetitionStatus)petition.Status,
            Channel = (Api.Channel)petition.Channel,
            Kind = (Api.PetitionKind)petition.Kind,
            Named = petition.Named,
            ReporterVerified = petition.ReporterVerified,
            VerificationMethod = petition.VerificationMethod ?? "",
            Facts = petition.Facts,
            ReceivedAt = Timestamp.FromDateTimeOffset(petition.ReceivedAt),
            RepeatOfPetitionId = petition.RepeatOf ?? "",
            RepeatOverrideReason = petition.RepeatOverrideReason ?? "",
            ReporterMessageCount = petition.ReporterMessages.Count,
            SourceOrganId = petition.SourceOrganId ?? "",
            OrganId = petition.OrganId,
            Jurisdiction = (Api.Jurisdiction)petition.Jurisdiction,
            FalseAccusation = petition.FalseAccusation,
        };
        message.ReporterMessages.AddRange(petition.ReporterMessages.Select(m =>
        {
            var view = new Api.ReporterMessageView { At = Timestamp.FromDateTimeOffset(m.At), Text = m.Text };
            view.Attachments.AddRange(m.Attachments.Select(ToApi));
            return view;
        }));
        message.History.AddRange(petition.History.Select(h => new Api.StatusStep
        {
            At = Timestamp.FromDateTimeOffset(h.At),
            From = (Api.PetitionStatus)h.From,
            To = (Api.PetitionStatus)h.To,
            By = h.By,
            Reason = h.Reason,
        }));
        message.NewEvidence.AddRange(petition.NewEvidence.Select(ToApi));
        message.Accused.AddRange(petition.Accused.Select(ToApi));
        message.Disciplines.AddRange(petition.Disciplines.Select(d => (Common.Discipline)d));
        message.Attachments.AddRange(petition.Attachments.Select(ToApi));
        if (petition.Screening is { } s)
        {
            message.Screening = new Api.Screening
            {
                Outcome = (Api.ScreeningOutcome)s.Outcome,
                Reason = s.Reason,
                TargetOrganId = s.TargetOrganId ?? "",
                ScreenedBy = s.ScreenedBy,
                ScreenedAt = Timestamp.FromDateTimeOffset(s.ScreenedAt),
                DirectToUpper = s.DirectToUpper,
            };
        }

        message.Deadlines.AddRange(petition.Deadlines.Select(d => new Api.Deadline
        {
            Kind = KindOf(d.Kind),
            DueDate = d.DueDate,
            MetAt = d.MetAt is { } met ? Timestamp.FromDateTimeOffset(met) : null,
            Overdue = deadlines.IsOverdue(d, now),
        }));
        message.ClueProposals.AddRange(petition.ClueProposals.Select(p =>
        {
            var proposal = new Api.ClueProposal
            {
                ProposalId = p.ProposalId,
                Summary = p.Summary,
                Status = (Api.ClueProposalStatus)p.Status,
                ClueId = p.ClueId ?? "",
                Result = p.Result ?? "",
            };
            proposal.AccusedIndexes.AddRange(p.AccusedIndexes);
            proposal.Disciplines.AddRange(p.Disciplines.Select(d => (Common.Discipline)d));
            return proposal;
        }));
        return message;
    }

    public static Api.PetitionSummary ToSummary(Petition petition, DeadlineClock deadlines, DateTimeOffset now) => new()
    {
        PetitionId = petition.Id,
        RegisterNumber = petition.RegisterNumber,
        Status = (Api.PetitionStatus)petition.Status,
        Channel = (Api.Channel)petition.Channel,
        Kind = (Api.PetitionKind)petition.Kind,
        Named = petition.Named,
        ReceivedAt = Timestamp.FromDateTimeOffset(petition.ReceivedAt),
        AccusedLevel = (Common.Level)petition.PrimaryLevel,
        Overdue = petition.Deadlines.Any(d => deadlines.IsOverdue(d, now)),
        NextDueDate = petition.NextDueDate ?? "",
        RepeatOfPetitionId = petition.RepeatOf ?? "",
    };

    public static Api.DeadlineKind KindOf(string kind) => kind switch
    {
        PetitionDeadlines.Screening => Api.DeadlineKind.Screening,
        PetitionDeadlines.AcceptanceNotice => Api.DeadlineKind.AcceptanceNotice,
        PetitionDeadlines.Feedback => Api.DeadlineKind.Feedback,
        _ => Api.DeadlineKind.Unspecified,
    };

    public static Api.AccusedPerson ToApi(AccusedPerson person) => new()
    {
        Name = person.Name,
        Unit = person.Unit,
        Post = person.Post,
        Level = (Common.Level)person.Level,
        CadreId = person.CadreId ?? "",
        IsOrganPrincipal = person.IsOrganPrincipal,
    };

    public static Common.AttachmentRef ToApi(Attachment attachment) => new()
    {
        Name = attachment.Name,
        Sha256 = attachment.Sha256,
        SizeBytes = attachment.SizeBytes,
        Uri = attachment.Uri,
        MediaType = attachment.MediaType,
    };

    public static Attachment FromApi(Common.AttachmentRef attachment) => new()
    {
        Name = attachment.Name,
        Sha256 = attachment.Sha256,
        SizeBytes = attachment.SizeBytes,
        Uri = attachment.Uri,
        MediaType = attachment.MediaType,
    };
}
