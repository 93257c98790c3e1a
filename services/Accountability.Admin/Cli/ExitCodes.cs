using Grpc.Core;

namespace Accountability.Admin.Cli;

/// <summary>What acct's exit code says, so scripts can tell a typo from a refusal from a server fault.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The command ran and found a problem: an audit chain that does not verify, rejected CSV rows.</summary>
    public const int Findings = 1;

    /// <summary>A usage error or a field the server refused as invalid (INVALID_ARGUMENT, OUT_OF_RANGE).</summary>
    public const int Usage = 2;

    public const int NotFound = 3;

    /// <summary>Refused: not signed in, not allowed, a step the state does not allow, a stale version, a limit.</summary>
    public const int Refused = 4;

    /// <summary>The server failed or could not be reached.</summary>
    public const int ServerFault = 5;

    /// <summary>A bug in acct itself.</summary>
    public const int Bug = 70;

    public static int For(StatusCode code) => code switch
    {
        StatusCode.OK => Ok,
        StatusCode.InvalidArgument or StatusCode.OutOfRange => Usage,
        StatusCode.NotFound => NotFound,
        StatusCode.Unauthenticated or StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.Aborted
            or StatusCode.AlreadyExists or StatusCode.ResourceExhausted => Refused,
        _ => ServerFault,
    };
}
