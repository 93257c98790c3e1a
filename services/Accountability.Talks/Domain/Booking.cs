using Accountability.Platform.Storage;

namespace Accountability.Talks.Domain;

/// <summary>
/// One person's slot in one talk (talker, note-taker or participant): what the overlap check
/// reads. Released, not deleted, when the talk is cancelled, missed or the person leaves it.
/// </summary>
public sealed class Booking : IDocument
{
    public static readonly CollectionDefinition<Booking> Collection = new(
        "bookings",
        IndexDefinition.On("ix_person_start", "personKey", "start"),
        IndexDefinition.On("ix_person_released_start", "personKey", "released", "start"),
        IndexDefinition.On("ix_talk", "talkId", "released"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>Staff id of a talker or note-taker, or a participant's cadre id: one key space, so nobody sits in two rooms.</summary>
    public required string PersonKey { get; init; }

    public required string TalkId { get; init; }

    public DateTimeOffset Start { get; set; }

    public DateTimeOffset End { get; set; }

    public bool Released { get; set; }

    public static string IdFor(string talkId, string personKey) => talkId + "|" + personKey;
}

/// <summary>
/// One small document per person, rewritten (version-checked) in the batch that books them: two
/// schedulers who both passed the overlap check for the same person cannot both commit, the second
/// fails with a version conflict (ABORTED) and, read again, sees the first one's booking.
/// </summary>
public sealed class PersonCalendar : IDocument
{
    public static readonly CollectionDefinition<PersonCalendar> Collection = new("person_calendars");

    /// <summary>The person key, as <see cref="Booking.PersonKey"/>.</summary>
    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>The talk last booked for the person, and when.</summary>
    public string LastTalkId { get; set; } = "";

    public DateTimeOffset LastBookedAt { get; set; }
}
