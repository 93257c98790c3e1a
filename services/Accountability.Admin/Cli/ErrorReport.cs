using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Rpc;
using Grpc.Core;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Accountability.Admin.Cli;

/// <summary>
/// Turns whatever went wrong into a message on standard error and an exit code (<see cref="ExitCodes"/>):
/// the server's status with every field violation of a google.rpc.BadRequest by field name, acct's own
/// usage errors by option, and a hint where one helps (how to sign in, whether the host runs).
/// </summary>
public static class ErrorReport
{
    public static int Write(Exception exception, CliEnvironment env, IAnsiConsole errorConsole, bool json, string? address = null, string? loginHint = null)
    {
        var (exit, code, message, violations, hint) = Describe(exception, address, loginHint);
        if (json)
        {
            var error = new JsonObject
            {
                ["code"] = code,
                ["exit_code"] = exit,
                ["message"] = message,
                ["field_violations"] = new JsonArray(violations.Select(v => (JsonNode)new JsonObject { ["field"] = v.Field, ["description"] = v.Description }).ToArray()),
            };
            if (hint is not null)
            {
                error["hint"] = hint;
            }

            env.Error.WriteLine(new JsonObject { ["error"] = error }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
            return exit;
        }

        if (exception is CommandAppException { Pretty: { } pretty })
        {
            errorConsole.Write(pretty);
        }
        else
        {
            errorConsole.Write(new Text($"{Texts.T("Error")} ({code}): {message}{Environment.NewLine}"));
        }

        foreach (var (field, description) in violations)
        {
            errorConsole.Write(new Text($"  {field}: {description}{Environment.NewLine}"));
        }

        if (hint is not null)
        {
            errorConsole.Write(new Text(hint + Environment.NewLine));
        }

        return exit;
    }

    private static (int Exit, string Code, string Message, List<(string Field, string Description)> Violations, string? Hint) Describe(Exception exception, string? address, string? loginHint)
    {
        switch (exception)
        {
            case RpcException rpc:
                var violations = rpc.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => (v.Field, v.Description)).ToList() ?? [];
                string? hint = rpc.StatusCode switch
                {
                    StatusCode.Unauthenticated => Texts.T("The server did not accept the token.") + " " + loginHint,
                    StatusCode.PermissionDenied => Texts.T("Your role may not do this; acct whoami shows your role."),
                    StatusCode.Unavailable => Texts.T("Is the suite running at {0}? Start it: dotnet run --project services/Accountability.Host", address ?? ProfileStore.DefaultAddress),
                    StatusCode.Aborted => Texts.T("Someone changed it meanwhile: show it again and retry with its new version."),
                    _ => null,
                };
                var detail = rpc.Status.Detail is { Length: > 0 } d ? d : Texts.StatusText(rpc.StatusCode);
                return (ExitCodes.For(rpc.StatusCode), Code(rpc.StatusCode), detail, violations, hint);
            case CliException cli:
                var fields = cli.Field is { } field && cli.ExitCode == ExitCodes.Usage && cli.Message.StartsWith(field + ":", StringComparison.Ordinal)
                    ? new List<(string, string)> { (field, cli.Message[(field.Length + 1)..].Trim()) }
                    : [];
                return (cli.ExitCode, cli.ExitCode switch
                {
                    ExitCodes.Usage => "USAGE",
                    ExitCodes.Refused => cli.Field == "token" ? "UNAUTHENTICATED" : "REFUSED",
                    ExitCodes.NotFound => "NOT_FOUND",
                    ExitCodes.Findings => "FINDINGS",
                    _ => "ERROR",
                }, cli.Message, fields, cli.Hint);
            case CommandAppException app:
                return (ExitCodes.Usage, "USAGE", app.Message, [], Texts.T("acct <command> --help shows the options and an example."));
            case HttpRequestException http:
                return (ExitCodes.ServerFault, "UNAVAILABLE", http.Message, [], Texts.T("Is the suite running at {0}? Start it: dotnet run --project services/Accountability.Host", address ?? ProfileStore.DefaultAddress));
            default:
                return (ExitCodes.Bug, "BUG", exception.ToString(), [], Texts.T("This is a bug in acct; please report it with the command you ran."));
        }
    }

    private static string Code(StatusCode code) => Names(code.ToString());

    /// <summary>PermissionDenied → PERMISSION_DENIED, as gRPC names its codes.</summary>
    private static string Names(string pascal) =>
        string.Concat(pascal.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}
