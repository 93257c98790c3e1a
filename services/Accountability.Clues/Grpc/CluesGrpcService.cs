using System.Security.Cryptography;
using Accountability.Clues.Domain;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Google.Protobuf;
using Grpc.Core;
using Api = Accountability.Protos.Clues.V1;

namespace Accountability.Clues.Grpc;

/// <summary>The clue-handling API: validate every field, map the request, call the workflow, map the reply.</summary>
public sealed class CluesGrpcService(ClueWorkflow workflow, ClueQueries queries, DeadlineClock deadlines, TimeProvider clock) : Api.Clues.CluesBase
{
    public override async Task<Api.Clue> RegisterClue(Api.RegisterClueRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true)
            .Defined("source", request.Source)
            .Text("source_reference", request.SourceReference, RequestRules.MaxShortText)
            .Text("summary", request.Summary, RequestRules.MaxSummary, required: true)
            .Count("subjects", request.Subjects, 1, RequestRules.MaxSubjects)
            .Count("disciplines", request.Disciplines, 0, 16)
            .Timestamp("received_at", request.ReceivedAt);
        if (request.Source == Api.ClueSource.Petition)
        {
            v.Add("source", "petitions arrive from the Petitions service as clue proposals, not by this call");
        }

        for (var i = 0; i < request.Subjects.Count; i++)
        {
            var s = request.Subjects[i];
            v.Text($"subjects[{i}].name", s.Name, RequestRules.MaxShortText, required: true)
                .Text($"subjects[{i}].unit", s.Unit, RequestRules.MaxShortText)
                .Text($"subjects[{i}].post", s.Post, RequestRules.MaxShortText)
                .Defined($"subjects[{i}].level", s.Level)
                .Text($"subjects[{i}].cadre_id", s.CadreId, RequestValidator.MaxIdLength)
                .Defined($"subjects[{i}].key_official", s.KeyOfficial, allowUnspecified: true);
        }

        for (var i = 0; i < request.Disciplines.Count; i++)
        {
            v.Defined($"disciplines[{i}]", request.Disciplines[i]);
        }

        NotInFuture(v, "received_at", request.ReceivedAt);

