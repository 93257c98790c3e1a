using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;

namespace Accountability.Testing;

/// <summary>Calls any unary RPC by its descriptor, for tests that sweep every method of a service.</summary>
public static class AnyRpc
{
    /// <summary>A unary method of any request and reply type, marshalled by its descriptor.</summary>
    public static Method<IMessage, IMessage> Method(MethodDescriptor descriptor) => new(
        MethodType.Unary,
        descriptor.Service.FullName,
        descriptor.Name,
        Marshallers.Create<IMessage>(m => m.ToByteArray(), b => descriptor.InputType.Parser.ParseFrom(b)),
        Marshallers.Create<IMessage>(m => m.ToByteArray(), b => descriptor.OutputType.Parser.ParseFrom(b)));

    /// <summary>The call's headers: a bearer token when there is one.</summary>
    public static Metadata Headers(string? token)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("Authorization", "Bearer " + token);
        }

        return headers;
    }

    /// <summary>Sends an empty request with the token (if any) and returns the status the call ended with.</summary>
    public static async Task<StatusCode> CallEmptyAsync(GrpcChannel channel, MethodDescriptor descriptor, string? token)
    {
        var method = Method(descriptor);
        var headers = Headers(token);

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

    /// <summary>The methods that did not answer UNAUTHENTICATED to a call without a token.</summary>
    public static async Task<List<string>> NotRefusedWithoutTokenAsync(GrpcChannel channel, IEnumerable<MethodDescriptor> methods)
    {
        var failures = new List<string>();
        foreach (var method in methods)
        {
            var code = await CallEmptyAsync(channel, method, null);
            if (code != StatusCode.Unauthenticated)
            {
                failures.Add($"{method.Name}: {code}");
            }
        }

        return failures;
    }

    /// <summary>
    /// Calls every method as every role: a role the method does not allow must get PERMISSION_DENIED,
    /// an allowed one must pass the gate. Returns the mismatches and how many denied pairs were tried.
    /// </summary>
    public static async Task<(List<string> Failures, int Denials)> SweepRolesAsync(
        GrpcChannel channel, IEnumerable<MethodDescriptor> methods, IEnumerable<string> roles, Func<string, string> tokenFor, Func<MethodDescriptor, string, bool> allowed)
    {
        var failures = new List<string>();
        var denials = 0;
        foreach (var method in methods)
        {
            foreach (var role in roles)
            {
                var code = await CallEmptyAsync(channel, method, tokenFor(role));
                var isAllowed = allowed(method, role);
                denials += isAllowed ? 0 : 1;
                if (!isAllowed && code != StatusCode.PermissionDenied)
                {
                    failures.Add($"{method.FullName} as {role}: expected PermissionDenied, got {code}");
                }
                else if (isAllowed && code is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
                {
                    failures.Add($"{method.FullName} as {role}: allowed role got {code}");
                }
            }
        }

        return (failures, denials);
    }
}
