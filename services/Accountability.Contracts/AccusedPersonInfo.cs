namespace Accountability.Contracts;

/// <summary>
/// An accused person as events carry it: who, where, at which level. Never the reporter.
/// Level is one of "city", "county", "township", "village".
/// </summary>
public sealed record AccusedPersonInfo(string Name, string Unit, string Post, string Level, string? CadreId);
