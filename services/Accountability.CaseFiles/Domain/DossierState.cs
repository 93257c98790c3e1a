using Accountability.Platform.Storage;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Which build of the dossiers is read (<see cref="Generation"/>) and which one a rebuild is
/// filling (<see cref="Rebuilding"/>): while a rebuild runs, consumers record into both, and the
/// rebuild switches reads over when it has replayed every source.
/// </summary>
public sealed class DossierState : IDocument
{
    public const string SingletonId = "dossiers";

    public static readonly CollectionDefinition<DossierState> Collection = new("dossier_state");

    public required string Id { get; init; }

    public long Version { get; set; }

    public long Generation { get; set; } = 1;

    public long? Rebuilding { get; set; }

    /// <summary>Where the last rebuild's replay ended, per source.</summary>
    public Dictionary<string, string> Positions { get; set; } = [];

    public IEnumerable<long> Targets => Rebuilding is { } next ? [Generation, next] : [Generation];
}