        v.ThrowIfInvalid();
        var command = new RegisterClue(
            request.IdempotencyKey,
            (ClueSource)request.Source,
            request.SourceReference.Trim(),
            request.Subjects.Select(ClueMapper.FromApi).ToList(),
            request.Summary,
            request.Disciplines.Select(d => (Discipline)d).ToList(),
            request.ReceivedAt?.ToDateTimeOffset(),
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())));
        var result = await workflow.RegisterAsync(Caller.From(context), command, context.CancellationToken);
        return Map(result.Clue);
    }

    public override async Task<Api.Clue> GetClue(Api.GetClueRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("clue_id", request.ClueId).ThrowIfInvalid();
        return Map(await workflow.GetAsync(Caller.From(context), request.ClueId, context.CancellationToken));
    }

    public override async Task<Api.ListCluesResponse> ListClues(Api.ListCluesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            v.Defined($"statuses[{i}]", request.Statuses[i]);
        }

        v.Defined("source", request.Source, allowUnspecified: true)
            .Text("department", request.Department, RequestValidator.MaxIdLength)
            .Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength);
        if (request.DueWithinWorkingDays is < 0 or > 366)
        {
            v.Add("due_within_working_days", "must be between 0 and 366");
        }

        var after = v.Paging(request.PageSize, request.PageToken);

        v.ThrowIfInvalid();
        var filter = new ClueListFilter(
            request.Statuses.Select(s => (ClueStatus)s).ToList(),
            (ClueSource)request.Source,
            request.Department.Length == 0 ? null : request.Department,
            request.CadreId.Length == 0 ? null : request.CadreId,
            request.OverdueOnly,
            request.DueWithinWorkingDays);
        var page = await queries.ListAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var now = clock.GetUtcNow();
        var response = new Api.ListCluesResponse { NextPageToken = page.Next is null ? "" : PageTokens.Encode(page.Next) };
        response.Clues.AddRange(page.Items.Select(c => ClueMapper.ToSummary(c, deadlines, now)));
        return response;
    }

    public override async Task<Api.Clue> AssignClue(Api.AssignClueRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("department", request.Department, RequestValidator.MaxIdLength, required: true)
            .Text("handler", request.Handler, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.AssignAsync(Caller.From(context), request.ClueId, request.Department.Trim(), request.Handler.Trim(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> FlagForUpperReport(Api.FlagForUpperReportRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Defined("key_official", request.KeyOfficial);
        if (request.SubjectIndex < 0)
        {
            v.Add("subject_index", "must not be negative");
        }

        v.ThrowIfInvalid();
        return Map(await workflow.FlagForUpperReportAsync(Caller.From(context), request.ClueId, request.SubjectIndex, (KeyOfficial)request.KeyOfficial, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> DecideDisposal(Api.DecideDisposalRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Defined("method", request.Method).Text("reason", request.Reason, RequestRules.MaxText, required: true);
        var decision = ClueMapper.FromApi(request.CollectiveDecision);
        ClueRules.CollectiveDecision(v, decision, deadlines.Today());
        if (request.CollectiveDecision is { } d)
        {
            for (var i = 0; i < d.Attendees.Count; i++)
            {
                v.Text($"collective_decision.attendees[{i}]", d.Attendees[i], RequestRules.MaxShortText);
            }

            v.Text("collective_decision.approver", d.Approver, RequestRules.MaxShortText);
        }

        v.ThrowIfInvalid();
        var command = new Domain.DecideDisposal(request.ClueId, (DisposalMethod)request.Method, decision, request.Reason, request.ExpectedVersion);
        return Map(await workflow.DecideDisposalAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Clue> SendInquiryLetter(Api.SendInquiryLetterRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("letter_reference", request.LetterReference, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.SendInquiryLetterAsync(Caller.From(context), request.ClueId, request.LetterReference.Trim(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> RequestInquiryTalk(Api.RequestInquiryTalkRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        RequestRules.Names(v, "talkers", request.Talkers, 1);
        v.Text("note", request.Note, RequestRules.MaxText);
        v.ThrowIfInvalid();
        return Map(await workflow.RequestInquiryTalkAsync(Caller.From(context), request.ClueId, request.Talkers.Select(t => t.Trim()).ToList(), request.Note, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> RecordInquiryReply(Api.RecordInquiryReplyRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("reply_reference", request.ReplyReference, RequestRules.MaxShortText, required: true)
            .Text("countersigned_by", request.CountersignedBy, RequestRules.MaxShortText)
            .Timestamp("received_at", request.ReceivedAt);
        NotInFuture(v, "received_at", request.ReceivedAt);
        v.ThrowIfInvalid();
        return Map(await workflow.RecordInquiryReplyAsync(
            Caller.From(context), request.ClueId, request.ReplyReference.Trim(), request.CountersignedBy.Trim(), request.ReceivedAt?.ToDateTimeOffset(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> RecordInquiryTalkHeld(Api.RecordInquiryTalkHeldRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("transcript_reference", request.TranscriptReference, RequestRules.MaxShortText, required: true)
            .Timestamp("held_at", request.HeldAt);
        NotInFuture(v, "held_at", request.HeldAt);

        v.ThrowIfInvalid();
        return Map(await workflow.RecordInquiryTalkHeldAsync(Caller.From(context), request.ClueId, request.TranscriptReference.Trim(), request.HeldAt?.ToDateTimeOffset(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> ReportInquiry(Api.ReportInquiryRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Defined("proposal", request.Proposal)
            .Text("findings", request.Findings, RequestRules.MaxSummary, required: true)
            .Text("clearance_letter_reference", request.ClearanceLetterReference, RequestRules.MaxShortText)
            .Text("approver", request.Approver, RequestRules.MaxShortText, required: true)
            .Count("measures", request.Measures, 0, RequestRules.MaxSubjects * 4);
        for (var i = 0; i < request.Measures.Count; i++)
        {
            v.Defined($"measures[{i}].kind", request.Measures[i].Kind);
        }

        v.ThrowIfInvalid();
        var command = new Domain.ReportInquiry(
            request.ClueId,
            (InquiryProposal)request.Proposal,
            request.ReplyUntruthful,
            request.Findings,
            request.Measures.Select(m => new Domain.SubjectMeasure(m.SubjectIndex, (OutcomeKind)m.Kind)).ToList(),
            request.ClearanceLetterReference.Length == 0 ? null : request.ClearanceLetterReference.Trim(),
            request.Approver.Trim(),
            request.ExpectedVersion);
        return Map(await workflow.ReportInquiryAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Clue> PlanVerification(Api.PlanVerificationRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        RequestRules.Names(v, "team", request.Team, 1);
        v.Text("plan_reference", request.PlanReference, RequestRules.MaxShortText, required: true)
            .Text("approver", request.Approver, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        var command = new Domain.PlanVerification(request.ClueId, request.Team.ToList(), request.PlanReference.Trim(), request.Approver.Trim(), request.ExpectedVersion);
        return Map(await workflow.PlanVerificationAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Clue> RecordVerificationMeasure(Api.RecordVerificationMeasureRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("measure", request.Measure, RequestRules.MaxText, required: true)
            .Text("approver", request.Approver, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.RecordVerificationMeasureAsync(Caller.From(context), request.ClueId, request.Measure, request.Approver.Trim(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> ExtendVerification(Api.ExtendVerificationRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("reason", request.Reason, RequestRules.MaxText, required: true)
            .Text("approver", request.Approver, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.ExtendVerificationAsync(Caller.From(context), request.ClueId, request.Reason, request.Approver.Trim(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> ReportVerification(Api.ReportVerificationRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Defined("outcome", request.Outcome)
            .Text("report_reference", request.ReportReference, RequestRules.MaxShortText, required: true)
            .Text("approver", request.Approver, RequestRules.MaxShortText, required: true);
        RequestRules.Names(v, "signed_by", request.SignedBy, 1);
        v.ThrowIfInvalid();
        var command = new Domain.ReportVerification(request.ClueId, (VerificationOutcome)request.Outcome, request.ReportReference.Trim(), request.SignedBy.ToList(), request.Approver.Trim(), request.ExpectedVersion);
        return Map(await workflow.ReportVerificationAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Clue> RecordOutcome(Api.RecordOutcomeRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Defined("kind", request.Kind).Text("case_category", request.CaseCategory, RequestRules.MaxShortText);
        if (request.SubjectIndex < 0)
        {
            v.Add("subject_index", "must not be negative");
        }

        if (request.Kind == Api.OutcomeKind.PartyProbation && request.TermMonths is not (12 or 24))
        {
            v.Add("term_months", "is required for party_probation (留党察看): 12 or 24 months");
        }
        else if (request.Kind != Api.OutcomeKind.PartyProbation && request.TermMonths != 0)
        {
            v.Add("term_months", "is only for party_probation (留党察看)");
        }

        var today = deadlines.Today();
        var decided = ClueRules.Date(v, "decided_on", request.DecidedOn);
        var approved = ClueRules.Date(v, "approved_on", request.ApprovedOn);
        if (decided > today)
        {
            v.Add("decided_on", "is in the future");
        }

        if (approved > today)
        {
            v.Add("approved_on", "is in the future");
        }
        else if (approved < decided)
        {
            v.Add("approved_on", "is before decided_on");
        }

        v.ThrowIfInvalid();
        var command = new Domain.RecordOutcome(
            request.ClueId,
            request.SubjectIndex,
            (OutcomeKind)request.Kind,
            request.DecidedOn,
            request.ApprovedOn,
            request.CaseCategory.Length == 0 ? null : request.CaseCategory.Trim(),
            request.ExpectedVersion,
            request.TermMonths == 0 ? null : request.TermMonths);
        return Map(await workflow.RecordOutcomeAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Clue> ConcludeCase(Api.ConcludeCaseRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("summary", request.Summary, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.ConcludeCaseAsync(Caller.From(context), request.ClueId, request.Summary, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> ReviewHold(Api.ReviewHoldRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("note", request.Note, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return Map(await workflow.ReviewHoldAsync(Caller.From(context), request.ClueId, request.Reopen, request.Note, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Clue> RecordFalseAccusation(Api.RecordFalseAccusationRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("findings", request.Findings, RequestRules.MaxSummary, required: true)
            .Text("approving_organ_id", request.ApprovingOrganId, RequestValidator.MaxIdLength, required: true)
            .Text("approver", request.Approver, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        var command = new Domain.RecordFalseAccusation(request.ClueId, request.Findings, request.ApprovingOrganId.Trim(), request.Approver.Trim(), request.ExpectedVersion);
        return Map(await workflow.RecordFalseAccusationAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.ClueStatistics> GetClueStatistics(Api.GetClueStatisticsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Timestamp("from", request.From, required: true).Timestamp("to", request.To, required: true);
        if (v.Violations.Count == 0 && request.To.ToDateTimeOffset() <= request.From.ToDateTimeOffset())
        {
            v.Add("to", "must be after from");
        }

        v.ThrowIfInvalid();
        var stats = await queries.StatisticsAsync(request.From!.ToDateTimeOffset(), request.To!.ToDateTimeOffset(), context.CancellationToken);
        var response = new Api.ClueStatistics
        {
            Registered = stats.Registered,
            Form1 = stats.ByForm[1],
            Form2 = stats.ByForm[2],
            Form3 = stats.ByForm[3],
            Form4 = stats.ByForm[4],
            Form2And3 = stats.Form2And3,
            Concluded = stats.Concluded,
        };
        response.BySource.AddRange(stats.BySource.Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        response.ByDisposal.AddRange(stats.ByDisposal.Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        response.ByOutcome.AddRange(stats.ByOutcome.OrderBy(kv => kv.Key).Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        response.ByCaseCategory.AddRange(stats.ByCaseCategory.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Named(kv.Key, kv.Value)));
        return response;
    }

    public override async Task<Api.Clue> ProposeAccountability(Api.ProposeAccountabilityRequest request, ServerCallContext context)
    {
        var v = Start("clue_id", request.ClueId, request.ExpectedVersion);
        v.Text("facts", request.Facts, RequestRules.MaxSummary, required: true)
            .Text("duty_breached", request.DutyBreached, RequestRules.MaxText, required: true)
            .Count("subject_indexes", request.SubjectIndexes, 0, RequestRules.MaxSubjects)
            .Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength);
        if (request.ProposedForm.Length > 0 && !AccountabilityFormKinds.IsKnown(request.ProposedForm))
        {
            v.Add("proposed_form", "is not an accountability form kind (问责条例 Art.8), e.g. admonishment, circulated_criticism, org_removal");
        }

        for (var i = 0; i < request.SubjectIndexes.Count; i++)
        {
            if (request.SubjectIndexes[i] < 0)
            {
                v.Add($"subject_indexes[{i}]", "must not be negative");
            }
            else if (request.SubjectIndexes.Take(i).Contains(request.SubjectIndexes[i]))
            {
                v.Add($"subject_indexes[{i}]", "is listed twice");
            }
        }

        v.ThrowIfInvalid();
        var command = new Domain.ProposeAccountability(
            request.ClueId,
            request.SubjectIndexes.ToList(),
            request.Facts,
            request.DutyBreached,
            request.ProposedForm.Length == 0 ? null : request.ProposedForm,
            request.ExpectedVersion,
            request.IdempotencyKey.Length == 0 ? null : request.IdempotencyKey,
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())));
        return Map(await workflow.ProposeAccountabilityAsync(Caller.From(context), command, context.CancellationToken));
    }

    /// <summary>A valid timestamp later than now, allowing 5 minutes of clock skew between caller and server.</summary>
    private void NotInFuture(RequestValidator v, string field, Google.Protobuf.WellKnownTypes.Timestamp? value)
    {
        if (value is not null && v.Violations.All(x => x.Field != field) && value.ToDateTimeOffset() > clock.GetUtcNow().AddMinutes(5))
        {
            v.Add(field, "is in the future");
        }
    }

    private static Api.NamedCount Named(string name, long count) => new() { Name = name, Count = count };

    private static RequestValidator Start(string idField, string id, long expectedVersion) =>
        new RequestValidator().Id(idField, id).ExpectedVersion(expectedVersion);

    private Api.Clue Map(Clue clue) => ClueMapper.ToApi(clue, deadlines, clock.GetUtcNow());
}
