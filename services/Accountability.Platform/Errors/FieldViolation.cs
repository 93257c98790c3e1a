namespace Accountability.Platform.Errors;

/// <summary>One bad field of a request: its path as the caller wrote it, and what is wrong.</summary>
public sealed record FieldViolation(string Field, string Description);
