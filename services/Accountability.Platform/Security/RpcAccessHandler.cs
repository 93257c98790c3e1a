using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;

namespace Accountability.Platform.Security;

/// <summary>The requirement behind the fallback policy: the caller fits the RPC's rule.</summary>
public sealed class RpcAccessRequirement : IAuthorizationRequirement;

/// <summary>
/// Checks every endpoint against <see cref="RpcAccess"/>. An unauthenticated caller of a protected
/// method is challenged (UNAUTHENTICATED); an authenticated one without the role is forbidden
/// (PERMISSION_DENIED); a method without a rule is denied.
/// </summary>
public sealed class RpcAccessHandler(RpcAccess access) : AuthorizationHandler<RpcAccessRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RpcAccessRequirement requirement)
    {
        var endpoint = context.Resource switch
        {
            HttpContext http => http.GetEndpoint(),
            Endpoint e => e,
            _ => null,
        };
        var method = endpoint?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method.FullName;
        var rule = method is null ? null : access.Find(method);
        if (rule is null)
        {
            return Task.CompletedTask;
        }

        if (rule.Anonymous || (context.User.Identity?.IsAuthenticated == true && rule.Roles.Any(context.User.IsInRole)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
