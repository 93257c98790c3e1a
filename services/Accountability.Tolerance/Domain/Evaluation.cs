using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// One evaluation of the eligibility rules, stored when an application is verified and never
/// changed: its inputs, the rule-set version and content hash it used, and its outputs.
/// </summary>
public sealed class Evaluation : IDocument
{
    public static readonly CollectionDefinition<Evaluation> Collection = new(
        "evaluations",
        IndexDefinition.On("ix_application", "applicationId", "evaluatedAt"));

    public required string Id { get; init; }

    public long Version { get; set; }

    public required string ApplicationId { get; init; }

    public required string RuleSetVersion { get; init; }

    public required string RuleSetSha256 { get; init; }

    public required EvaluationInputs Inputs { get; init; }

    public required EvaluationResult Result { get; init; }

    public required DateTimeOffset EvaluatedAt { get; init; }
}

/// <summary>What the rules read: the established grounds and mitigations and the verified facts.</summary>
public sealed class EvaluationInputs
{
    public List<ToleranceGround> Grounds { get; init; } = [];

    public List<Mitigation> Mitigations { get; init; } = [];

    public required Facts Facts { get; init; }
}

public sealed class EvaluationResult
{
    /// <summary>No disqualifier fired.</summary>
    public required bool Eligible { get; init; }

    /// <summary>Every rule whose conditions held, in the rule set's order.</summary>
    public required List<FiredRule> FiredRules { get; init; }

    public required ToleranceOutcome SuggestedOutcome { get; init; }

    /// <summary>The first disqualifier, else the first outcome rule; null when the default outcome applied.</summary>
    public string? DecidingRuleId { get; init; }

    /// <summary>Same eligibility, fired rules and suggestion.</summary>
    public bool SameAs(EvaluationResult other) =>
        Eligible == other.Eligible
        && SuggestedOutcome == other.SuggestedOutcome
        && DecidingRuleId == other.DecidingRuleId
        && FiredRules.Select(r => (r.RuleId, r.Kind, r.Message, r.Outcome)).SequenceEqual(other.FiredRules.Select(r => (r.RuleId, r.Kind, r.Message, r.Outcome)));
}

public sealed class FiredRule
{
    public required string RuleId { get; init; }

    public required RuleKind Kind { get; init; }

    public required string Message { get; init; }

    public ToleranceOutcome? Outcome { get; init; }
}

/// <summary>The rule engine: pure, so an evaluation can be repeated from its stored inputs.</summary>
public static class Eligibility
{
    /// <summary>
    /// Any disqualifier that fires makes the application ineligible: 不予容错, named by the first
    /// one. Otherwise the first outcome rule that fires suggests its outcome, or the default applies.
    /// </summary>
    public static EvaluationResult Evaluate(RuleSetContent rules, EvaluationInputs inputs)
    {
        var fired = rules.Rules.Where(r => r.When.Count > 0 && r.When.All(c => c.Holds(inputs))).ToList();
        var disqualifier = fired.FirstOrDefault(r => r.Kind == RuleKind.Disqualifier);
        var deciding = disqualifier ?? fired.FirstOrDefault(r => r.Kind == RuleKind.Outcome);
        return new EvaluationResult
        {
            Eligible = disqualifier is null,
            FiredRules = fired.Select(r => new FiredRule { RuleId = r.RuleId, Kind = r.Kind, Message = r.Message, Outcome = r.Outcome }).ToList(),
            SuggestedOutcome = disqualifier is not null ? ToleranceOutcome.NotTolerated : deciding?.Outcome ?? rules.DefaultOutcome,
            DecidingRuleId = deciding?.RuleId,
        };
    }
}
