using Accountability.Platform.Security;

namespace Accountability.Tolerance.Domain;

/// <summary>
/// Who sees what: a handler only the matters of the department in their token (and everything of
/// those matters); supervisors, auditors, administrators and the organisation department everything
/// their access rules let them call.
/// </summary>
public static class Scope
{
    public static bool MaySee(Caller caller, string? department) =>
        caller.Role != Roles.Handler || (caller.Department is { Length: > 0 } own && department == own);

    /// <summary>The department a caller's lists are limited to: a handler's own (false when their token names none), null for everyone else.</summary>
    public static bool DepartmentOf(Caller caller, out string? department)
    {
        department = null;
        if (caller.Role != Roles.Handler)
        {
            return true;
        }

        department = caller.Department;
        return department is { Length: > 0 };
    }
}
