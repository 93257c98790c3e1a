namespace Accountability.Platform.Audit;

/// <summary>What one audited act says: who (and in which role) did what to which object, and why.</summary>
public sealed record AuditEntry(DateTimeOffset At, string Actor, string Role, string Action, string ObjectType, string ObjectId, string Reason);
