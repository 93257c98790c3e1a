using System.Security.Cryptography;
using Accountability.CaseFiles.Domain;
using Accountability.Platform.Deadlines;
using Accountability.Platform.Errors;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using MongoDB.Bson;
using Api = Accountability.Protos.CaseFiles.V1;
using Common = Accountability.Protos.Common.V1;

namespace Accountability.CaseFiles.Grpc;

/// <summary>The CaseFiles API: validate every field, map the request, call the domain, map the reply.</summary>
public sealed class CaseFilesGrpcService(
    [FromKeyedServices(CaseFilesModule.Name)] IDocumentStore store,
    DirectoryImport import,
    DossierQueries dossiers,
    DossierRebuilder rebuilder,
    OpinionWorkflow opinions,
    PersonalMattersWorkflow personalMatters,
    FiguresCalculator figures,
    CaseFilesOptions options,
    DeadlineClock deadlines) : Api.CaseFiles.CaseFilesBase
{
    // ---- Directory ----

    public override async Task<Api.ImportDirectoryResponse> ImportDirectory(Api.ImportDirectoryRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        if (request.Organs.Count + request.Cadres.Count == 0)
        {
            v.Add("cadres", "needs at least one entry (or organs)");
        }

        v.Count("organs", request.Organs, 0, RequestRules.MaxImportOrgans).Count("cadres", request.Cadres, 0, RequestRules.MaxImportCadres);
        RequestRules.DistinctIds(v, "organs", request.Organs.Select(o => o.OrganId).ToList());
        RequestRules.DistinctIds(v, "cadres", request.Cadres.Select(c => c.CadreId).ToList());
        for (var i = 0; i < request.Organs.Count; i++)
        {
            var o = request.Organs[i];
            v.Text($"organs[{i}].name", o.Name, RequestRules.MaxShortText, required: true)
                .Defined($"organs[{i}].level", o.Level)
                .Text($"organs[{i}].parent_id", o.ParentId, RequestValidator.MaxIdLength);
        }

        for (var i = 0; i < request.Cadres.Count; i++)
        {
            var c = request.Cadres[i];
            v.Text($"cadres[{i}].name", c.Name, RequestRules.MaxShortText, required: true)
                .Id($"cadres[{i}].organ_id", c.OrganId)
                .Text($"cadres[{i}].unit", c.Unit, RequestRules.MaxShortText, required: true)
                .Text($"cadres[{i}].post", c.Post, RequestRules.MaxShortText, required: true)
                .Defined($"cadres[{i}].rank", c.Rank)
                .Defined($"cadres[{i}].level", c.Level)
                .Text($"cadres[{i}].managing_organ_id", c.ManagingOrganId, RequestValidator.MaxIdLength);
        }

        v.ThrowIfInvalid();
        var organs = request.Organs.Select(o => new DirectoryOrgan { Id = o.OrganId, Name = o.Name.Trim(), Level = (Level)o.Level, ParentId = o.ParentId.Length == 0 ? null : o.ParentId }).ToList();
        var cadres = request.Cadres.Select(c => new Cadre
        {
            Id = c.CadreId,
            Name = c.Name.Trim(),
            OrganId = c.OrganId,
            Unit = c.Unit.Trim(),
            Post = c.Post.Trim(),
            Rank = (Domain.Rank)c.Rank,
            Level = (Level)c.Level,
            ManagingOrganId = c.ManagingOrganId,
            Principal = c.Principal,
            PartyMember = c.PartyMember,
            NameKey = Mentions.NameKey(c.Name, c.Unit),
            NameKeys = [Mentions.NameKey(c.Name, c.Unit)],
        }).ToList();
        var counts = await import.ImportAsync(Caller.From(context), organs, cadres, context.CancellationToken);
        return new Api.ImportDirectoryResponse { OrgansAdded = counts.OrgansAdded, OrgansUpdated = counts.OrgansUpdated, CadresAdded = counts.CadresAdded, CadresUpdated = counts.CadresUpdated };
    }

    public override async Task<Api.Cadre> GetCadre(Api.GetCadreRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("cadre_id", request.CadreId).ThrowIfInvalid();
        var cadre = await store.GetAsync(Cadre.Collection, request.CadreId, context.CancellationToken) ?? throw new NotFoundException("cadre", request.CadreId);
        return CaseFileMapper.Map(cadre);
    }

    public override async Task<Api.ListCadresResponse> ListCadres(Api.ListCadresRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var after = v.Paging(request.PageSize, request.PageToken);
        v.Text("organ_id", request.OrganId, RequestValidator.MaxIdLength).Defined("level", request.Level, allowUnspecified: true);
        v.ThrowIfInvalid();
        var where = Filter.And(
            request.OrganId.Length > 0 ? Filter.Eq("organId", request.OrganId) : null,
            request.Level != Common.Level.Unspecified ? Filter.Eq("level", (Level)request.Level) : null);
        var page = await store.QueryAsync(Cadre.Collection, new Query(where, "_id", false, RequestValidator.PageLimit(request.PageSize), after), context.CancellationToken);
        var response = new Api.ListCadresResponse { NextPageToken = page.Next is null ? "" : PageTokens.Encode(page.Next) };
        response.Cadres.AddRange(page.Items.Select(CaseFileMapper.Map));
        return response;
    }

    // ---- Dossier ----

    public override async Task<Api.Dossier> GetDossier(Api.GetDossierRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("cadre_id", request.CadreId);
        var asOf = RequestRules.Date(v, "as_of", request.AsOf);
        v.ThrowIfInvalid();
        var (generation, view) = await dossiers.GetAsync(Caller.From(context), request.CadreId, asOf ?? deadlines.Today(), context.CancellationToken);
        return CaseFileMapper.Map(view, generation);
    }

    public override async Task<Api.Timeline> GetTimeline(Api.GetTimelineRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("cadre_id", request.CadreId).Count("kinds", request.Kinds, 0, 30);
        for (var i = 0; i < request.Kinds.Count; i++)
        {
            v.Defined($"kinds[{i}]", request.Kinds[i]);
        }

        var from = RequestRules.Date(v, "from", request.From);
        var to = RequestRules.Date(v, "to", request.To);
        if (from > to)
        {
            v.Add("to", "must not be before from");
        }

        var offset = Offset(v, request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var (entries, next) = await dossiers.TimelineAsync(
            Caller.From(context), request.CadreId, new TimelineFilter(request.Kinds.Select(k => (EntryKind)k).ToList(), from, to),
            RequestValidator.PageLimit(request.PageSize), offset, context.CancellationToken);
        var timeline = new Api.Timeline { NextPageToken = OffsetToken(next) };
        timeline.Entries.AddRange(entries.Select(CaseFileMapper.Map));
        return timeline;
    }

    public override async Task<Api.ListUnmatchedMentionsResponse> ListUnmatchedMentions(Api.ListUnmatchedMentionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var offset = Offset(v, request.PageSize, request.PageToken);
        v.ThrowIfInvalid();
        var mentions = await dossiers.UnmatchedAsync(context.CancellationToken);
        var limit = RequestValidator.PageLimit(request.PageSize);
        var response = new Api.ListUnmatchedMentionsResponse { NextPageToken = OffsetToken(offset + limit < mentions.Count ? offset + limit : null) };
        response.Mentions.AddRange(mentions.Skip(offset).Take(limit).Select(m => new Api.UnmatchedMention { Name = m.Name, Unit = m.Unit, Entries = m.Entries }));
        return response;
    }

    public override async Task<Api.RebuildDossiersResponse> RebuildDossiers(Api.RebuildDossiersRequest request, ServerCallContext context)
    {
        var (generation, sources) = await rebuilder.RebuildAsync(Caller.From(context), context.CancellationToken);
        var response = new Api.RebuildDossiersResponse { Generation = generation };
        response.Sources.AddRange(sources.Select(s =>
        {
            var replay = new Api.SourceReplay { Source = s.Source, Events = s.Events, Position = s.Position, Parked = s.Parked.Count };
            replay.ParkedEventIds.AddRange(s.Parked.Take(100));
            return replay;
        }));
        return response;
    }

    // ---- Integrity opinions ----

    public override async Task<Api.IntegrityOpinion> RequestIntegrityOpinion(Api.RequestIntegrityOpinionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true).Id("cadre_id", request.CadreId).Defined("purpose", request.Purpose);
        var asOf = RequestRules.Date(v, "as_of", request.AsOf);
        NotInFuture(v, "as_of", asOf);
        v.ThrowIfInvalid();
        var (_, answered) = await opinions.RequestAsync(
            Caller.From(context), new OpinionRequest(request.IdempotencyKey, [request.CadreId], (OpinionPurpose)request.Purpose, asOf, Hash(request)), batch: false, context.CancellationToken);
        var caller = Caller.From(context);
        return CaseFileMapper.Map(answered[0], opinions.IsOverdue(answered[0]), OpinionWorkflow.AnswerHidden(caller, answered[0]));
    }

    public override async Task<Api.RequestIntegrityOpinionsResponse> RequestIntegrityOpinions(Api.RequestIntegrityOpinionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true)
            .Count("cadre_ids", request.CadreIds, 1, RequestRules.MaxBatch)
            .Defined("purpose", request.Purpose);
        RequestRules.DistinctIds(v, "cadre_ids", request.CadreIds);
        var asOf = RequestRules.Date(v, "as_of", request.AsOf);
        NotInFuture(v, "as_of", asOf);
        v.ThrowIfInvalid();
        var (batchId, answered) = await opinions.RequestAsync(
            Caller.From(context), new OpinionRequest(request.IdempotencyKey, request.CadreIds.ToList(), (OpinionPurpose)request.Purpose, asOf, Hash(request)), batch: true, context.CancellationToken);
        var response = new Api.RequestIntegrityOpinionsResponse { BatchId = batchId ?? "" };
        var caller = Caller.From(context);
        response.Opinions.AddRange(answered.Select(o => CaseFileMapper.Map(o, opinions.IsOverdue(o), OpinionWorkflow.AnswerHidden(caller, o))));
        return response;
    }

    public override async Task<Api.IntegrityOpinion> SignIntegrityOpinion(Api.SignIntegrityOpinionRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("opinion_id", request.OpinionId).Count("signers", request.Signers, 1, 10).ExpectedVersion(request.ExpectedVersion);
        for (var i = 0; i < request.Signers.Count; i++)
        {
            v.Text($"signers[{i}]", request.Signers[i], RequestRules.MaxShortText, required: true);
        }

        v.ThrowIfInvalid();
        var opinion = await opinions.SignAsync(Caller.From(context), request.OpinionId, request.Signers.Select(s => s.Trim()).ToList(), request.ExpectedVersion, context.CancellationToken);
        return CaseFileMapper.Map(opinion, opinions.IsOverdue(opinion));
    }

    public override async Task<Api.IntegrityOpinion> GetIntegrityOpinion(Api.GetIntegrityOpinionRequest request, ServerCallContext context)
    {
        new RequestValidator().Id("opinion_id", request.OpinionId).ThrowIfInvalid();
        var caller = Caller.From(context);
        var opinion = await opinions.ReadAsync(caller, request.OpinionId, context.CancellationToken);
        return CaseFileMapper.Map(opinion, opinions.IsOverdue(opinion), OpinionWorkflow.AnswerHidden(caller, opinion));
    }

    public override async Task<Api.ListIntegrityOpinionsResponse> ListIntegrityOpinions(Api.ListIntegrityOpinionsRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var after = v.Paging(request.PageSize, request.PageToken);
        v.Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength).Text("batch_id", request.BatchId, RequestValidator.MaxIdLength);
        if (request.DueWithinWorkingDays is < 0 or > 366)
        {
            v.Add("due_within_working_days", "must be between 0 and 366");
        }

        v.ThrowIfInvalid();
        var caller = Caller.From(context);
        var page = await opinions.ListAsync(
            caller,
            new OpinionListFilter(request.CadreId.Length == 0 ? null : request.CadreId, request.BatchId.Length == 0 ? null : request.BatchId, request.OverdueOnly, request.DueWithinWorkingDays),
            RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListIntegrityOpinionsResponse { NextPageToken = page.Next is null ? "" : PageTokens.Encode(page.Next) };
        response.Opinions.AddRange(page.Items.Select(o => CaseFileMapper.Map(o, opinions.IsOverdue(o), OpinionWorkflow.AnswerHidden(caller, o))));
        return response;
    }

    // ---- Personal matters ----

    public override async Task<Api.PersonalMattersCheck> RecordPersonalMattersCheck(Api.RecordPersonalMattersCheckRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true).Id("cadre_id", request.CadreId).Defined("result", request.Result);
        RequestRules.Year(v, "year", request.Year);
        if (request.Result == Api.PersonalMattersResult.Consistent)
        {
            v.Count("items", request.Items, 0, 0);
        }
        else
        {
            v.Count("items", request.Items, 1, RequestRules.ItemCodes.Count);
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            if (!RequestRules.ItemCodes.Contains(request.Items[i].Code))
            {
                v.Add($"items[{i}].code", $"must be one of {string.Join(", ", RequestRules.ItemCodes)}");
            }

            v.Text($"items[{i}].description", request.Items[i].Description, RequestRules.MaxText);
        }

        var checkedOn = RequestRules.Date(v, "checked_on", request.CheckedOn, required: true);
        NotInFuture(v, "checked_on", checkedOn);
        v.ThrowIfInvalid();
        var check = await personalMatters.RecordCheckAsync(
            Caller.From(context),
            new RecordCheck(request.IdempotencyKey, request.CadreId, request.Year, (PersonalMattersResult)request.Result,
                request.Items.Select(i => new PersonalMattersItem { Code = i.Code, Description = i.Description.Trim() }).ToList(), request.CheckedOn, request.Targeted, Hash(request)),
            context.CancellationToken);
        return CaseFileMapper.Map(check);
    }

    public override async Task<Api.PersonalMattersCheck> RecordPersonalMattersHandling(Api.RecordPersonalMattersHandlingRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Id("check_id", request.CheckId).Defined("kind", request.Kind).Text("note", request.Note, RequestRules.MaxText).ExpectedVersion(request.ExpectedVersion);
        var decidedOn = RequestRules.Date(v, "decided_on", request.DecidedOn, required: true);
        NotInFuture(v, "decided_on", decidedOn);
        v.ThrowIfInvalid();
        var check = await personalMatters.RecordHandlingAsync(
            Caller.From(context), request.CheckId, (PersonalMattersHandlingKind)request.Kind, request.DecidedOn, request.Note.Trim(), request.ExpectedVersion, context.CancellationToken);
        return CaseFileMapper.Map(check);
    }

    public override async Task<Api.ListPersonalMattersChecksResponse> ListPersonalMattersChecks(Api.ListPersonalMattersChecksRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var after = v.Paging(request.PageSize, request.PageToken);
        v.Text("cadre_id", request.CadreId, RequestValidator.MaxIdLength);
        RequestRules.Year(v, "year", request.Year, allowZero: true);
        v.ThrowIfInvalid();
        var page = await personalMatters.ListAsync(request.CadreId.Length == 0 ? null : request.CadreId, request.Year, RequestValidator.PageLimit(request.PageSize), after, context.CancellationToken);
        var response = new Api.ListPersonalMattersChecksResponse { NextPageToken = page.Next is null ? "" : PageTokens.Encode(page.Next) };
        response.Checks.AddRange(page.Items.Select(CaseFileMapper.Map));
        return response;
    }

    public override async Task<Api.ComplianceRates> GetComplianceRates(Api.GetComplianceRatesRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        RequestRules.Year(v, "from_year", request.FromYear);
        RequestRules.Year(v, "to_year", request.ToYear);
        if (request.ToYear < request.FromYear)
        {
            v.Add("to_year", "must not be before from_year");
        }
        else if (request.ToYear - request.FromYear >= 20)
        {
            v.Add("to_year", "must be within 20 years of from_year");
        }

        v.ThrowIfInvalid();
        var checks = await personalMatters.ChecksOfYearsAsync(request.FromYear, request.ToYear, context.CancellationToken);
        var rates = new Api.ComplianceRates();
        rates.Years.AddRange(PersonalMattersWorkflow.Rates(checks, _ => (null, Level.Unspecified)).Select(CaseFileMapper.Map));
        rates.ByOrgan.AddRange(PersonalMattersWorkflow.Rates(checks, c => (c.OrganId, Level.Unspecified)).Select(CaseFileMapper.Map));
        rates.ByLevel.AddRange(PersonalMattersWorkflow.Rates(checks, c => (null, c.Level)).Select(CaseFileMapper.Map));
        return rates;
    }

    public override async Task<Api.RelativesBusinessCheck> RecordRelativesBusinessCheck(Api.RecordRelativesBusinessCheckRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        v.Text("idempotency_key", request.IdempotencyKey, RequestValidator.MaxIdLength, required: true).Id("cadre_id", request.CadreId).Count("businesses", request.Businesses, 0, 50);
        RequestRules.Year(v, "year", request.Year);
        for (var i = 0; i < request.Businesses.Count; i++)
        {
            v.Defined($"businesses[{i}].relation", request.Businesses[i].Relation)
                .Text($"businesses[{i}].business", request.Businesses[i].Business, RequestRules.MaxShortText, required: true);
        }

        if (!request.SelfChecked && request.Businesses.Count > 0)
        {
            v.Add("self_checked", "must be true when businesses are reported (they come from the self-check)");
        }

        v.ThrowIfInvalid();
        var check = await personalMatters.RecordRelativesAsync(
            Caller.From(context),
            new RecordRelatives(request.IdempotencyKey, request.CadreId, request.Year, request.SelfChecked,
                request.Businesses.Select(b => new RelativeBusiness { Relation = (Relation)b.Relation, Business = b.Business.Trim(), WithinScope = b.WithinScope }).ToList(), Hash(request)),
            context.CancellationToken);
        return CaseFileMapper.Map(check);
    }

    // ---- Figures ----

    public override async Task<Api.PeriodFigures> GetPeriodFigures(Api.GetPeriodFiguresRequest request, ServerCallContext context)
    {
        var v = new RequestValidator();
        var from = RequestRules.Date(v, "from", request.From, required: true);
        var to = RequestRules.Date(v, "to", request.To, required: true);
        if (from > to)
        {
            v.Add("to", "must not be before from");
        }
        else if (from is { } f && to is { } t && t.DayNumber - f.DayNumber > 3 * 366)
        {
            v.Add("to", "must be within three years of from");
        }

        RequestRules.Year(v, "case_year", request.CaseYear, allowZero: true);
        RequestRules.Year(v, "compliance_from_year", request.ComplianceFromYear, allowZero: true);
        RequestRules.Year(v, "compliance_to_year", request.ComplianceToYear, allowZero: true);
        var complianceTo = request.ComplianceToYear != 0 ? request.ComplianceToYear : from?.Year ?? 0;
        var complianceFrom = request.ComplianceFromYear != 0 ? request.ComplianceFromYear : complianceTo - 3;
        if (complianceTo < complianceFrom || complianceTo - complianceFrom >= 20)
        {
            v.Add("compliance_to_year", "must be from compliance_from_year to 19 years after it");
        }

        v.ThrowIfInvalid();
        var caseYear = request.CaseYear != 0 ? request.CaseYear : from!.Value.Year - 1;
        var computed = await figures.ComputeAsync(from!.Value, to!.Value, caseYear, complianceFrom, complianceTo, context.CancellationToken);
        return CaseFileMapper.Map(computed, options);
    }

    private void NotInFuture(RequestValidator v, string field, DateOnly? date)
    {
        if (date is { } d && d > deadlines.Today())
        {
            v.Add(field, "must not be in the future");
        }
    }

    private static string Hash(IMessage request) => Convert.ToHexStringLower(SHA256.HashData(request.ToByteArray()));

    /// <summary>An offset page token (for lists computed in memory).</summary>
    private static int Offset(RequestValidator v, int pageSize, string pageToken)
    {
        var after = v.Paging(pageSize, pageToken);
        if (after is null)
        {
            return 0;
        }

        if (!after.SortValue.IsInt32 || after.SortValue.AsInt32 < 0 || after.Id != "offset")
        {
            v.Add("page_token", "is not a token this service issued");
            return 0;
        }

        return after.SortValue.AsInt32;
    }

    private static string OffsetToken(int? next) => next is { } n ? PageTokens.Encode(new Cursor(new BsonInt32(n), "offset")) : "";
}
