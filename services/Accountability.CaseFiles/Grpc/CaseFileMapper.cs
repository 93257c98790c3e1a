using Accountability.CaseFiles.Domain;
using Google.Protobuf.WellKnownTypes;
using Api = Accountability.Protos.CaseFiles.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.CaseFiles.Grpc;

/// <summary>Domain to API; enums map by number (CaseFileEnumsTests).</summary>
public static class CaseFileMapper
{
    public static Api.Cadre Map(Cadre c) => new()
    {
        CadreId = c.Id,
        Name = c.Name,
        OrganId = c.OrganId,
        Unit = c.Unit,
        Post = c.Post,
        Rank = (Api.Rank)c.Rank,
        Level = (Common.Level)c.Level,
        ManagingOrganId = c.ManagingOrganId,
        Principal = c.Principal,
        PartyMember = c.PartyMember,
        Version = c.Version,
    };

    public static Api.TimelineEntry Map(DossierEntry e)
    {
        var entry = new Api.TimelineEntry
        {
            EntryId = e.FactKey,
            Kind = (Api.EntryKind)e.Kind,
            OccurredAt = Timestamp.FromDateTimeOffset(e.OccurredAt),
            Source = e.Source,
            Summary = e.Summary,
        };
        entry.Refs.AddRange(e.Refs);
        return entry;
    }

    public static Api.Dossier Map(DossierView view, long generation)
    {
        var dossier = new Api.Dossier
        {
            Cadre = Map(view.Cadre),
            AsOf = DossierAnalyzer.Format(view.AsOf),
            EntryCount = view.Timeline.Count,
            Generation = generation,
        };
        dossier.ImpactPeriods.AddRange(view.ImpactPeriods.Select(p => new Api.ImpactPeriod
        {
            Track = (Api.Track)p.Track,
            Measure = p.Measure,
            StartsOn = DossierAnalyzer.Format(p.StartsOn),
            EndsOn = DossierAnalyzer.Format(p.EndsOn),
            Months = p.Months,
            Active = p.Active,
            Record = p.Record,
        }));
        dossier.OpenMatters.AddRange(view.OpenMatters.Select(Map));
        dossier.ClosedMatters.AddRange(view.ClosedMatters.Select(Map));
        dossier.PersonalMatters.AddRange(view.Checks.Select(c =>
        {
            var summary = new Api.PersonalMattersSummary { Year = c.Year, Result = (Api.PersonalMattersResult)c.Result, CheckId = c.Id };
            summary.Handling.AddRange(c.Handling.Select(h => (Api.PersonalMattersHandlingKind)h.Kind));
            return summary;
        }));
        dossier.Recent.AddRange(view.Timeline.Take(50).Select(Map));
        return dossier;
    }

    /// <param name="hideAnswer">Leave out the answer, its wording and the reasons (<see cref="OpinionWorkflow.AnswerHidden"/>).</param>
    public static Api.IntegrityOpinion Map(IntegrityOpinion o, bool overdue, bool hideAnswer = false)
    {
        var opinion = new Api.IntegrityOpinion
        {
            OpinionId = o.Id,
            CadreId = o.CadreId,
            CadreName = o.CadreName,
            Purpose = (Api.OpinionPurpose)o.Purpose,
            AsOf = o.AsOf,
            Answer = hideAnswer ? Api.OpinionAnswer.Unspecified : (Api.OpinionAnswer)o.Answer,
            AnswerText = hideAnswer ? "" : Chinese.Answer(o.Answer),
            AnswerAtRequest = hideAnswer || o.AnswerAtRequest is null ? Api.OpinionAnswer.Unspecified : (Api.OpinionAnswer)o.AnswerAtRequest.Value,
            Status = (Api.OpinionStatus)o.Status,
            RequestedBy = o.RequestedBy,
            RequestedAt = Timestamp.FromDateTimeOffset(o.RequestedAt),
            ReplyDue = o.Deadlines.FirstOrDefault(d => d.Kind == IntegrityOpinion.ReplyDeadline)?.DueDate ?? "",
            RepliedAt = o.RepliedAt is { } replied ? Timestamp.FromDateTimeOffset(replied) : null,
            BatchId = o.BatchId ?? "",
            Version = o.Version,
            Overdue = overdue,
        };
        opinion.Signers.AddRange(o.Signers);
        opinion.Reasons.AddRange(o.Reasons.Where(_ => !hideAnswer).Select(r =>
        {
            var reason = new Api.OpinionReason { Rule = r.Rule, Answer = (Api.OpinionAnswer)r.Answer, Text = r.Text, Note = r.Note };
            reason.Records.AddRange(r.Records);
            return reason;
        }));
        return opinion;
    }

