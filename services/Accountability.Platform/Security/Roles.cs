namespace Accountability.Platform.Security;

/// <summary>The roles a bearer token can carry.</summary>
public static class Roles
{
    /// <summary>External submitting systems (petition portal, 12388 hotline).</summary>
    public const string Intake = "intake";
    public const string Clerk = "clerk";
    public const string Handler = "handler";
    public const string Supervisor = "supervisor";

    /// <summary>May reveal a reporter's identity, through the audited reveal only.</summary>
    public const string Custodian = "custodian";
    public const string Auditor = "auditor";

    /// <summary>Organisation department (组织部).</summary>
    public const string OrgDept = "orgdept";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Intake, Clerk, Handler, Supervisor, Custodian, Auditor, OrgDept, Admin];
}
