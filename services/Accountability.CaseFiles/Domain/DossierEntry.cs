using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// One fact of a dossier (廉政档案), from one event of another service: keyed by the fact's own
/// identity (a clue's registration, an outcome id, a talk), never by the delivery, so a duplicate
/// or a replay finds it and adds nothing. What a dossier says is derived on read from the set of
/// its entries (<see cref="DossierAnalyzer"/>), ordered by when things happened, so the order in
/// which events arrived does not matter. The event itself is kept as its contract's JSON (events
/// carry no reporter identity, and neither does an entry), except a petition's registration, of which
/// only this service's projection is kept (<see cref="DossierRecorder.PetitionMention"/>).
/// </summary>
public sealed class DossierEntry : IDocument
{
    public static readonly CollectionDefinition<DossierEntry> Collection = new(
        "dossier_entries",
        IndexDefinition.On("ix_generation_kind_occurred", "generation", "kind", "occurredAt"),
        IndexDefinition.On("ix_generation_unmatched", "generation", "hasUnmatched", "occurredAt"),
        IndexDefinition.On("ix_generation_source", "generation", "source"),
        IndexDefinition.MultikeyOn("mk_cadre_keys", "cadreKeys"),
        IndexDefinition.MultikeyOn("mk_refs", "refs"));

    /// <summary>The generation and the fact key: "{generation}:{factKey}".</summary>
    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>The build this entry belongs to (<see cref="DossierState"/>).</summary>
    public required long Generation { get; init; }

    /// <summary>The fact's identity, e.g. "clues:outcome:out_…".</summary>
    public required string FactKey { get; init; }

    public required EntryKind Kind { get; init; }

    /// <summary>The service the event came from.</summary>
    public required string Source { get; init; }

    /// <summary>When it happened (the event's own instant, or its date at 00:00 China Standard Time).</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>
    /// When this service learned the fact: the first recording's instant, kept by a rebuild (from the
    /// generation read before it, else the source's commit time in its export). A dossier as of a
    /// past day shows only facts recorded by the end of that day.
    /// </summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>Directory ids of the cadres concerned, or name keys of mentions not resolved yet (<see cref="Mentions"/>).</summary>
    public required List<string> CadreKeys { get; init; }

    public bool HasUnmatched { get; init; }

    /// <summary>The records it is about ("clue:…", "petition:…", "outcome:…", "matter:…", "decision:…", "talk:…").</summary>
    public required List<string> Refs { get; init; }

    public required string Summary { get; init; }

    /// <summary>The event's pinned wire name and its JSON (for a petition, <see cref="DossierRecorder.PetitionMentionType"/> and the projection).</summary>
    public required string MessageType { get; init; }

    public required string Payload { get; init; }

    public static string IdFor(long generation, string factKey) => $"{generation}:{factKey}";
}
