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
        var method = new Method<IMessage, IMessage>(
            MethodType.Unary,
            descriptor.Service.FullName,
            descriptor.Name,
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => descriptor.InputType.Parser.ParseFrom(b)),
            Marshallers.Create<IMessage>(m => m.ToByteArray(), b => descriptor.OutputType.Parser.ParseFrom(b)));
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("Authorization", "Bearer " + token);
        }

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
