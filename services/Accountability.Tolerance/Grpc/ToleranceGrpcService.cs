using System.Security.Cryptography;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Tolerance.Domain;
using Google.Protobuf;
using Grpc.Core;
using Api = Accountability.Protos.Tolerance.V1;

namespace Accountability.Tolerance.Grpc;

/// <summary>The accountability and tolerance API: validate every field, map the request, call the domain, map the reply.</summary>
public sealed class ToleranceGrpcService(
    MatterWorkflow matters,
    ApplicationWorkflow applications,
    CorrectionWorkflow corrections,
    ToleranceQueries queries,
    RuleBook rules,
    ToleranceOptions options,
    DeadlineClock deadlines,
    TimeProvider clock) : Api.Tolerance.ToleranceBase
{
    private static readonly AssessmentFactor[] AllFactors = Enum.GetValues<AssessmentFactor>().Where(f => f != AssessmentFactor.Unspecified).ToArray();

    public override async Task<Api.Matter> OpenMatter(Api.OpenMatterRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true)
            .Defined("source", request.Source)
            .Text("source_reference", request.SourceReference, RequestRules.MaxShortText)
            .Text("facts", request.Facts, RequestRules.MaxLongText, required: true)
            .Text("duty_breached", request.DutyBreached, RequestRules.MaxText, required: true)
            .Count("targets", request.Targets, 1, RequestRules.MaxTargets)
            .Text("department", request.Department, RequestValidator.MaxIdLength);
        if (request.Source == Api.MatterSource.Clue)
        {
            v.Add("source", "matters from clues arrive from the Clues service as proposals, not by this call");
        }

        if (request.ProposedForm.Length > 0 && !FormTable.IsKnown(request.ProposedForm))
        {
            v.Add("proposed_form", "is not a form kind (e.g. admonishment, circulated_criticism, org_removal)");
        }

        var cadreIds = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Targets.Count; i++)
        {
            var target = request.Targets[i];
            var field = $"targets[{i}]";
            v.Defined(field + ".kind", target.Kind);
            if (target.Kind == Api.TargetKind.Cadre)
            {
                RequestRules.Cadre(v, field + ".cadre", target.Cadre);
                if (target.OrganisationName.Length > 0)
                {
                    v.Add(field + ".organisation_name", "must be empty for a cadre target");
                }

                if (target.Cadre is { CadreId.Length: > 0 } cadre && !cadreIds.Add(cadre.CadreId.Trim()))
                {
                    v.Add(field + ".cadre.cadre_id", "is listed twice");
                }
            }
            else if (target.Kind == Api.TargetKind.Organisation)
            {
                v.Text(field + ".organisation_name", target.OrganisationName, RequestRules.MaxShortText, required: true);
                if (target.Cadre is not null)
                {
                    v.Add(field + ".cadre", "must be empty for a Party organisation target");
                }
            }
        }

        var caller = Caller.From(context);
        var department = request.Department.Trim();
        if (caller.Role == Roles.Handler)
        {
            // A handler works only their own department's matters, so opens only those.
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
        var command = new Domain.OpenMatter(
            request.IdempotencyKey,
            (MatterSource)request.Source,
            request.SourceReference.Trim(),
            request.Facts,
            request.DutyBreached,
            request.ProposedForm.Length == 0 ? null : request.ProposedForm,
            request.Targets.Select(t => new TargetSpec(
                (TargetKind)t.Kind,
                t.Kind == Api.TargetKind.Cadre ? ToleranceMapper.FromApi(t.Cadre) : null,
                t.Kind == Api.TargetKind.Organisation ? t.OrganisationName.Trim() : null)).ToList(),
            department.Length == 0 ? null : department,
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())));
        var result = await matters.OpenAsync(caller, command, context.CancellationToken);
        return ToleranceMapper.ToApi(result.Matter);
    }

    public override async Task<Api.Matter> GetMatter(Api.GetMatterRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("matter_id", request.MatterId).ThrowIfInvalid();
        return ToleranceMapper.ToApi(await matters.GetAsync(Caller.From(context), request.MatterId, context.CancellationToken));
    }

    public override async Task<Api.ListMattersResponse> ListMatters(Api.ListMattersRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Defined("status", request.Status, allowUnspecified: true)
            .Defined("source", request.Source, allowUnspecified: true)
            .Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength);
        var after = v.Paging(request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var filter = new MatterListFilter((MatterStatus)request.Status, (MatterSource)request.Source, NullIfEmpty(request.CadreId));
        var page = await queries.ListMattersAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListMattersResponse { NextPageToken = Token(page.Next) };
        response.Matters.AddRange(page.Items.Select(ToleranceMapper.ToSummary));
        return response;
    }

    public override async Task<Api.Matter> CloseMatter(Api.CloseMatterRequest request, ServerCallContext context)
    {
        var v = Start("matter_id", request.MatterId, request.ExpectedVersion);
        v.Text("note", request.Note, RequestRules.MaxText);
        v.ThrowIfInvalid();
        return ToleranceMapper.ToApi(await matters.CloseAsync(Caller.From(context), request.MatterId, request.Note, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Application> FileApplication(Api.FileApplicationRequest request, ServerCallContext context)
    {
        var v = Start("matter_id", request.MatterId, request.ExpectedVersion);
        v.Id("target_id", request.TargetId)
            .Defined("applicant_kind", request.ApplicantKind)
            .Text("applicant_name", request.ApplicantName, RequestRules.MaxShortText, required: true);
        RequestRules.Date(v, "written_on", request.WrittenOn, required: true, notAfter: deadlines.Today());
        v.Text("reference", request.Reference, RequestRules.MaxShortText, required: true)
            .Text("statement", request.Statement, RequestRules.MaxLongText)
            .Count("grounds", request.Grounds, 0, 6)
            .Count("mitigations", request.Mitigations, 0, 3);
        RequestRules.Defined(v, "grounds", request.Grounds);
        RequestRules.Defined(v, "mitigations", request.Mitigations);
        if (request.Grounds.Count == 0 && request.Mitigations.Count == 0)
        {
            v.Add("grounds", "needs at least one ground (问责条例 Art.17) or mitigation (Art.18)");
        }

        v.ThrowIfInvalid();
        var command = new Domain.FileApplication(
            request.MatterId,
            request.TargetId.Trim(),
            (ApplicantKind)request.ApplicantKind,
            request.ApplicantName.Trim(),
            request.WrittenOn,
            request.Reference.Trim(),
            request.Statement,
            request.Grounds.Select(g => (ToleranceGround)g).ToList(),
            request.Mitigations.Select(m => (Mitigation)m).ToList(),
            request.ExpectedVersion);
        return await MapAsync(await applications.FileAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> AcceptApplication(Api.AcceptApplicationRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Text("note", request.Note, RequestRules.MaxText);
        v.ThrowIfInvalid();
        return await MapAsync(await applications.AcceptAsync(Caller.From(context), request.ApplicationId, request.Note, request.ExpectedVersion, context.CancellationToken), context);
    }

    public override async Task<Api.Application> RejectApplication(Api.RejectApplicationRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Text("reason", request.Reason, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return await MapAsync(await applications.RejectAsync(Caller.From(context), request.ApplicationId, request.Reason, request.ExpectedVersion, context.CancellationToken), context);
    }

    public override async Task<Api.Application> VerifyApplication(Api.VerifyApplicationRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        if (request.Facts is null)
        {
            v.Add("facts", "is required");
        }
        else if (request.Facts.LossesRecoveredPercent is < 0 or > 100)
        {
            v.Add("facts.losses_recovered_percent", "must be between 0 and 100");
        }

        v.Count("factors", request.Factors, 1, AllFactors.Length);
        var seen = new HashSet<Api.AssessmentFactor>();
        for (var i = 0; i < request.Factors.Count; i++)
        {
            var factor = request.Factors[i];
            v.Defined($"factors[{i}].kind", factor.Kind)
                .Text($"factors[{i}].finding", factor.Finding, RequestRules.MaxLongText, required: true)
                .Count($"factors[{i}].evidence", factor.Evidence, 1, RequestRules.MaxEvidence);
            for (var j = 0; j < factor.Evidence.Count; j++)
            {
                RequestRules.Attachment(v, $"factors[{i}].evidence[{j}]", factor.Evidence[j]);
            }

            if (factor.Kind != Api.AssessmentFactor.Unspecified && !seen.Add(factor.Kind))
            {
                v.Add($"factors[{i}].kind", "is listed twice");
            }
        }

        var missing = AllFactors.Where(f => !seen.Contains((Api.AssessmentFactor)f)).ToList();
        if (request.Factors.Count > 0 && missing.Count > 0)
        {
            v.Add("factors", "misses " + string.Join(", ", missing.Select(f => Names.Snake(f))) + ": every factor of §6.3 is assessed with its evidence");
        }

        v.Count("established_grounds", request.EstablishedGrounds, 0, 6)
            .Count("established_mitigations", request.EstablishedMitigations, 0, 3)
            .Text("summary", request.Summary, RequestRules.MaxLongText);
        RequestRules.Defined(v, "established_grounds", request.EstablishedGrounds);
        RequestRules.Defined(v, "established_mitigations", request.EstablishedMitigations);
        v.ThrowIfInvalid();
        var command = new Domain.VerifyApplication(
            request.ApplicationId,
            request.ExpectedVersion,
            ToleranceMapper.FromApi(request.Facts!),
            request.Factors.Select(f => new Factor { Kind = (AssessmentFactor)f.Kind, Finding = f.Finding, Evidence = f.Evidence.Select(ToleranceMapper.FromApi).ToList() }).ToList(),
            request.EstablishedGrounds.Select(g => (ToleranceGround)g).ToList(),
            request.EstablishedMitigations.Select(m => (Mitigation)m).ToList(),
            request.Summary);
        return await MapAsync(await applications.VerifyAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> ConveneCommittee(Api.ConveneCommitteeRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Text("name", request.Name, RequestRules.MaxShortText, required: true);
        RequestRules.Date(v, "meeting_date", request.MeetingDate, required: true, notAfter: deadlines.Today());
        v.Count("members", request.Members, options.CommitteeMinimumMembers, RequestRules.MaxMembers);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < request.Members.Count; i++)
        {
            var member = request.Members[i];
            v.Id($"members[{i}].member_id", member.MemberId)
                .Text($"members[{i}].name", member.Name, RequestRules.MaxShortText, required: true)
                .Text($"members[{i}].unit", member.Unit, RequestRules.MaxShortText)
                .Count($"members[{i}].related_cadre_ids", member.RelatedCadreIds, 0, RequestRules.MaxMembers);
            for (var j = 0; j < member.RelatedCadreIds.Count; j++)
            {
                v.Id($"members[{i}].related_cadre_ids[{j}]", member.RelatedCadreIds[j]);
            }

            v.Count($"members[{i}].related_persons", member.RelatedPersons, 0, RequestRules.MaxMembers);
            for (var j = 0; j < member.RelatedPersons.Count; j++)
            {
                v.Text($"members[{i}].related_persons[{j}].name", member.RelatedPersons[j].Name, RequestRules.MaxShortText, required: true)
                    .Text($"members[{i}].related_persons[{j}].unit", member.RelatedPersons[j].Unit, RequestRules.MaxShortText);
            }

            if (member.MemberId.Length > 0 && !ids.Add(member.MemberId.Trim()))
            {
                v.Add($"members[{i}].member_id", "is listed twice");
            }
        }

        v.ThrowIfInvalid();
        var command = new Domain.ConveneCommittee(
            request.ApplicationId,
            request.ExpectedVersion,
            request.Name.Trim(),
            request.MeetingDate,
            request.Members.Select(m => new MemberSpec(
                m.MemberId.Trim(),
                m.Name.Trim(),
                m.Unit.Trim(),
                m.RelatedCadreIds.Select(r => r.Trim()).ToList(),
                m.RelatedPersons.Select(p => new RelatedPersonSpec(p.Name.Trim(), p.Unit.Trim())).ToList())).ToList());
        return await MapAsync(await applications.ConveneAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> RecordVote(Api.RecordVoteRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Id("member_id", request.MemberId)
            .Defined("outcome", request.Outcome)
            .Text("opinion", request.Opinion, RequestRules.MaxText);
        v.ThrowIfInvalid();
        var command = new Domain.RecordVote(request.ApplicationId, request.ExpectedVersion, request.MemberId.Trim(), (ToleranceOutcome)request.Outcome, request.Opinion.Trim());
        return await MapAsync(await applications.VoteAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> DecideApplication(Api.DecideApplicationRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Defined("outcome", request.Outcome).Text("reason", request.Reason, RequestRules.MaxText);
        v.ThrowIfInvalid();
        var command = new Domain.DecideApplication(request.ApplicationId, request.ExpectedVersion, (ToleranceOutcome)request.Outcome, request.Reason.Trim());
        return await MapAsync(await applications.DecideAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> StartVotingRound(Api.StartVotingRoundRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Text("reason", request.Reason, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return await MapAsync(await applications.StartVotingRoundAsync(Caller.From(context), request.ApplicationId, request.Reason.Trim(), request.ExpectedVersion, context.CancellationToken), context);
    }

    public override async Task<Api.Application> WithdrawApplication(Api.WithdrawApplicationRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Text("reason", request.Reason, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        return await MapAsync(await applications.WithdrawAsync(Caller.From(context), request.ApplicationId, request.Reason.Trim(), request.ExpectedVersion, context.CancellationToken), context);
    }

    public override async Task<Api.Application> RecordFeedback(Api.RecordFeedbackRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        RequestRules.Date(v, "delivered_on", request.DeliveredOn, required: true, notAfter: deadlines.Today());
        v.Text("reference", request.Reference, RequestRules.MaxShortText, required: true)
            .Text("method", request.Method, RequestRules.MaxShortText);
        v.ThrowIfInvalid();
        var command = new Domain.RecordFeedback(request.ApplicationId, request.ExpectedVersion, request.DeliveredOn, request.Reference.Trim(), request.Method.Trim());
        return await MapAsync(await applications.RecordFeedbackAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> FileToleranceDecision(Api.FileToleranceDecisionRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Defined("filed_with", request.FiledWith);
        RequestRules.Date(v, "filed_on", request.FiledOn, required: false, notAfter: deadlines.Today());
        v.ThrowIfInvalid();
        var command = new FileDecision(request.ApplicationId, request.ExpectedVersion, (FilingRecipient)request.FiledWith, NullIfEmpty(request.FiledOn));
        return await MapAsync(await applications.FileDecisionAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> PublishToleranceDecision(Api.PublishToleranceDecisionRequest request, ServerCallContext context)
    {
        var v = Start("application_id", request.ApplicationId, request.ExpectedVersion);
        v.Text("scope", request.Scope, RequestRules.MaxShortText, required: true)
            .Text("notice", request.Notice, RequestRules.MaxLongText, required: true);
        v.ThrowIfInvalid();
        var command = new PublishDecision(request.ApplicationId, request.ExpectedVersion, request.Scope.Trim(), request.Notice);
        return await MapAsync(await applications.PublishAsync(Caller.From(context), command, context.CancellationToken), context);
    }

    public override async Task<Api.Application> GetApplication(Api.GetApplicationRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("application_id", request.ApplicationId).ThrowIfInvalid();
        return await MapAsync(await applications.GetAsync(Caller.From(context), request.ApplicationId, context.CancellationToken), context);
    }

    public override async Task<Api.ListApplicationsResponse> ListApplications(Api.ListApplicationsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Defined("status", request.Status, allowUnspecified: true).Text("matter_id", request.MatterId, RequestValidator.MaxIdLength);
        DueWithin(v, request.DueWithinWorkingDays);
        var after = v.Paging(request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var filter = new ApplicationListFilter((ApplicationStatus)request.Status, NullIfEmpty(request.MatterId), request.OverdueOnly, request.DueWithinWorkingDays);
        var page = await queries.ListApplicationsAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListApplicationsResponse { NextPageToken = Token(page.Next) };
        response.Applications.AddRange(page.Items.Select(a => ToleranceMapper.ToSummary(a, deadlines)));
        return response;
    }

    public override async Task<Api.Explanation> ExplainDecision(Api.ExplainDecisionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("application_id", request.ApplicationId, RequestValidator.MaxIdLength).Text("decision_id", request.DecisionId, RequestValidator.MaxIdLength);
        if (request.ApplicationId.Length == 0 && request.DecisionId.Length == 0)
        {
            v.Add("application_id", "or decision_id is required");
        }
        else if (request.ApplicationId.Length > 0 && request.DecisionId.Length > 0)
        {
            v.Add("decision_id", "must be empty when application_id is given");
        }

        v.ThrowIfInvalid();
        var explanation = await queries.ExplainAsync(Caller.From(context), NullIfEmpty(request.ApplicationId), NullIfEmpty(request.DecisionId), context.CancellationToken);
        var message = new Api.Explanation
        {
            ApplicationId = explanation.Application?.Id ?? "",
            DecisionId = explanation.Decision?.Id ?? "",
            Evaluation = explanation.Evaluation is { } evaluation ? ToleranceMapper.ToApi(evaluation) : null,
            Reproduced = explanation.Reproduced,
            ToleranceDecision = explanation.Application?.Decision is { } decision ? ToleranceMapper.ToApi(decision) : null,
            AccountabilityDecision = explanation.Decision is { } accountability ? ToleranceMapper.ToApi(accountability, deadlines, clock.GetUtcNow()) : null,
        };
        if (explanation.Application is { } application)
        {
            message.Votes.AddRange(ToleranceMapper.Votes(application));
            message.Recused.AddRange((application.Committee?.Members ?? []).Where(m => m.Recusal is not null).Select(ToleranceMapper.ToApi));
        }

        return message;
    }

    public override async Task<Api.AccountabilityDecision> DecideAccountability(Api.DecideAccountabilityRequest request, ServerCallContext context)
    {
        var v = Start("matter_id", request.MatterId, request.ExpectedVersion);
        v.Id("target_id", request.TargetId).Text("basis", request.Basis, RequestRules.MaxLongText, required: true);
        RequestRules.Forms(v, "forms", request.Forms);
        RequestRules.Date(v, "decided_on", request.DecidedOn, required: false);
        RequestRules.Date(v, "approved_on", request.ApprovedOn, required: false);
        v.Defined("direct_outcome", request.DirectOutcome, allowUnspecified: true);
        v.ThrowIfInvalid();
        var command = new Domain.DecideAccountability(
            request.MatterId,
            request.TargetId.Trim(),
            request.ExpectedVersion,
            request.Forms.ToList(),
            request.Basis,
            NullIfEmpty(request.DecidedOn),
            NullIfEmpty(request.ApprovedOn),
            (ToleranceOutcome)request.DirectOutcome);
        return Map(await matters.DecideAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.AccountabilityDecision> GetAccountabilityDecision(Api.GetAccountabilityDecisionRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("decision_id", request.DecisionId).ThrowIfInvalid();
        return Map(await matters.GetDecisionAsync(Caller.From(context), request.DecisionId, context.CancellationToken));
    }

    public override async Task<Api.ListAccountabilityDecisionsResponse> ListAccountabilityDecisions(Api.ListAccountabilityDecisionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("matter_id", request.MatterId, RequestValidator.MaxIdLength)
            .Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength)
            .Defined("status", request.Status, allowUnspecified: true);
        DueWithin(v, request.DueWithinWorkingDays);
        var after = v.Paging(request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var filter = new DecisionListFilter(NullIfEmpty(request.MatterId), NullIfEmpty(request.CadreId), (DecisionStatus)request.Status, request.OverdueOnly, request.DueWithinWorkingDays);
        var page = await queries.ListDecisionsAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListAccountabilityDecisionsResponse { NextPageToken = Token(page.Next) };
        response.Decisions.AddRange(page.Items.Select(Map));
        return response;
    }

    public override async Task<Api.AccountabilityDecision> RecordHandlingCompleted(Api.RecordHandlingCompletedRequest request, ServerCallContext context)
    {
        var v = Start("decision_id", request.DecisionId, request.ExpectedVersion);
        RequestRules.Date(v, "completed_on", request.CompletedOn, required: false, notAfter: deadlines.Today());
        v.Text("note", request.Note, RequestRules.MaxText);
        v.ThrowIfInvalid();
        return Map(await matters.RecordHandlingCompletedAsync(Caller.From(context), request.DecisionId, NullIfEmpty(request.CompletedOn), request.Note, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.AccountabilityDecision> FileAccountabilityDecision(Api.FileAccountabilityDecisionRequest request, ServerCallContext context)
    {
        var v = Start("decision_id", request.DecisionId, request.ExpectedVersion);
        v.Defined("filed_with", request.FiledWith);
        RequestRules.Date(v, "filed_on", request.FiledOn, required: false, notAfter: deadlines.Today());
        v.ThrowIfInvalid();
        var command = new FileDecision(request.DecisionId, request.ExpectedVersion, (FilingRecipient)request.FiledWith, NullIfEmpty(request.FiledOn));
        return Map(await matters.FileAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.AccountabilityDecision> FileAppeal(Api.FileAppealRequest request, ServerCallContext context)
    {
        var v = Start("decision_id", request.DecisionId, request.ExpectedVersion);
        v.Text("appellant", request.Appellant, RequestRules.MaxShortText, required: true);
        RequestRules.Date(v, "filed_on", request.FiledOn, required: false, notAfter: deadlines.Today());
        v.Text("grounds", request.Grounds, RequestRules.MaxLongText, required: true);
        RequestRules.Date(v, "notified_on", request.NotifiedOn, required: false, notAfter: deadlines.Today());
        v.ThrowIfInvalid();
        var command = new Domain.FileAppeal(request.DecisionId, request.ExpectedVersion, request.Appellant.Trim(), NullIfEmpty(request.FiledOn), request.Grounds, NullIfEmpty(request.NotifiedOn));
        return Map(await matters.FileAppealAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.AccountabilityDecision> DecideAppeal(Api.DecideAppealRequest request, ServerCallContext context)
    {
        var v = Start("decision_id", request.DecisionId, request.ExpectedVersion);
        v.Defined("result", request.Result).Text("reason", request.Reason, RequestRules.MaxText, required: true);
        RequestRules.Forms(v, "forms", request.Forms);
        RequestRules.Date(v, "decided_on", request.DecidedOn, required: false, notAfter: deadlines.Today());
        v.Defined("direct_outcome", request.DirectOutcome, allowUnspecified: true);
        v.ThrowIfInvalid();
        var command = new Domain.DecideAppeal(
            request.DecisionId, request.ExpectedVersion, (AppealResult)request.Result, request.Reason, request.Forms.ToList(), NullIfEmpty(request.DecidedOn), (ToleranceOutcome)request.DirectOutcome);
        return Map(await matters.DecideAppealAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.RectificationTask> AddRectificationTask(Api.AddRectificationTaskRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("matter_id", request.MatterId)
            .Text("description", request.Description, RequestRules.MaxText, required: true)
            .Text("owner", request.Owner, RequestRules.MaxShortText, required: true)
            .Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength);
        RequestRules.Date(v, "due_date", request.DueDate, required: false);
        if (request.DueInWorkingDays is < 0 or > 366)
        {
            v.Add("due_in_working_days", "must be between 0 and 366");
        }
        else if (request.DueDate.Length == 0 && request.DueInWorkingDays == 0)
        {
            v.Add("due_date", "or due_in_working_days is required");
        }
        else if (request.DueDate.Length > 0 && request.DueInWorkingDays > 0)
        {
            v.Add("due_in_working_days", "must be 0 when due_date is given");
        }

        v.ThrowIfInvalid();
        var command = new Domain.AddRectificationTask(
            request.MatterId,
            request.Description,
            request.Owner.Trim(),
            NullIfEmpty(request.DueDate),
            request.DueInWorkingDays,
            request.IdempotencyKey.Length == 0 ? null : request.IdempotencyKey,
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())));
        return Map(await corrections.AddTaskAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.RectificationTask> CompleteRectificationTask(Api.CompleteRectificationTaskRequest request, ServerCallContext context)
    {
        var v = Start("task_id", request.TaskId, request.ExpectedVersion);
        v.Text("note", request.Note, RequestRules.MaxText, required: true).Count("evidence", request.Evidence, 0, RequestRules.MaxEvidence);
        for (var i = 0; i < request.Evidence.Count; i++)
        {
            RequestRules.Attachment(v, $"evidence[{i}]", request.Evidence[i]);
        }

        v.ThrowIfInvalid();
        var command = new Domain.CompleteRectificationTask(request.TaskId, request.ExpectedVersion, request.Note, request.Evidence.Select(ToleranceMapper.FromApi).ToList());
        return Map(await corrections.CompleteTaskAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.ListRectificationTasksResponse> ListRectificationTasks(Api.ListRectificationTasksRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("matter_id", request.MatterId, RequestValidator.MaxIdLength).Defined("status", request.Status, allowUnspecified: true);
        DueWithin(v, request.DueWithinWorkingDays);
        var after = v.Paging(request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var filter = new TaskListFilter(NullIfEmpty(request.MatterId), (RectificationStatus)request.Status, request.OverdueOnly, request.DueWithinWorkingDays);
        var page = await queries.ListTasksAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListRectificationTasksResponse { NextPageToken = Token(page.Next) };
        response.Tasks.AddRange(page.Items.Select(Map));
        return response;
    }

    public override async Task<Api.ListContinuedUseReviewsResponse> ListContinuedUseReviews(Api.ListContinuedUseReviewsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Defined("status", request.Status, allowUnspecified: true).Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength);
        DueWithin(v, request.DueWithinWorkingDays);
        var after = v.Paging(request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var filter = new ReviewListFilter((ReviewStatus)request.Status, NullIfEmpty(request.CadreId), request.DueWithinWorkingDays);
        var page = await queries.ListReviewsAsync(Caller.From(context), filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListContinuedUseReviewsResponse { NextPageToken = Token(page.Next) };
        response.Reviews.AddRange(page.Items.Select(r => ToleranceMapper.ToApi(r, deadlines.Today())));
        return response;
    }

    public override async Task<Api.ContinuedUseReview> RecordContinuedUseReview(Api.RecordContinuedUseReviewRequest request, ServerCallContext context)
    {
        var v = Start("review_id", request.ReviewId, request.ExpectedVersion);
        v.Defined("performance", request.Performance).Text("opinion", request.Opinion, RequestRules.MaxText, required: true);
        v.ThrowIfInvalid();
        var command = new RecordReview(request.ReviewId, request.ExpectedVersion, (Performance)request.Performance, request.Opinion);
        return ToleranceMapper.ToApi(await corrections.RecordReviewAsync(Caller.From(context), command, context.CancellationToken), deadlines.Today());
    }

    public override async Task<Api.ContinuedUseReview> ApproveContinuedUse(Api.ApproveContinuedUseRequest request, ServerCallContext context)
    {
        var v = Start("review_id", request.ReviewId, request.ExpectedVersion);
        v.Text("approved_by", request.ApprovedBy, RequestRules.MaxShortText, required: true)
            .Text("approval_reference", request.ApprovalReference, RequestRules.MaxShortText, required: true);
        v.ThrowIfInvalid();
        var command = new Domain.ApproveContinuedUse(request.ReviewId, request.ExpectedVersion, request.ApprovedBy.Trim(), request.ApprovalReference.Trim());
        return ToleranceMapper.ToApi(await corrections.ApproveAsync(Caller.From(context), command, context.CancellationToken), deadlines.Today());
    }

    public override async Task<Api.RuleSet> PublishRuleSet(Api.PublishRuleSetRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("note", request.Note, RequestRules.MaxText);
        RuleSetContent? content = null;
        if (request.RuleSet is not { } ruleSet)
        {
            v.Add("rule_set", "is required");
        }
        else
        {
            v.Text("rule_set.title", ruleSet.Title, RequestRules.MaxShortText)
                .Text("rule_set.basis", ruleSet.Basis, RequestRules.MaxText)
                .Count("rule_set.rules", ruleSet.Rules, 0, RequestRules.MaxRules);
            for (var i = 0; i < ruleSet.Rules.Count; i++)
            {
                v.Text($"rule_set.rules[{i}].rule_id", ruleSet.Rules[i].RuleId, RequestValidator.MaxIdLength)
                    .Text($"rule_set.rules[{i}].message", ruleSet.Rules[i].Message, RequestRules.MaxText)
                    .Count($"rule_set.rules[{i}].when", ruleSet.Rules[i].When, 0, RequestRules.MaxConditions);
            }

            if (v.Violations.Count == 0)
            {
                content = ToleranceMapper.FromApi(ruleSet);
                foreach (var (field, problem) in content.Problems("rule_set."))
                {
                    v.Add(field, problem);
                }
            }
        }

        v.ThrowIfInvalid();
        var record = await rules.PublishAsync(Caller.From(context), content!, request.Note.Trim(), context.CancellationToken);
        return ToleranceMapper.ToApi(record, active: true);
    }

    public override async Task<Api.RuleSet> GetRuleSet(Api.GetRuleSetRequest request, ServerCallContext context)
    {
        new RequestValidator().Text("version", request.Version, 20).ThrowIfInvalid();
        var active = await rules.ActiveAsync(context.CancellationToken);
        var record = request.Version.Length == 0 ? active : await rules.GetAsync(request.Version, context.CancellationToken);
        return ToleranceMapper.ToApi(record, active: record.Id == active.Id);
    }

    public override async Task<Api.ToleranceStatistics> GetToleranceStatistics(Api.GetToleranceStatisticsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Timestamp("from", request.From, required: true).Timestamp("to", request.To, required: true);
        if (v.Violations.Count == 0 && request.To.ToDateTimeOffset() <= request.From.ToDateTimeOffset())
        {
            v.Add("to", "must be after from");
        }

        v.ThrowIfInvalid();
        var figures = await queries.StatisticsAsync(request.From!.ToDateTimeOffset(), request.To!.ToDateTimeOffset(), context.CancellationToken);
        var response = new Api.ToleranceStatistics
        {
            AccountabilityDecisions = figures.AccountabilityDecisions,
            Exempted = figures.Exempted,
            HeldAccountable = figures.HeldAccountable,
            NoLongerInForce = figures.NoLongerInForce,
        };
        response.MattersByStatus.AddRange(figures.MattersByStatus.Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        response.ApplicationsByStatus.AddRange(figures.ApplicationsByStatus.Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        response.ToleranceOutcomes.AddRange(figures.ToleranceOutcomes.Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        response.Forms.AddRange(figures.Forms.Select(kv => Named(kv.Key, kv.Value)));
        response.Appeals.AddRange(figures.Appeals.Select(kv => Named(Names.Snake(kv.Key), kv.Value)));
        return response;
    }

    private static void DueWithin(RequestValidator v, int workingDays)
    {
        if (workingDays is < 0 or > 366)
        {
            v.Add("due_within_working_days", "must be between 0 and 366");
        }
    }

    private static Api.NamedCount Named(string name, long count) => new() { Name = name, Count = count };

    private static RequestValidator Start(string idField, string id, long expectedVersion) => new RequestValidator().Id(idField, id).ExpectedVersion(expectedVersion);

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value.Trim();

    private static string Token(Cursor? next) => next is null ? "" : PageTokens.Encode(next);

    private async Task<Api.Application> MapAsync(ToleranceApplication application, ServerCallContext context) =>
        ToleranceMapper.ToApi(application, await queries.EvaluationAsync(application, context.CancellationToken), deadlines, clock.GetUtcNow());

    private Api.AccountabilityDecision Map(AccountabilityDecision decision) => ToleranceMapper.ToApi(decision, deadlines, clock.GetUtcNow());

    private Api.RectificationTask Map(RectificationTask task) => ToleranceMapper.ToApi(task, deadlines, clock.GetUtcNow());
}
