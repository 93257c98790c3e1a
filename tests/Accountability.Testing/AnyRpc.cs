using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accountability.Testing;

/// <summary>Calls any unary RPC by its descriptor, for tests that sweep every method of a service.</summary>
public static class AnyRpc
{
    /// <summary>Sends an empty request with the token (if any) and returns the status the call ended with.</summary>
    public static async Task<StatusCode> CallEmptyAsync(GrpcChannel channel, MethodDescriptor descriptor, string? token)
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
            await channel.CreateCallInvoker().AsyncUnaryCall(method, null, new CallOptions(headers), descriptor.InputType.Parser.ParseFrom(ByteString.Empty));
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
