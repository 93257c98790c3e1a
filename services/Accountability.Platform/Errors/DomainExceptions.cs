namespace Accountability.Platform.Errors;

/// <summary>The request is malformed; every bad field is listed (INVALID_ARGUMENT with BadRequest).</summary>
public sealed class RequestValidationException(IReadOnlyList<FieldViolation> violations)
    : Exception("The request has invalid fields: " + string.Join("; ", violations.Select(v => $"{v.Field}: {v.Description}")))
{
    public IReadOnlyList<FieldViolation> Violations { get; } = violations;

    public static RequestValidationException For(string field, string description) => new([new FieldViolation(field, description)]);
}

/// <summary>An id names nothing the caller may see (NOT_FOUND).</summary>
public sealed class NotFoundException(string kind, string id) : Exception($"{kind} '{id}' was not found.");

/// <summary>The object is in a state that does not allow the action (FAILED_PRECONDITION naming the state).</summary>
public sealed class InvalidStateException(string kind, string id, string currentState, string action)
    : Exception($"{kind} '{id}' is {currentState}; {action} is not allowed in that state.")
{
    public string CurrentState { get; } = currentState;
}

/// <summary>The caller exceeded a limit (RESOURCE_EXHAUSTED).</summary>
public sealed class RateLimitedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>A fixed quota is used up (RESOURCE_EXHAUSTED).</summary>
public sealed class LimitExceededException(string message) : Exception(message);
