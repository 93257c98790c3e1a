using Accountability.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Rpc;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accountability.Reliability.Tests.Infrastructure;

/// <summary>The end of one call: its status and, for INVALID_ARGUMENT, the fields the BadRequest names.</summary>
public sealed record CallResult(StatusCode Code, string Detail, IReadOnlyList<string> BadFields, bool HasBadRequest, IMessage? Response = null);

/// <summary>Calls any unary RPC by its descriptor with any request message.</summary>
public static class RawCall
{
    public static async Task<CallResult> UnaryAsync(GrpcChannel channel, MethodDescriptor descriptor, IMessage request, string? token, CancellationToken ct = default)
    {
        var method = AnyRpc.Method(descriptor);
        var headers = AnyRpc.Headers(token);

        try
        {
            var response = await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: ct), request);
            return new CallResult(StatusCode.OK, "", [], false, response);
        }
        catch (RpcException e)
        {
            var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
            return new CallResult(
                e.StatusCode,
                e.Status.Detail,
                badRequest?.FieldViolations.Select(v => v.Field).ToList() ?? [],
                badRequest is not null);
        }
    }
}
