using Accountability.Platform.Storage;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using Status = Google.Rpc.Status;

namespace Accountability.Platform.Errors;

/// <summary>
/// Turns domain and storage failures into the gRPC statuses the API promises. Anything else is a
/// bug: logged, and answered INTERNAL without details.
/// </summary>
public sealed class ErrorMappingInterceptor(ILogger<ErrorMappingInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context);
        }
        catch (Exception e) when (e is not RpcException)
        {
            throw Map(e, context.Method);
        }
    }

    public RpcException Map(Exception exception, string method)
    {
        switch (exception)
        {
            case RequestValidationException v:
                var badRequest = new BadRequest();
                badRequest.FieldViolations.AddRange(v.Violations.Select(f => new BadRequest.Types.FieldViolation { Field = f.Field, Description = f.Description }));
                return ToRpc(Code.InvalidArgument, v.Message, Any.Pack(badRequest));
            case NotFoundException:
                return ToRpc(Code.NotFound, exception.Message);
            case InvalidStateException:
                return ToRpc(Code.FailedPrecondition, exception.Message);
            case ConcurrencyConflictException:
                return ToRpc(Code.Aborted, exception.Message);
            case DuplicateKeyException:
                // Only a concurrent write of the same thing gets here (retries are exhausted).
                return ToRpc(Code.Aborted, "A concurrent request wrote the same record; retry.");
            case LimitExceededException:
                return ToRpc(Code.ResourceExhausted, exception.Message);
            case RateLimitedException r:
                return ToRpc(Code.ResourceExhausted, r.Message, Any.Pack(new RetryInfo { RetryDelay = Duration.FromTimeSpan(r.RetryAfter) }));
            case StoreUnavailableException:
                logger.LogWarning(exception, "Store unavailable during {Method}", method);
                return ToRpc(Code.Unavailable, exception.Message);
            case StoreFullException:
                logger.LogError(exception, "Store full during {Method}", method);
                return ToRpc(Code.ResourceExhausted, exception.Message);
            case OperationCanceledException:
                return ToRpc(Code.Cancelled, "The call was cancelled.");
            default:
                logger.LogError(exception, "Unhandled error in {Method}", method);
                return ToRpc(Code.Internal, "Internal error.");
        }
    }

    private static RpcException ToRpc(Code code, string message, Any? detail = null)
    {
        var status = new Status { Code = (int)code, Message = message };
        if (detail is not null)
        {
            status.Details.Add(detail);
        }

        return status.ToRpcException();
    }
}
