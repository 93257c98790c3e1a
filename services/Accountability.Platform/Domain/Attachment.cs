namespace Accountability.Platform.Domain;

/// <summary>A document kept elsewhere (an attachment, evidence, a transcript), fixed by its SHA-256 digest.</summary>
public sealed class Attachment
{
    public required string Name { get; init; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; init; }

    public long SizeBytes { get; init; }

    public string Uri { get; init; } = "";

    public string MediaType { get; init; } = "";
}
