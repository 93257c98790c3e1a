using Grpc.Core;

namespace Accountability.Platform.Security;

/// <summary>Who is calling, as the audit trail records it.</summary>
public sealed record Caller(string Subject, string Role, string? Organ, string? Department)
{
    public static readonly Caller Anonymous = new("anonymous", "none", null, null);

    public static Caller From(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return Anonymous;
        }

        return new Caller(
            user.FindFirst("sub")?.Value ?? "unknown",
            user.FindFirst("role")?.Value ?? "none",
            user.FindFirst(TokenIssuer.OrganClaim)?.Value,
            user.FindFirst(TokenIssuer.DepartmentClaim)?.Value);
    }

    public static Caller System(string component) => new($"system:{component}", "system", null, null);
}
