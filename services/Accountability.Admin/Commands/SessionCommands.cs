using System.Text.Json.Nodes;
using Accountability.Admin.Cli;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Accountability.Admin.Commands;

/// <summary>Signing in and out, profiles, who am I, and the token when asked for.</summary>
internal sealed class SessionCommands : ICommandGroup
{
    private static readonly string[] Roles = ["intake", "clerk", "handler", "supervisor", "custodian", "auditor", "orgdept", "admin"];

    public int Order => 0;

    public void Configure(CommandBuilder commands)
    {
        commands.Add<LoginSettings>("login", "Sign in: save a server address and a token in a profile", "login --dev --role handler", LoginAsync);
        commands.Add<GlobalSettings>("logout", "Forget the profile's token", "logout", LogoutAsync);
        commands.Add<GlobalSettings>("whoami", "Who the profile's token says you are (never prints the token)", "whoami", WhoAmIAsync);
        commands.Branch("profile", "Profiles: a server address and a token each", profile =>
        {
            profile.Add<GlobalSettings>("list", "List the profiles", "profile list", ListAsync);
            profile.Add<UseSettings>("use", "Make a profile the current one", "profile use supervisor", UseAsync);
        });
        commands.Branch("token", "The bearer token itself", token =>
            token.Add<GlobalSettings>("show", "Print the profile's token (for grpcurl and scripts)", "token show", ShowTokenAsync));
    }

    private static Task<int> LoginAsync(Session session, LoginSettings s, CancellationToken ct)
    {
        string token;
        if (s.Dev)
        {
            if (s.TokenStdin)
            {
                throw CliException.Usage("--token-stdin", Texts.T("give --dev or --token-stdin, not both"));
            }

            var role = s.Role?.Trim().ToLowerInvariant() ?? throw CliException.Usage("--role", Texts.T("is required with --dev: one of {0}", string.Join(", ", Roles)));
            if (!Roles.Contains(role))
            {
                throw CliException.Usage("--role", Texts.T("'{0}' is not one of: {1}", role, string.Join(", ", Roles)));
            }

            if (!DevTokens.IsLoopback(session.AddressUri))
            {
                throw new CliException(ExitCodes.Refused, Texts.T("Development tokens are only for the all-in-one host on this machine, not {0}.", session.Address), Texts.T("For a deployment, get a token from its identity provider and use acct login --token-stdin."), "--dev");
            }

            if (s.Hours is < 1 or > 24)
            {
                throw CliException.Usage("--hours", Texts.T("must be between 1 and 24"));
            }

            var keys = DevTokens.FindKeysFile(session.Env, s.Keys);
            var department = s.Department ?? (role == "handler" ? "dept-1" : null);
            token = DevTokens.Mint(keys, s.Subject ?? "dev-" + role, role, s.Organ ?? "org-city", department, TimeSpan.FromHours(s.Hours), DateTimeOffset.UtcNow);
        }
        else if (s.TokenStdin)
        {
            token = session.Env.In.ReadToEnd().Trim();
            if (token.Length == 0 || DevTokens.Claims(token) is null)
            {
                throw CliException.Usage("--token-stdin", Texts.T("standard input holds no token (a JWT)"));
            }
        }
        else
        {
            throw CliException.Usage("--dev", Texts.T("give --dev (all-in-one host) or --token-stdin (a token from your identity provider)"));
        }

        session.SaveProfile(p =>
        {
            p.Address = session.Address;
            p.Token = token;
        });
        if (s.Json)
        {
            session.Output.ShowJson(Identity(session.ProfileName, session.Address, token));
        }
        else
        {
            var claims = DevTokens.Claims(token)!;
            session.Output.Note(Texts.T("Signed in as {0} ({1}) at {2}, profile '{3}'.", claims["sub"], claims["role"], session.Address, session.ProfileName));
        }

        return Task.FromResult(ExitCodes.Ok);
    }

    private static Task<int> LogoutAsync(Session session, GlobalSettings s, CancellationToken ct)
    {
        if (session.Config.Profiles.ContainsKey(session.ProfileName))
        {
            session.SaveProfile(p => p.Token = null);
        }

        session.Output.Note(Texts.T("Signed out of profile '{0}'.", session.ProfileName));
        return Task.FromResult(ExitCodes.Ok);
    }

    private static Task<int> WhoAmIAsync(Session session, GlobalSettings s, CancellationToken ct)
    {
        if (session.Token is null)
        {
            throw new CliException(ExitCodes.Refused, Texts.T("Not signed in (profile '{0}', {1}).", session.ProfileName, session.Address), session.LoginHint(), "token");
        }

        var identity = Identity(session.ProfileName, session.Address, session.Token);
        if (s.Json)
        {
            session.Output.ShowJson(identity);
            return Task.FromResult(ExitCodes.Ok);
        }

        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn("");
        foreach (var (key, value) in identity)
        {
            table.AddRow(new Text(Texts.T(key)), new Text(value?.ToString() ?? ""));
        }

        session.Output.Write(table);
        return Task.FromResult(ExitCodes.Ok);
    }

