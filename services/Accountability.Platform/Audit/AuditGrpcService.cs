using Accountability.Platform.Errors;
using Accountability.Platform.Storage;
using Accountability.Protos.Audit.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Accountability.Platform.Audit;

/// <summary>Reads and verifies the audit chain of any service whose store this process holds.</summary>
public sealed class AuditGrpcService(IServiceProvider services, IEnumerable<ServiceStoreName> stores) : Protos.Audit.V1.Audit.AuditBase
{
    public override async Task<AuditChainVerification> VerifyAuditChain(VerifyAuditChainRequest request, ServerCallContext context)
    {
        var store = Resolve(request.Chain, "chain");
        var result = await AuditVerifier.VerifyAsync(store, context.CancellationToken);
        return new AuditChainVerification
        {
            Chain = request.Chain,
            Valid = result.Valid,
            RecordsChecked = result.RecordsChecked,
            FirstInvalidSequence = result.FirstInvalidSequence,
            Problem = result.Problem,
        };
    }

    public override async Task<ListAuditRecordsResponse> ListAuditRecords(ListAuditRecordsRequest request, ServerCallContext context)
    {
        var validator = new RequestValidator();
        var after = validator.Paging(request.PageSize, request.PageToken);

        var store = Resolve(request.Chain, "chain", validator);
        validator.ThrowIfInvalid();
        var filter = request.ObjectId.Length > 0 ? Filter.Eq("objectId", request.ObjectId) : null;
        var page = await store!.QueryAsync(
            AuditRecord.Collection,
            new Query(filter, "sequence", true, RequestValidator.PageLimit(request.PageSize), after),
            context.CancellationToken);
        var response = new ListAuditRecordsResponse { NextPageToken = page.Next is null ? "" : PageTokens.Encode(page.Next) };
        response.Records.AddRange(page.Items.Select(r => new Protos.Audit.V1.AuditRecord
        {
            Sequence = r.Sequence,
            At = Timestamp.FromDateTimeOffset(r.At),
            Actor = r.Actor,
            Role = r.Role,
            Action = r.Action,
            ObjectType = r.ObjectType,
            ObjectId = r.ObjectId,
            Reason = r.Reason,
            Hash = r.Hash,
        }));
        return response;
    }

    private IDocumentStore Resolve(string chain, string field)
    {
        var validator = new RequestValidator();
        var store = Resolve(chain, field, validator);
        validator.ThrowIfInvalid();
        return store!;
    }

    private IDocumentStore? Resolve(string chain, string field, RequestValidator validator)
    {
        if (!stores.Any(s => s.Name == chain))
        {
            validator.Add(field, $"must name a service of this process: {string.Join(", ", stores.Select(s => s.Name))}");
            return null;
        }

        return services.GetRequiredKeyedService<IDocumentStore>(chain);
    }
}
