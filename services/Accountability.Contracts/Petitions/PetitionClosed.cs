using MassTransit;

namespace Accountability.Contracts.Petitions;

/// <summary>Every clue drawn from the petition is concluded; a named reporter is owed feedback.</summary>
[MessageUrn("accountability:petitions:petition-closed:v1")]
public sealed record PetitionClosed
{
    public required string PetitionId { get; init; }

    public required DateTimeOffset ClosedAt { get; init; }

    /// <summary>YYYY-MM-DD, 15 WD after closure (by contact, or through the receipt code for an anonymous reporter).</summary>
    public string? FeedbackDueDate { get; init; }
}