    private static Task<int> ListAsync(Session session, GlobalSettings s, CancellationToken ct)
    {
        var rows = session.Config.Profiles.Select(p => new JsonObject
        {
            ["profile"] = p.Key,
            ["current"] = p.Key == (session.Config.CurrentProfile ?? ProfileStore.DefaultProfile),
            ["address"] = p.Value.Address,
            ["signed_in"] = p.Value.Token is not null,
        }).ToList();
        if (s.Json)
        {
            session.Output.ShowJson(new JsonArray([.. rows]));
            return Task.FromResult(ExitCodes.Ok);
        }

        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in new[] { "profile", "current", "address", "signed_in" })
        {
            table.AddColumn(Texts.T(column));
        }

        foreach (var row in rows)
        {
            table.AddRow(
                new Text((string)row["profile"]!),
                new Text((bool)row["current"]! ? "*" : ""),
                new Text((string?)row["address"] ?? ""),
                new Text((bool)row["signed_in"]! ? Texts.T("yes") : Texts.T("no")));
        }

        session.Output.Write(table);
        return Task.FromResult(ExitCodes.Ok);
    }

    private static Task<int> UseAsync(Session session, UseSettings s, CancellationToken ct)
    {
        if (!session.Config.Profiles.ContainsKey(s.Name))
        {
            throw new CliException(ExitCodes.NotFound, Texts.T("No profile '{0}'.", s.Name), Texts.T("acct profile list shows the profiles; acct login --profile <name> makes one."));
        }

        session.Config.CurrentProfile = s.Name;
        session.Store.Save(session.Config);
        session.Output.Note(Texts.T("Profile '{0}' is now the current one.", s.Name));
        return Task.FromResult(ExitCodes.Ok);
    }

    private static Task<int> ShowTokenAsync(Session session, GlobalSettings s, CancellationToken ct)
    {
        if (session.Token is null)
        {
            throw new CliException(ExitCodes.Refused, Texts.T("Not signed in (profile '{0}', {1}).", session.ProfileName, session.Address), session.LoginHint(), "token");
        }

        session.Env.Out.WriteLine(session.Token);
        return Task.FromResult(ExitCodes.Ok);
    }

    private static JsonObject Identity(string profile, string address, string token)
    {
        var claims = DevTokens.Claims(token) ?? [];
        var expires = claims["exp"]?.GetValue<long>() is { } exp ? DateTimeOffset.FromUnixTimeSeconds(exp).ToOffset(TimeArg.ChinaOffset).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null;
        return new JsonObject
        {
            ["profile"] = profile,
            ["address"] = address,
            ["subject"] = claims["sub"]?.GetValue<string>(),
            ["role"] = claims["role"]?.GetValue<string>(),
            ["organ"] = claims["organ"]?.GetValue<string>(),
            ["department"] = claims["dept"]?.GetValue<string>(),
            ["expires"] = expires,
        };
    }

    internal sealed class LoginSettings : GlobalSettings
    {
        [CommandOption("--dev")]
        [Text("Mint a development token from the all-in-one host's generated keys (loopback addresses only)")]
        public bool Dev { get; set; }

        [CommandOption("--role <ROLE>")]
        [Text("With --dev: intake, clerk, handler, supervisor, custodian, auditor, orgdept or admin")]
        public string? Role { get; set; }

        [CommandOption("--subject <NAME>")]
        [Text("With --dev: who you are (default dev-<role>)")]
        public string? Subject { get; set; }

        [CommandOption("--dept <ID>")]
        [Text("With --dev: your department (a handler's default: dept-1)")]
        public string? Department { get; set; }

        [CommandOption("--organ <ID>")]
        [Text("With --dev: your organ (default org-city)")]
        public string? Organ { get; set; }

        [CommandOption("--hours <N>")]
        [Text("With --dev: hours the token is valid, 1 to 24 (default 8)")]
        public int Hours { get; set; } = 8;

        [CommandOption("--keys <PATH>")]
        [Text("With --dev: the host's dev-keys.json (default: found from the current folder, or ACCT_DEV_KEYS)")]
        public string? Keys { get; set; }

        [CommandOption("--token-stdin")]
        [Text("Read a token issued by your identity provider from standard input")]
        public bool TokenStdin { get; set; }
    }

    internal sealed class UseSettings : GlobalSettings
    {
        [CommandArgument(0, "<NAME>")]
        [Text("The profile's name")]
        public string Name { get; set; } = "";
    }
}
