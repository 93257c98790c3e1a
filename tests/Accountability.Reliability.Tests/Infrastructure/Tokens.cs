using System.Security.Cryptography;
using Accountability.Platform.Security;
using Accountability.Testing;

namespace Accountability.Reliability.Tests.Infrastructure;

/// <summary>The kinds of bad token a caller can bring, each of which must end UNAUTHENTICATED.</summary>
public enum BadToken
{
    None,
    Expired,
    WrongSignature,
    WrongAudience,
    WrongIssuer,
    NotAJwt,
}

/// <summary>Tokens for the sweeps: a role's good token (a handler's carries a department), and bad ones.</summary>
public static class Tokens
{
    public const string Department = "dept-reliability";

    public static string For(SuiteHost suite, string role, string? department = Department) =>
        TokenIssuer.Mint(suite.Auth, "rel-" + role, role, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city", department: department);

    /// <summary>A token of the given bad kind for a role the method allows (null: no token at all).</summary>
    public static string? Bad(SuiteHost suite, BadToken kind, string role)
    {
        var now = DateTimeOffset.UtcNow;
        return kind switch
        {
            BadToken.None => null,
            // Expired an hour ago, far beyond the 30 s clock skew.
            BadToken.Expired => TokenIssuer.Mint(suite.Auth, "rel-" + role, role, TimeSpan.FromHours(1), now.AddHours(-2), organ: "org-city", department: Department),
            BadToken.WrongSignature => TokenIssuer.Mint(With(suite.Auth, key: Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), "rel-" + role, role, TimeSpan.FromHours(1), now, organ: "org-city"),
            BadToken.WrongAudience => TokenIssuer.Mint(With(suite.Auth, audience: "someone-else"), "rel-" + role, role, TimeSpan.FromHours(1), now, organ: "org-city"),
            BadToken.WrongIssuer => TokenIssuer.Mint(With(suite.Auth, issuer: "mallory"), "rel-" + role, role, TimeSpan.FromHours(1), now, organ: "org-city"),
            BadToken.NotAJwt => "not-a-token",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static AuthOptions With(AuthOptions auth, string? key = null, string? audience = null, string? issuer = null) => new()
    {
        SigningKey = key ?? auth.SigningKey,
        Audience = audience ?? auth.Audience,
        Issuer = issuer ?? auth.Issuer,
    };
}
