using Accountability.Petitions.Domain;
using Accountability.Platform.Errors;
using Accountability.Platform.Storage;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Api = Accountability.Protos.Petitions.V1;

namespace Accountability.Petitions.Grpc;

/// <summary>
/// The reporter's window, with a receipt code instead of a token. It tells the stage only, and
/// every wrong code counts against the caller (<see cref="ReceiptRateLimiter"/>).
/// </summary>
public sealed class ReporterDeskGrpcService(
    IDocumentStore store,
    ReceiptCodes receiptCodes,
    ReceiptRateLimiter limiter,
    PetitionWorkflow workflow) : Api.ReporterDesk.ReporterDeskBase
{
    public override async Task<Api.ReceiptStatus> GetReceiptStatus(Api.GetReceiptStatusRequest request, ServerCallContext context) =>
        ToStatus(await FindAsync(request.ReceiptCode, context));

    public override async Task<Api.ReceiptStatus> AddReporterMessage(Api.AddReporterMessageRequest request, ServerCallContext context)
    {
        // A locked-out caller learns nothing else, not even which field was bad.
        limiter.EnsureAllowed(CallerKey(context));
        var v = new RequestValidator();
        v.Text("text", request.Text, RequestRules.MaxReason, required: true);
        RequestRules.Attachments(v, "attachments", request.Attachments);
        v.ThrowIfInvalid();
        var petition = await FindAsync(request.ReceiptCode, context);
        var updated = await workflow.AddReporterMessageAsync(petition, request.Text, request.Attachments.Select(PetitionMapper.FromApi).ToList(), context.CancellationToken);
        return ToStatus(updated);
    }

    private async Task<Petition> FindAsync(string code, ServerCallContext context)
    {
        var caller = CallerKey(context);
        limiter.EnsureAllowed(caller);
        if (!ReceiptCodes.IsWellFormed(code))
        {
            limiter.RecordFailure(caller);
            throw RequestValidationException.For("receipt_code", $"must be {ReceiptCodes.Length} digits");
        }

        var petition = await store.FindOneAsync(Petition.Collection, Filter.Eq("receiptCodeHash", receiptCodes.HashOf(code)), context.CancellationToken);
        if (petition is null)
        {
            limiter.RecordFailure(caller);
            throw new NotFoundException("receipt code", "(hidden)");
        }

        return petition;
    }

    /// <summary>The caller's network address (without port): what a guesser cannot cheaply change per attempt.</summary>
    private static string CallerKey(ServerCallContext context)
    {
        var address = context.GetHttpContext().Connection.RemoteIpAddress;
        return address?.ToString() ?? context.Peer ?? "unknown";
    }

    private static Api.ReceiptStatus ToStatus(Petition petition) => new()
    {
        Stage = (Api.ReporterStage)PetitionStateMachine.StageFor(petition.Status),
        ReceivedAt = Timestamp.FromDateTimeOffset(petition.ReceivedAt),
        LastUpdateAt = Timestamp.FromDateTimeOffset(petition.LastUpdateAt),
        MessagesSent = petition.ReporterMessages.Count,
        Feedback = petition.FeedbackSummary ?? "",
    };
}
