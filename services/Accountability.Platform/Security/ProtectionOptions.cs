namespace Accountability.Platform.Security;

/// <summary>
/// Configuration section "Protection": AES-256-GCM keys for fields encrypted at rest, by key id
/// so keys can rotate (new writes use the active key, old ciphertexts name theirs), and the
/// HMAC key for lookup hashes (receipt codes, idempotency scopes, request fingerprints).
/// </summary>
public sealed class ProtectionOptions
{
    public const string Section = "Protection";

    public string ActiveKeyId { get; set; } = "";

    /// <summary>Key id → base64 32-byte key.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>Base64, at least 32 bytes.</summary>
    public string HashKey { get; set; } = "";

    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ActiveKeyId))
        {
            yield return "Protection:ActiveKeyId is required.";
        }
        else if (!Keys.TryGetValue(ActiveKeyId, out var active) || !IsKey(active, exact: true))
        {
            yield return $"Protection:Keys:{ActiveKeyId} must hold a base64 32-byte key.";
        }

        if (!IsKey(HashKey, exact: false))
        {
            yield return "Protection:HashKey must hold a base64 key of at least 32 bytes.";
        }
    }

    private static bool IsKey(string value, bool exact)
    {
        var buffer = new byte[64];
        return Convert.TryFromBase64String(value, buffer, out var length) && (exact ? length == 32 : length >= 32);
    }
}
