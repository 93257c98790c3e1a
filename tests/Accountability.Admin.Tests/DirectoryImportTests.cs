using System.Text;
using System.Text.Json.Nodes;
using Accountability.Admin.Cli;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>Acceptance 3: a directory import shows progress, names the rows it rejects by line, and imports the rest.</summary>
public sealed class DirectoryImportTests
{
    private const string Header = "cadre_id,name,organ_id,unit,post,rank,level,managing_organ_id,principal,party_member";

    [Fact]
    public async Task Importing_a_thousand_cadres_shows_progress_rejects_the_bad_rows_by_line_and_imports_the_rest()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("default", "admin");
        var ct = TestContext.Current.CancellationToken;

        // Row n is on line n + 1 (the header is line 1). Seven rows are bad, each in its own way; one
        // of them (an over-long name) only the server refuses.
        static string Row(int n) => n switch
        {
            100 => Cadre(n, rank: "general"),
            250 => Cadre(n, name: ""),
            400 => Cadre(n, level: "galaxy"),
            555 => Cadre(554),
            777 => Cadre(n, name: new string('张', 201)),
            901 => Cadre(n, principal: "maybe"),
            999 => Cadre(n, post: ""),
            _ => Cadre(n),
        };
        var file = Path.Combine(acct.Folder, "cadres.csv");
        await File.WriteAllLinesAsync(file, [Header, .. Enumerable.Range(1, 1000).Select(Row)], new UTF8Encoding(true), ct);

        var run = await acct.RunAsync("casefile", "import", file, "--lang", "en");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);

        // Progress on standard error, as plain lines off a terminal: reading, then importing, to 100%.
        var importing = run.Error.Split('\n').Where(l => l.StartsWith("Importing cadres.csv: ", StringComparison.Ordinal)).ToList();
        Assert.True(importing.Count >= 10, run.Error);
        Assert.Contains("Importing cadres.csv: 100% (994/994)", importing.Last(), StringComparison.Ordinal);
        Assert.Contains("Reading cadres.csv: 100% (1000/1000)", run.Error, StringComparison.Ordinal);

        // The rejected rows, by line, with the reason.
        Assert.Contains("Line 101: rank: 'general' is not one of: bureau-principal", run.Error, StringComparison.Ordinal);
        Assert.Contains("Line 251: name: is empty", run.Error, StringComparison.Ordinal);
        Assert.Contains("Line 401: level: 'galaxy' is not one of:", run.Error, StringComparison.Ordinal);
        Assert.Contains("Line 556: cadre_id: 'imp-0554' is listed twice (first on line 555)", run.Error, StringComparison.Ordinal);
        Assert.Contains("Line 778: name: ", run.Error, StringComparison.Ordinal);
        Assert.Contains("Line 902: principal: 'maybe' is neither yes nor no", run.Error, StringComparison.Ordinal);
        Assert.Contains("Line 1000: post: is empty", run.Error, StringComparison.Ordinal);
        Assert.Equal(7, run.Error.Split('\n').Count(l => l.StartsWith("Line ", StringComparison.Ordinal)));
        Assert.Contains("993 of 1000 entries imported or unchanged; 7 rejected.", run.Out, StringComparison.Ordinal);

        // The rest is in the directory, read back through the CaseFiles API.
        var listed = (await acct.RunAsync("casefile", "cadres", "--organ", "unit-import", "--all", "--json")).Ok().Json["cadres"]!.AsArray();
        Assert.Equal(993, listed.Count);
        var ids = listed.Select(c => (string)c!["cadre_id"]!).ToHashSet();
        Assert.DoesNotContain("imp-0100", ids);
        Assert.DoesNotContain("imp-0777", ids);
        Assert.Contains("imp-0001", ids);
        Assert.Contains("imp-1000", ids);
        var one = (await acct.RunAsync("casefile", "cadre", "imp-0042", "--json")).Ok().Json;
        Assert.Equal(("干部0042", "RANK_SECTION_DEPUTY", "LEVEL_TOWNSHIP", true), ((string?)one["name"], (string?)one["rank"], (string?)one["level"], (bool)one["party_member"]!));
        Assert.Equal(ExitCodes.NotFound, (await acct.RunAsync("casefile", "cadre", "imp-0250")).ExitCode);

        // Again, as JSON: nothing changes, the same rows are named, each once.
        var again = await acct.RunAsync("casefile", "import", file, "--json");
        Assert.Equal(ExitCodes.Findings, again.ExitCode);
        Assert.Equal((0, 0), ((int)again.Json["cadres_added"]!, (int)again.Json["cadres_updated"]!));
        var rejected = JsonNode.Parse(again.Error.Split('\n').Single(l => l.StartsWith("{\"rejected\"", StringComparison.Ordinal)))!["rejected"]!.AsArray();
        Assert.Equal([101, 251, 401, 556, 778, 902, 1000], rejected.Select(r => (int)r!["line"]!));
    }

    [Fact]
    public async Task A_json_directory_names_the_entries_it_rejects_by_their_line_and_imports_organs_and_cadres()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("default", "orgdept");
        var file = Path.Combine(acct.Folder, "directory.json");
        var json = new JsonObject
        {
            ["organs"] = new JsonArray(
                new JsonObject { ["id"] = "unit-json-1", ["name"] = "清水县试点局", ["level"] = "county", ["parentId"] = null },
                new JsonObject { ["id"] = "unit-json-2", ["name"] = "清水县试点局办公室", ["level"] = "nowhere", ["parentId"] = "unit-json-1" }),
            ["cadres"] = new JsonArray(
                new JsonObject { ["id"] = "json-1", ["name"] = "王一", ["organId"] = "unit-json-1", ["unit"] = "清水县试点局", ["post"] = "局长", ["rank"] = "division_principal", ["level"] = "county", ["principal"] = true, ["partyMember"] = true },
                new JsonObject { ["id"] = "json-2", ["name"] = "王二", ["organId"] = "unit-json-1", ["unit"] = "清水县试点局", ["post"] = "副局长", ["rank"] = "副处级", ["level"] = "县", ["principal"] = false, ["partyMember"] = true },
                "not an entry"),
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        await File.WriteAllTextAsync(file, json, TestContext.Current.CancellationToken);
        var lines = json.Split('\n');
        int LineOf(string text) => Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

        var run = await acct.RunAsync("casefile", "import", file, "--lang", "en", "--json");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        Assert.Equal((1, 2), ((int)run.Json["organs_added"]!, (int)run.Json["cadres_added"]!));
        var rejected = JsonNode.Parse(run.Error.Split('\n').Single(l => l.StartsWith("{\"rejected\"", StringComparison.Ordinal)))!["rejected"]!.AsArray();
        Assert.Equal([LineOf("\"unit-json-2\"") - 1, LineOf("\"not an entry\"")], rejected.Select(r => (int)r!["line"]!));
        Assert.Contains("level: 'nowhere'", (string?)rejected[0]!["reason"], StringComparison.Ordinal);

        var second = (await acct.RunAsync("casefile", "cadre", "json-2", "--json")).Ok().Json;
        Assert.Equal(("RANK_DIVISION_DEPUTY", "LEVEL_COUNTY"), ((string?)second["rank"], (string?)second["level"]));
    }

    private static string Cadre(int n, string? name = null, string rank = "section_deputy", string level = "township", string? post = null, string principal = "false") =>
        $"imp-{n:D4},{name ?? $"干部{n:D4}"},unit-import,\"清水县导入测试镇人民政府,党政办\",{post ?? "副镇长"},{rank},{level},org-county-qingshui,{principal},true";
}
