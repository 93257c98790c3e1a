using Accountability.Admin.Cli;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>Acceptance 2 (a wrong field names it; a missing token says how to sign in), exit codes, and the dev sign-in.</summary>
public sealed class ErrorAndLoginTests
{
    [Fact]
    public async Task A_field_the_server_refuses_gives_exit_2_and_names_the_field_in_text_and_json()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("default", "clerk");

        var text = await acct.RunAsync("petition", "submit", "--lang", "en", "--accused", "李四,河西镇人民政府,副镇长,township");
        Assert.Equal(ExitCodes.Usage, text.ExitCode);
        Assert.Contains("INVALID_ARGUMENT", text.Error, StringComparison.Ordinal);
        Assert.Contains("  facts: ", text.Error, StringComparison.Ordinal);

        var json = await acct.RunAsync("petition", "submit", "--json", "--accused", "李四,河西镇人民政府,副镇长,township");
        Assert.Equal(ExitCodes.Usage, json.ExitCode);
        var error = json.ErrorJson["error"]!;
        Assert.Equal(("INVALID_ARGUMENT", 2), ((string?)error["code"], (int)error["exit_code"]!));
        Assert.Contains("facts", error["field_violations"]!.AsArray().Select(v => (string?)v!["field"]));
        Assert.Equal("", json.Out);
    }

    [Fact]
    public async Task A_wrong_option_value_is_refused_before_any_call_naming_the_option_and_its_choices()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("default", "clerk");

        var result = await acct.RunAsync("petition", "submit", "--json", "--facts", "某事", "--channel", "pigeon");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var violation = Assert.Single(result.ErrorJson["error"]!["field_violations"]!.AsArray())!;
        Assert.Equal("--channel", (string?)violation["field"]);
        Assert.Contains("phone-12388", (string?)violation["description"], StringComparison.Ordinal);

        var unknownOption = await acct.RunAsync("petition", "list", "--colour", "red");
        Assert.Equal(ExitCodes.Usage, unknownOption.ExitCode);
    }

    [Fact]
    public async Task Without_a_token_acct_refuses_with_exit_4_and_says_how_to_sign_in()
    {
        await using var acct = await CliRunner.StartAsync();

        var result = await acct.RunAsync("clue", "list", "--lang", "en");
        Assert.Equal(ExitCodes.Refused, result.ExitCode);
        Assert.Contains("Not signed in", result.Error, StringComparison.Ordinal);
        Assert.Contains("acct login --dev --role handler", result.Error, StringComparison.Ordinal);

        var json = await acct.RunAsync("clue", "list", "--json");
        Assert.Equal("UNAUTHENTICATED", (string?)json.ErrorJson["error"]!["code"]);
        Assert.Contains("acct login", (string?)json.ErrorJson["error"]!["hint"], StringComparison.Ordinal);

        // A token the server does not trust: its refusal carries the same hint.
        acct.SetVariable("ACCT_TOKEN", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4Iiwicm9sZSI6ImhhbmRsZXIifQ.c2lnbmF0dXJl");
        var untrusted = await acct.RunAsync("clue", "list", "--lang", "en");
        Assert.Equal(ExitCodes.Refused, untrusted.ExitCode);
        Assert.Contains("UNAUTHENTICATED", untrusted.Error, StringComparison.Ordinal);
        Assert.Contains("acct login", untrusted.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_ids_exit_3_and_a_role_that_may_not_exit_4()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("default", "handler");

        Assert.Equal(ExitCodes.NotFound, (await acct.RunAsync("petition", "show", "pet_missing")).ExitCode);
        var denied = await acct.RunAsync("petition", "reveal", "pet_missing", "--reason", "核实", "--json");
        Assert.Equal(ExitCodes.Refused, denied.ExitCode);
        Assert.Equal("PERMISSION_DENIED", (string?)denied.ErrorJson["error"]!["code"]);
    }

    [Fact]
    public async Task Dev_sign_in_saves_an_owner_only_profile_the_server_accepts_and_never_prints_the_token_unless_asked()
    {
        await using var acct = await CliRunner.StartAsync();

        var login = (await acct.RunAsync("login", "--dev", "--role", "handler", "--subject", "handler-li", "--lang", "en")).Ok();
        Assert.Contains("handler-li", login.Out, StringComparison.Ordinal);
        var config = Path.Combine(acct.ConfigDirectory, "config.json");
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        }

        var token = (await acct.RunAsync("token", "show")).Ok().Out.Trim();
        Assert.Equal(3, token.Split('.').Length);
        Assert.DoesNotContain(token, login.Out + login.Error, StringComparison.Ordinal);

        var whoami = (await acct.RunAsync("whoami", "--json")).Ok();
        Assert.DoesNotContain(token, whoami.Out, StringComparison.Ordinal);
        Assert.Equal(("handler-li", "handler", "dept-1"), ((string?)whoami.Json["subject"], (string?)whoami.Json["role"], (string?)whoami.Json["department"]));

        // The server accepts it: a handler may list clues.
        (await acct.RunAsync("clue", "list", "--json")).Ok();

        (await acct.RunAsync("logout")).Ok();
        Assert.Equal(ExitCodes.Refused, (await acct.RunAsync("clue", "list")).ExitCode);
    }

    [Fact]
    public async Task Dev_sign_in_is_refused_for_an_address_off_this_machine_and_without_the_hosts_keys()
    {
        await using var acct = await CliRunner.StartAsync();

        var remote = await acct.RunAsync("login", "--dev", "--role", "admin", "--address", "http://acct.example.org:5080", "--json");
        Assert.Equal(ExitCodes.Refused, remote.ExitCode);
        Assert.False(File.Exists(Path.Combine(acct.ConfigDirectory, "config.json")));

        acct.SetVariable("ACCT_DEV_KEYS", null);
        var noKeys = await acct.RunAsync("login", "--dev", "--role", "admin", "--lang", "en");
        Assert.Equal(ExitCodes.Usage, noKeys.ExitCode);
        Assert.Contains("dev-keys.json", noKeys.Error, StringComparison.Ordinal);

        // A keys file that is not the server's: the token is minted but the server refuses it.
        var otherKeys = Path.Combine(acct.Folder, "other-keys.json");
        await File.WriteAllTextAsync(otherKeys, "{\"Auth:SigningKey\":\"" + Convert.ToBase64String(new byte[32]) + "\"}", TestContext.Current.CancellationToken);
        (await acct.RunAsync("login", "--dev", "--role", "admin", "--keys", otherKeys)).Ok();
        Assert.Equal(ExitCodes.Refused, (await acct.RunAsync("audit", "verify", "petitions")).ExitCode);
    }

    [Fact]
    public async Task Profiles_keep_an_address_and_token_each_and_one_is_current()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("auditor", "auditor");
        await acct.LoginAsync("clerk", "clerk");

        var profiles = (await acct.RunAsync("profile", "list", "--json")).Ok().Json.AsArray();
        Assert.Equal(["auditor", "clerk"], profiles.Select(p => (string?)p!["profile"]));
        Assert.Equal("auditor", (string?)profiles.Single(p => (bool)p!["current"]!)!["profile"]);

        (await acct.RunAsync("profile", "use", "clerk")).Ok();
        Assert.Equal("clerk", (string?)(await acct.RunAsync("whoami", "--json")).Ok().Json["role"]);
        var verified = (await acct.RunAsync("audit", "verify", "petitions", "--profile", "auditor", "--json")).Ok().Json;
        Assert.True((bool)verified["valid"]!);
        Assert.Equal(ExitCodes.NotFound, (await acct.RunAsync("profile", "use", "nobody")).ExitCode);
    }
}
