using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Accountability.Platform.Storage;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// The eligibility rules as data (shared/domain.md §6.2–6.3): disqualifiers that make an application
/// ineligible, and outcome rules whose first match suggests the outcome. Published versions are
/// stored as <see cref="RuleSetRecord"/>s and never changed.
/// </summary>
public sealed class RuleSetContent
{
    public string Title { get; init; } = "";

    public string Basis { get; init; } = "";

    public List<Rule> Rules { get; init; } = [];

    /// <summary>The suggestion when no outcome rule fires.</summary>
    public ToleranceOutcome DefaultOutcome { get; init; }

    /// <summary>How rule sets are read from seeds/ and hashed: camelCase, snake_case enum names.</summary>
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false) },
    };

    /// <summary>SHA-256 (lower-case hex) of the content serialized as <see cref="Json"/>: what an evaluation records.</summary>
    public string Sha256() => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(this, Json)));

    /// <summary>
    /// What is wrong with the content, each with the API field it concerns (under
    /// <paramref name="prefix"/>): unique rule ids, known facts with a fitting test, at least one
    /// condition, an outcome for outcome rules only, a message, a default outcome.
    /// </summary>
    public IEnumerable<(string Field, string Problem)> Problems(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Title))
        {
            yield return (prefix + "title", "is required");
        }

        if (Rules.Count == 0)
        {
            yield return (prefix + "rules", "needs at least one entry");
        }

        if (DefaultOutcome == ToleranceOutcome.Unspecified || !Enum.IsDefined(DefaultOutcome))
        {
            yield return (prefix + "default_outcome", "must be specified");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Rules.Count; i++)
        {
            var rule = Rules[i];
            var at = $"{prefix}rules[{i}].";
            if (string.IsNullOrWhiteSpace(rule.RuleId))
            {
                yield return (at + "rule_id", "is required");
            }
            else if (!ids.Add(rule.RuleId))
            {
                yield return (at + "rule_id", $"'{rule.RuleId}' is used twice");
            }

            if (rule.Kind == RuleKind.Unspecified || !Enum.IsDefined(rule.Kind))
            {
                yield return (at + "kind", "must be specified");
            }
            else if (rule.Kind == RuleKind.Outcome && (rule.Outcome is null or ToleranceOutcome.Unspecified || !Enum.IsDefined(rule.Outcome.Value)))
            {
                yield return (at + "outcome", "must be specified for an outcome rule");
            }
            else if (rule.Kind == RuleKind.Disqualifier && rule.Outcome is not (null or ToleranceOutcome.Unspecified))
            {
                yield return (at + "outcome", "must be empty for a disqualifier (it makes the application ineligible)");
            }

            if (string.IsNullOrWhiteSpace(rule.Message))
            {
                yield return (at + "message", "is required");
            }

            if (rule.When.Count == 0)
            {
                yield return (at + "when", "needs at least one entry");
            }

            for (var j = 0; j < rule.When.Count; j++)
            {
                if (rule.When[j].Problem() is { } problem)
                {
                    yield return ($"{at}when[{j}]", problem);
                }
            }
        }
    }
}

public sealed class Rule
{
    public required string RuleId { get; init; }

    public required RuleKind Kind { get; init; }

    public List<RuleCondition> When { get; init; } = [];

    /// <summary>An outcome rule's suggestion; null for a disqualifier.</summary>
    public ToleranceOutcome? Outcome { get; init; }

    public required string Message { get; init; }
}

/// <summary>
/// One test of a rule: a yes/no fact (<see cref="Fact"/> with <see cref="Is"/>), a number fact at
/// least a value (<see cref="AtLeast"/>), an established ground, an established mitigation, or any of
/// several grounds. Exactly one of them.
/// </summary>
public sealed class RuleCondition
{
    public VerifiedFact? Fact { get; init; }

    public bool? Is { get; init; }

    public int? AtLeast { get; init; }

    public ToleranceGround? Ground { get; init; }

    public Mitigation? Mitigation { get; init; }

    public List<ToleranceGround> AnyGround { get; init; } = [];

    public bool Holds(EvaluationInputs inputs)
    {
        if (Fact is { } fact)
        {
            return Is is { } expected ? inputs.Facts.Flag(fact) == expected : inputs.Facts.Number(fact) >= AtLeast;
        }

        if (Ground is { } ground)
        {
            return inputs.Grounds.Contains(ground);
        }

        if (Mitigation is { } mitigation)
        {
            return inputs.Mitigations.Contains(mitigation);
        }

        return AnyGround.Any(inputs.Grounds.Contains);
    }

    public string? Problem()
    {
        var fact = Fact is not (null or VerifiedFact.Unspecified);
        var ground = Ground is not (null or ToleranceGround.Unspecified);
        var mitigation = Mitigation is not (null or Domain.Mitigation.Unspecified);
        var any = AnyGround.Count > 0;
        if ((fact ? 1 : 0) + (ground ? 1 : 0) + (mitigation ? 1 : 0) + (any ? 1 : 0) != 1)
        {
            return "must test exactly one of: a fact, a ground, a mitigation, any of several grounds";
        }

        if ((Fact is { } f && !Enum.IsDefined(f)) || (Ground is { } g && !Enum.IsDefined(g)) || (Mitigation is { } m && !Enum.IsDefined(m))
            || AnyGround.Any(a => a == ToleranceGround.Unspecified || !Enum.IsDefined(a)))
        {
            return "names an unknown fact, ground or mitigation";
        }

        if (fact)
        {
            var isFlag = !Facts.IsNumber(Fact!.Value);
            if (isFlag && (Is is null || AtLeast is not null))
            {
                return $"tests the yes/no fact {Names.Snake(Fact.Value)}: give 'is' (and no 'at_least')";
            }

            if (!isFlag && (AtLeast is null || Is is not null))
            {
                return $"tests the number {Names.Snake(Fact.Value)}: give 'at_least' (and no 'is')";
            }
        }
        else if (Is is not null || AtLeast is not null)
        {
            return "'is' and 'at_least' go with a fact only";
        }

        return null;
    }
}

/// <summary>
/// A published version of the rules, never changed once stored: an evaluation names its version
/// and content hash, so an old decision explains itself with the rules it was made with.
/// </summary>
public sealed class RuleSetRecord : IDocument
{
    public static readonly CollectionDefinition<RuleSetRecord> Collection = new(
        "rule_sets",
        IndexDefinition.UniqueOn("ux_sequence", "sequence"));

    /// <summary>The version: "v" + the sequence.</summary>
    public required string Id { get; init; }

    public long Version { get; set; }

    public required int Sequence { get; init; }

    public required RuleSetContent Content { get; init; }

    public required string ContentSha256 { get; init; }

    public required DateTimeOffset PublishedAt { get; init; }

    public required string PublishedBy { get; init; }

    public string Note { get; init; } = "";

    public static string VersionOf(int sequence) => "v" + sequence.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
