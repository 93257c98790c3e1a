using Accountability.Contracts;
using Accountability.Contracts.Tolerance;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// An accountability matter (问责事项): its source, the facts and the duty breached, the proposed
/// form and its targets, Party organisations or cadres (问责条例 Art.8, shared/domain.md §6.1).
/// </summary>
public sealed class Matter : IDocument
{
    public static readonly CollectionDefinition<Matter> Collection = new(
        "matters",
        IndexDefinition.UniqueOn("ux_idempotency", "idempotencyScope"),
        IndexDefinition.On("ix_opened", "openedAt"),
        IndexDefinition.On("ix_status_opened", "status", "openedAt"),
        IndexDefinition.On("ix_source_opened", "source", "openedAt"),
        IndexDefinition.On("ix_department_opened", "department", "openedAt"),
        IndexDefinition.MultikeyOn("mk_target_cadres", "targetCadreIds"));

    public required string Id { get; init; }

    public long Version { get; set; }

    /// <summary>Keyed hash of caller and idempotency key, or "proposal:" + the Clues proposal id.</summary>
    public required string IdempotencyScope { get; init; }

    public string? RequestHash { get; init; }

    public required MatterSource Source { get; init; }

    public string SourceReference { get; init; } = "";

    public string? ClueId { get; init; }

    public string? ProposalId { get; init; }

    /// <summary>The department whose handlers work the matter; null: supervisors, auditors and administrators only.</summary>
    public string? Department { get; init; }

    public required string Facts { get; init; }

    public required string DutyBreached { get; init; }

    public string? ProposedForm { get; init; }

    public required List<Target> Targets { get; init; }

    /// <summary>The cadre targets' directory ids, for "matters about this cadre".</summary>
    public required List<string> TargetCadreIds { get; init; }

    public MatterStatus Status { get; set; }

    public required DateTimeOffset OpenedAt { get; init; }

    public DateTimeOffset? ClosedAt { get; set; }

    public List<Step> Steps { get; init; } = [];

    public DateTimeOffset LastUpdateAt { get; set; }

    public Target? FindTarget(string targetId) => Targets.FirstOrDefault(t => t.TargetId == targetId);
}

public sealed class Target
{
    /// <summary>"t1", "t2", ... in the order given.</summary>
    public required string TargetId { get; init; }

    public required TargetKind Kind { get; init; }

    public CadreInfo? Cadre { get; init; }

    public string? OrganisationName { get; init; }

    /// <summary>The latest tolerance application for the target.</summary>
    public string? ApplicationId { get; set; }

    /// <summary>The accountability decision in force for the target.</summary>
    public string? DecisionId { get; set; }

    public string DisplayName => Cadre?.Name ?? OrganisationName ?? TargetId;

    public AccountabilityTargetInfo ToInfo() => new()
    {
        TargetId = TargetId,
        Kind = Names.Snake(Kind),
        Cadre = Cadre?.ToInfo(),
        OrganisationName = OrganisationName,
    };
}

/// <summary>A cadre as the matter names them: who, where, at which level, and the directory id when known.</summary>
public sealed class CadreInfo
{
    public required string Name { get; init; }

    public string Unit { get; init; } = "";

    public string Post { get; init; } = "";

    public Level Level { get; init; }

    public string? CadreId { get; init; }

    public AccusedPersonInfo ToInfo() => new(Name, Unit, Post, Level.ToString().ToLowerInvariant(), CadreId);

    public static CadreInfo From(AccusedPersonInfo person) => new()
    {
        Name = person.Name,
        Unit = person.Unit,
        Post = person.Post,
        Level = Enum.TryParse<Level>(person.Level, ignoreCase: true, out var level) ? level : Level.Unspecified,
        CadreId = string.IsNullOrEmpty(person.CadreId) ? null : person.CadreId,
    };
}

/// <summary>One step of a matter, application, decision, task or review, signed by whoever took it.</summary>
public sealed class Step
{
    public required DateTimeOffset At { get; init; }

    /// <summary>The state before, as refusals name it (e.g. SUBMITTED); empty for the first step.</summary>
    public string From { get; init; } = "";

    public string To { get; init; } = "";

    public required string Action { get; init; }

    public required string SignedBy { get; init; }

    public required string Role { get; init; }

    public string Note { get; init; } = "";
}
