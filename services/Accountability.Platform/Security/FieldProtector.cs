using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Accountability.Platform.Security;

/// <summary>
/// Encrypts sensitive fields (a reporter's identity) with AES-256-GCM, binding each ciphertext to
/// the record it belongs to through associated data, and computes keyed lookup hashes so that
/// stored secrets can be matched without being stored in clear.
/// </summary>
public sealed class FieldProtector
{
    private readonly string _activeKeyId;
    private readonly IReadOnlyDictionary<string, byte[]> _keys;
    private readonly byte[] _hashKey;

    public FieldProtector(IOptions<ProtectionOptions> options)
    {
        var value = options.Value;
        var problems = value.Validate().ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(string.Join(" ", problems));
        }

        _activeKeyId = value.ActiveKeyId;
        _keys = value.Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value));
        _hashKey = Convert.FromBase64String(value.HashKey);
    }

    public EncryptedValue Encrypt(byte[] plaintext, string associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        using var aes = new AesGcm(_keys[_activeKeyId], tag.Length);
        aes.Encrypt(nonce, plaintext, ciphertext, tag, Encoding.UTF8.GetBytes(associatedData));
        return new EncryptedValue { KeyId = _activeKeyId, Nonce = nonce, Ciphertext = ciphertext, Tag = tag };
    }

    public byte[] Decrypt(EncryptedValue value, string associatedData)
    {
        if (!_keys.TryGetValue(value.KeyId, out var key))
        {
            throw new CryptographicException($"Key '{value.KeyId}' is not configured; it is needed to decrypt this record.");
        }

        var plaintext = new byte[value.Ciphertext.Length];
        using var aes = new AesGcm(key, value.Tag.Length);
        aes.Decrypt(value.Nonce, value.Ciphertext, value.Tag, plaintext, Encoding.UTF8.GetBytes(associatedData));
        return plaintext;
    }

    /// <summary>A key for a separate purpose, derived from the hash key (HKDF), e.g. the audit chain's.</summary>
    public byte[] DeriveKey(string purpose) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _hashKey, 32, info: Encoding.UTF8.GetBytes(purpose));

    /// <summary>A keyed hash (HMAC-SHA256, hex) for matching a secret without storing it.</summary>
    public string LookupHash(string purpose, string value) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_hashKey, Encoding.UTF8.GetBytes(purpose + "\u001f" + value)));
}
