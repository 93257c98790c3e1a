using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Accountability.Platform.Security;

/// <summary>Mints bearer tokens: development tokens from the command line, and tokens for tests.</summary>
public static class TokenIssuer
{
    public const string OrganClaim = "organ";
    public const string DepartmentClaim = "dept";

    public static string Mint(AuthOptions options, string subject, string role, TimeSpan lifetime, DateTimeOffset? now = null, string? organ = null, string? department = null)
    {
        var issuedAt = (now ?? DateTimeOffset.UtcNow).UtcDateTime;
        var claims = new List<Claim> { new("sub", subject), new("role", role) };
        if (organ is not null)
        {
            claims.Add(new Claim(OrganClaim, organ));
        }

        if (department is not null)
        {
            claims.Add(new Claim(DepartmentClaim, department));
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + lifetime,
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public static SymmetricSecurityKey SigningKey(AuthOptions options) => new(Convert.FromBase64String(options.SigningKey));
}