    public static Api.PersonalMattersCheck Map(PersonalMattersCheck c)
    {
        var check = new Api.PersonalMattersCheck
        {
            CheckId = c.Id,
            CadreId = c.CadreId,
            Year = c.Year,
            Result = (Api.PersonalMattersResult)c.Result,
            CheckedOn = c.CheckedOn,
            Targeted = c.Targeted,
            Version = c.Version,
        };
        check.Items.AddRange(c.Items.Select(i => new Api.PersonalMattersItem { Code = i.Code, Description = i.Description }));
        check.Handling.AddRange(c.Handling.Select(h => new Api.PersonalMattersHandling { Kind = (Api.PersonalMattersHandlingKind)h.Kind, DecidedOn = h.DecidedOn, Note = h.Note, ReferralId = h.ReferralId ?? "" }));
        return check;
    }

    public static Api.RelativesBusinessCheck Map(RelativesBusinessCheck c)
    {
        var check = new Api.RelativesBusinessCheck
        {
            CheckId = c.Id,
            CadreId = c.CadreId,
            Year = c.Year,
            SelfChecked = c.SelfChecked,
            RiskPoints = c.RiskPoints,
            RecordedOn = c.RecordedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        };
        check.Businesses.AddRange(c.Businesses.Select(b => new Api.RelativeBusiness { Relation = (Api.Relation)b.Relation, Business = b.Business, WithinScope = b.WithinScope }));
        return check;
    }

    public static Api.ComplianceRate Map(ComplianceFigures f) => new()
    {
        Year = f.Year,
        OrganId = f.OrganId ?? "",
        Level = (Common.Level)f.Level,
        Checked = f.Checked,
        Consistent = f.Consistent,
        Omissions = f.Omissions,
        Concealments = f.Concealments,
        RatePercent = f.RatePercent,
    };

    public static Api.PeriodFigures Map(PeriodFigures f, CaseFilesOptions options)
    {
        var figures = new Api.PeriodFigures
        {
            From = DossierAnalyzer.Format(f.From),
            To = DossierAnalyzer.Format(f.To),
            PetitionsReceived = f.PetitionsReceived,
            CluesFromPetitions = f.CluesFromPetitions,
            CluesCountyTownship = f.CluesCountyTownship,
            CluesCountyTownshipPercent = f.CluesCountyTownshipPercent,
            FirstFormPersonTimes = f.FirstForm,
            SecondThirdFormPersonTimes = f.SecondThirdForm,
            PartyDisciplinePersonTimes = f.PartyDiscipline,
            DrunkDrivingPersonTimes = f.DrunkDriving,
            CaseYear = f.CaseYear,
            CasesConcluded = f.CasesConcluded,
            BureauLevelSanctioned = f.BureauLevelSanctioned,
            DivisionLevelSanctioned = f.DivisionLevelSanctioned,
            AccountabilityDecisions = f.AccountabilityDecisions,
            AccountabilityExempted = f.AccountabilityExempted,
            RelativesSelfChecked = f.RelativesSelfChecked,
            RelativesWithBusiness = f.RelativesWithBusiness,
            RelativesRiskPoints = f.RelativesRiskPoints,
            Csv = FiguresReport.Csv(f),
            Paragraph = FiguresReport.Paragraph(f, options),
        };
        figures.Forms.AddRange(f.Forms.OrderBy(kv => kv.Key).Select(kv => new Api.FormCount { Form = kv.Key, PersonTimes = kv.Value }));
        figures.CaseCategories.AddRange(f.CaseCategories.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Api.NamedCount { Name = kv.Key, Count = kv.Value }));
        figures.Talks.AddRange(f.Talks.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Api.TalkCount { Kind = kv.Key, Talks = kv.Value.Talks, PersonTimes = kv.Value.PersonTimes }));
        figures.ToleranceDecisions.AddRange(f.ToleranceDecisions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new Api.NamedCount { Name = kv.Key, Count = kv.Value }));
        figures.Compliance.AddRange(f.Compliance.Select(y => new Api.YearCompliance
        {
            Year = y.Year,
            Checked = y.Checked,
            Consistent = y.Consistent,
            RatePercent = y.RatePercent,
            Omissions = y.Omissions,
            Concealments = y.Concealments,
            Postponed = y.Postponed,
            Cancelled = y.Cancelled,
            Admonished = y.Admonished,
            PartySanctioned = y.PartySanctioned,
            Referred = y.Referred,
        }));
        return figures;
    }

    private static Api.MatterRef Map(MatterView m) => new() { Record = m.Record, Label = m.Label, Stage = m.Stage, Result = m.Result };
}
