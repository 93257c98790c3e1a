using System.ComponentModel.DataAnnotations;

namespace Accountability.Platform.Security;

/// <summary>Configuration section "Auth": how bearer tokens are checked.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "accountability";

    public string Audience { get; set; } = "accountability";

    /// <summary>Base64 HMAC-SHA256 key, at least 32 bytes.</summary>
    [Required(ErrorMessage = "Auth:SigningKey is required (base64, at least 32 bytes).")]
    public string SigningKey { get; set; } = "";

    public static bool IsValidKey(string value)
    {
        var buffer = new byte[128];
        return Convert.TryFromBase64String(value, buffer, out var length) && length >= 32;
    }
}
