namespace Accountability.Platform.Security;

/// <summary>AES-GCM ciphertext with the id of the key that made it; stored as is.</summary>
public sealed class EncryptedValue
{
    public required string KeyId { get; init; }

    public required byte[] Nonce { get; init; }

    public required byte[] Ciphertext { get; init; }

    public required byte[] Tag { get; init; }
}
