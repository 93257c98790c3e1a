using System.Security.Cryptography;
using Accountability.Petitions.Domain;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Google.Protobuf;
using Grpc.Core;
using Api = Accountability.Protos.Petitions.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.Petitions.Grpc;

/// <summary>The case-handling API: map the request, call the workflow, map the reply.</summary>
public sealed class PetitionsGrpcService(PetitionWorkflow workflow, PetitionQueries queries, DeadlineClock deadlines, TimeProvider clock) : Api.Petitions.PetitionsBase
{
    public override async Task<Api.SubmitPetitionResponse> SubmitPetition(Api.SubmitPetitionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        RequestRules.Submit(v, request);
        var now = clock.GetUtcNow();
        if (request.ReceivedAt is { } received && v.Violations.All(x => x.Field != "received_at") && received.ToDateTimeOffset() > now.AddMinutes(5))
        {
            v.Add("received_at", "is in the future");
        }

        v.ThrowIfInvalid();
        var reporter = request.Reporter is { } r ? new ReporterIdentityData(r.Name.Trim(), r.Unit.Trim(), r.Phone.Trim(), r.Address.Trim(), r.IdNumber.Trim()) : null;
        var command = new SubmitPetition(
            request.IdempotencyKey,
            (Domain.Channel)request.Channel,
            (Domain.PetitionKind)request.Kind,
            reporter,
            request.Accused.Select(a => new AccusedPerson
            {
                Name = a.Name.Trim(),
                Unit = a.Unit.Trim(),
                Post = a.Post.Trim(),
                Level = (Level)a.Level,
                CadreId = a.CadreId.Length == 0 ? null : a.CadreId,
                IsOrganPrincipal = a.IsOrganPrincipal,
            }).ToList(),
            request.Facts,
            request.Disciplines.Select(d => (Discipline)d).ToList(),
            request.Attachments.Select(PetitionMapper.FromApi).ToList(),
            request.ReceivedAt?.ToDateTimeOffset(),
            request.SourceOrganId.Length == 0 ? null : request.SourceOrganId,
            Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray())));
        var result = await workflow.SubmitAsync(Caller.From(context), command, context.CancellationToken);
        return new Api.SubmitPetitionResponse
        {
            PetitionId = result.Petition.Id,
            RegisterNumber = result.Petition.RegisterNumber,
            ReceiptCode = result.ReceiptCode,
            Status = (Api.PetitionStatus)result.Petition.Status,
            RepeatOfPetitionId = result.Petition.RepeatOf ?? "",
            Replayed = result.Replayed,
        };
    }

    public override async Task<Api.Petition> GetPetition(Api.GetPetitionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.ThrowIfInvalid();
        return Map(await workflow.GetAsync(request.PetitionId, context.CancellationToken));
    }

    public override async Task<Api.ListPetitionsResponse> ListPetitions(Api.ListPetitionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        for (var i = 0; i < request.Statuses.Count; i++)
        {
            v.Defined($"statuses[{i}]", request.Statuses[i]);
        }

        v.Timestamp("received_from", request.ReceivedFrom)
            .Timestamp("received_to", request.ReceivedTo)
            .Defined("accused_level", request.AccusedLevel, allowUnspecified: true)
            .Defined("channel", request.Channel, allowUnspecified: true)
            .Defined("discipline", request.Discipline, allowUnspecified: true);
        if (request.DueWithinWorkingDays is < 0 or > 366)
        {
            v.Add("due_within_working_days", "must be between 0 and 366");
        }

        var after = v.Paging(request.PageSize, request.PageToken);

        v.ThrowIfInvalid();
        var filter = new PetitionListFilter(
            request.Statuses.Select(s => (PetitionStatus)s).ToList(),
            (Level)request.AccusedLevel,
            (Domain.Channel)request.Channel,
            (Discipline)request.Discipline,
            request.ReceivedFrom?.ToDateTimeOffset(),
            request.ReceivedTo?.ToDateTimeOffset(),
            request.OverdueOnly,
            request.DueWithinWorkingDays);
        var page = await queries.ListAsync(filter, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var now = clock.GetUtcNow();
        var response = new Api.ListPetitionsResponse { NextPageToken = page.Next is null ? "" : PageTokens.Encode(page.Next) };
        response.Petitions.AddRange(page.Items.Select(p => PetitionMapper.ToSummary(p, deadlines, now)));
        return response;
    }

    public override async Task<Api.Petition> VerifyReporter(Api.VerifyReporterRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("method", request.Method, RequestRules.MaxShortText, required: true);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.VerifyReporterAsync(Caller.From(context), request.PetitionId, request.Verified, request.Method, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> ScreenPetition(Api.ScreenPetitionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Defined("outcome", request.Outcome)
            .Text("reason", request.Reason, RequestRules.MaxReason, required: true)
            .Text("target_organ_id", request.TargetOrganId, RequestRules.MaxIdLength)
            .Text("repeat_of_petition_id", request.RepeatOfPetitionId, RequestRules.MaxIdLength);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        var command = new Domain.ScreenPetition(
            request.PetitionId,
            (Domain.ScreeningOutcome)request.Outcome,
            request.Reason,
            request.TargetOrganId.Length == 0 ? null : request.TargetOrganId,
            request.RepeatOfPetitionId.Length == 0 ? null : request.RepeatOfPetitionId,
            request.ExpectedVersion);
        return Map(await workflow.ScreenAsync(Caller.From(context), command, context.CancellationToken));
    }

    public override async Task<Api.Petition> OverrideRepeat(Api.OverrideRepeatRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("repeat_of_petition_id", request.RepeatOfPetitionId, RequestRules.MaxIdLength)
            .Text("reason", request.Reason, RequestRules.MaxReason, required: true);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.OverrideRepeatAsync(Caller.From(context), request.PetitionId, request.RepeatOfPetitionId, request.Reason, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> RecordAcceptanceNotice(Api.RecordAcceptanceNoticeRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("method", request.Method, RequestRules.MaxShortText, required: true);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.RecordAcceptanceNoticeAsync(Caller.From(context), request.PetitionId, request.Method, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> TriagePetition(Api.TriagePetitionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Count("proposals", request.Proposals, 1, 20);
        for (var i = 0; i < request.Proposals.Count; i++)
        {
            var p = request.Proposals[i];
            v.Text($"proposals[{i}].summary", p.Summary, RequestRules.MaxReason, required: true);
            for (var j = 0; j < p.Disciplines.Count; j++)
            {
                v.Defined($"proposals[{i}].disciplines[{j}]", p.Disciplines[j]);
            }
        }

        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        var proposals = request.Proposals
            .Select(p => new ClueProposalInput(p.Summary, p.AccusedIndexes.ToList(), p.Disciplines.Select(d => (Discipline)d).ToList()))
            .ToList();
        return Map(await workflow.TriageAsync(Caller.From(context), request.PetitionId, proposals, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> RecordFeedback(Api.RecordFeedbackRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("method", request.Method, RequestRules.MaxShortText, required: true)
            .Text("summary", request.Summary, RequestRules.MaxReason, required: true);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.RecordFeedbackAsync(Caller.From(context), request.PetitionId, request.Method, request.Summary, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> RecordObjection(Api.RecordObjectionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("text", request.Text, RequestRules.MaxReason, required: true);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.RecordObjectionAsync(Caller.From(context), request.PetitionId, request.Text, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> ReopenPetition(Api.ReopenPetitionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("reason", request.Reason, RequestRules.MaxReason, required: true);
        // Reopening needs new evidence (shared/domain.md §2.6).
        v.Count("new_evidence", request.NewEvidence, 1, RequestRules.MaxAttachments);
        RequestRules.Attachments(v, "new_evidence", request.NewEvidence);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.ReopenAsync(Caller.From(context), request.PetitionId, request.Reason, request.NewEvidence.Select(PetitionMapper.FromApi).ToList(), request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.Petition> ArchivePetition(Api.ArchivePetitionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.ExpectedVersion(request.ExpectedVersion);
        v.ThrowIfInvalid();
        return Map(await workflow.ArchiveAsync(Caller.From(context), request.PetitionId, request.ExpectedVersion, context.CancellationToken));
    }

    public override async Task<Api.PetitionStatistics> GetStatistics(Api.GetStatisticsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Timestamp("from", request.From, required: true).Timestamp("to", request.To, required: true);
        if (v.Violations.Count == 0 && request.To.ToDateTimeOffset() <= request.From.ToDateTimeOffset())
        {
            v.Add("to", "must be after from");
        }

        v.ThrowIfInvalid();
        var stats = await queries.StatisticsAsync(request.From!.ToDateTimeOffset(), request.To!.ToDateTimeOffset(), context.CancellationToken);
        var response = new Api.PetitionStatistics
        {
            Received = stats.Received,
            Accepted = stats.Accepted,
            Repeats = stats.Repeats,
            Routed = stats.Routed,
            CluesProposed = stats.CluesProposed,
        };
        response.ByAccusedLevel.AddRange(stats.ByLevel.Select(kv => new Api.LevelCount { Level = (Common.Level)kv.Key, Count = kv.Value, SharePercent = Share(kv.Value, stats.Received) }));
        response.CountyAndTownship = stats.ByLevel[Level.County] + stats.ByLevel[Level.Township];
        response.CountyAndTownshipSharePercent = Share(response.CountyAndTownship, stats.Received);
        return response;
    }

    public override async Task<Api.ReporterIdentity> RevealReporterIdentity(Api.RevealReporterIdentityRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("petition_id", request.PetitionId);
        v.Text("reason", request.Reason, RequestRules.MaxReason, required: true);
        if (request.Reason.Trim().Length is > 0 and < 5)
        {
            v.Add("reason", "must state why the identity is needed (at least 5 characters)");
        }

        v.ThrowIfInvalid();
        var identity = await workflow.RevealAsync(Caller.From(context), request.PetitionId, request.Reason, context.CancellationToken);
        return new Api.ReporterIdentity { Name = identity.Name, Unit = identity.Unit, Phone = identity.Phone, Address = identity.Address, IdNumber = identity.IdNumber };
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : Math.Round(part * 100.0 / whole, 1);

    private Api.Petition Map(Petition petition) => PetitionMapper.ToApi(petition, deadlines, clock.GetUtcNow());
}
