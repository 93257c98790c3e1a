using Accountability.Clues.Domain;
using Accountability.Platform.Deadlines;
using Google.Protobuf.WellKnownTypes;
using Api = Accountability.Protos.Clues.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Clues.Grpc;

/// <summary>Maps stored clues to API messages (enums by value: the domain mirrors the proto).</summary>
public static class ClueMapper
{
    public static Api.Clue ToApi(Clue clue, DeadlineClock deadlines, DateTimeOffset now)
    {
        var message = new Api.Clue
        {
            ClueId = clue.Id,
            LedgerNumber = clue.LedgerNumber,
            Version = clue.Version,
            Status = (Api.ClueStatus)clue.Status,
            Source = (Api.ClueSource)clue.Source,
            SourceReference = clue.SourceReference,
            PetitionId = clue.PetitionId ?? "",
            ProposalId = clue.ProposalId ?? "",
            Summary = clue.Summary,
            ReportToUpper = clue.ReportToUpper,
            Department = clue.Department ?? "",
            Handler = clue.Handler ?? "",
            Disposal = (Api.DisposalMethod)clue.Disposal,
            Conclusion = clue.Conclusion ?? "",
            ReplyUntruthful = clue.ReplyUntruthful,
            InquiryRounds = clue.InquiryRounds,
            PendingTalkRequestId = clue.PendingTalkRequestId ?? "",
            FalseAccusation = clue.FalseAccusation,
            RegisteredAt = Timestamp.FromDateTimeOffset(clue.RegisteredAt),
            OrganId = clue.OrganId,
        };
        message.Subjects.AddRange(clue.Subjects.Select(ToApi));
        message.Disciplines.AddRange(clue.Disciplines.Select(d => (Common.Discipline)d));
        if (clue.CollectiveDecision is { } decision)
        {
            message.CollectiveDecision = new Api.CollectiveDecision { MeetingDate = decision.MeetingDate, Approver = decision.Approver };
            message.CollectiveDecision.Attendees.AddRange(decision.Attendees);
        }

        message.Deadlines.AddRange(clue.Deadlines.Select(d => new Api.Deadline
        {
            Kind = d.Kind,
            DueDate = d.DueDate,
            MetAt = d.MetAt is { } met ? Timestamp.FromDateTimeOffset(met) : null,
            Overdue = deadlines.IsOverdue(d, now),
            BreachNotified = d.BreachNotified,
        }));
        message.Steps.AddRange(clue.Steps.Select(s => new Api.Step
        {
            At = Timestamp.FromDateTimeOffset(s.At),
            From = (Api.ClueStatus)s.From,
            To = (Api.ClueStatus)s.To,
            Action = s.Action,
            SignedBy = s.SignedBy,
            Role = s.Role,
            Note = s.Note,
        }));
        message.Outcomes.AddRange(clue.Outcomes.Select(o => new Api.Outcome
        {
            OutcomeId = o.Id,
            SubjectIndex = o.SubjectIndex,
            Kind = (Api.OutcomeKind)o.Kind,
            Track = (Api.OutcomeTrack)o.Track,
            Form = o.Form,
            DecidedOn = o.DecidedOn,
            ApprovedOn = o.ApprovedOn,
            CaseCategory = o.CaseCategory ?? "",
            TermMonths = o.TermMonths ?? 0,
        }));
        message.VerificationTeam.AddRange(clue.VerificationTeam);
        message.AccountabilityProposals.AddRange(clue.AccountabilityProposals.Select(p =>
        {
            var proposal = new Api.AccountabilityProposal { ProposalId = p.ProposalId, ProposedForm = p.ProposedForm ?? "", ProposedAt = Timestamp.FromDateTimeOffset(p.ProposedAt), ProposedBy = p.ProposedBy };
            proposal.SubjectIndexes.AddRange(p.SubjectIndexes);
            return proposal;
        }));
        return message;
    }

    public static Api.ClueSummary ToSummary(Clue clue, DeadlineClock deadlines, DateTimeOffset now) => new()
    {
        ClueId = clue.Id,
        LedgerNumber = clue.LedgerNumber,
        Status = (Api.ClueStatus)clue.Status,
        Source = (Api.ClueSource)clue.Source,
        SubjectNames = string.Join("、", clue.Subjects.Select(s => s.Name)),
        Department = clue.Department ?? "",
        NextDueDate = clue.NextDueDate ?? "",
        Overdue = clue.Deadlines.Any(d => deadlines.IsOverdue(d, now)),
        RegisteredAt = Timestamp.FromDateTimeOffset(clue.RegisteredAt),
    };

    public static Api.ClueSubject ToApi(ClueSubject subject) => new()
    {
        Name = subject.Name,
        Unit = subject.Unit,
        Post = subject.Post,
        Level = (Common.Level)subject.Level,
        CadreId = subject.CadreId ?? "",
        KeyOfficial = (Api.KeyOfficial)subject.KeyOfficial,
    };

    public static ClueSubject FromApi(Api.ClueSubject subject) => new()
    {
        Name = subject.Name.Trim(),
        Unit = subject.Unit.Trim(),
        Post = subject.Post.Trim(),
        Level = (Level)subject.Level,
        CadreId = subject.CadreId.Length == 0 ? null : subject.CadreId,
        KeyOfficial = subject.KeyOfficial == Api.KeyOfficial.Unspecified ? KeyOfficial.None : (KeyOfficial)subject.KeyOfficial,
    };

    public static CollectiveDecision? FromApi(Api.CollectiveDecision? decision) => decision is null
        ? null
        : new CollectiveDecision
        {
            MeetingDate = decision.MeetingDate,
            Attendees = decision.Attendees.Select(a => a.Trim()).Where(a => a.Length > 0).ToList(),
            Approver = decision.Approver.Trim(),
        };
}
