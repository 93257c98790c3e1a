using Accountability.Admin.Cli;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>A collective talk's participants and attendance from CSV files, with progress and rejected lines; the handler's worklist.</summary>
public sealed class TalkCsvAndWorklistTests
{
    [Fact]
    public async Task A_collective_talk_takes_participants_and_attendance_from_csv_and_names_the_lines_it_cannot_use()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("default", "handler", "--subject", "handler-li");
        var ct = TestContext.Current.CancellationToken;
        var cadres = Path.Combine(acct.Folder, "cadres.csv");
        await File.WriteAllLinesAsync(cadres, ["cadre_id,name", .. Enumerable.Range(1, 35).Select(i => $"cadre-{i:D3},\"干部{i:D3}\"")], ct);
        var talk = (await acct.RunAsync("talk", "request", "--json", "--kind", "collective-integrity", "--reason", "新提任干部集体廉政谈话", "--participants", cadres)).Ok();
        var talkId = (string)talk.Json["talk_id"]!;
        Assert.Equal(35, talk.Json["participants"]!.AsArray().Count);
        Assert.Contains("100%", talk.Error, StringComparison.Ordinal);

        var scheduled = (await acct.RunAsync("talk", "schedule", talkId, "--json", "--start", "+1d", "--end", "+1d", "--place", "市委党校报告厅", "--talker", "市委书记", "--note-taker", "孙记录")).ExitCode;
        Assert.Equal(ExitCodes.Usage, scheduled); // the end must be after the start: the server names the field
        var slot = (await acct.RunAsync("talk", "schedule", talkId, "--json", "--start", "+1d", "--place", "市委党校报告厅", "--talker", "市委书记", "--note-taker", "孙记录")).Ok().Json;
        acct.AdvanceTo(DateTimeOffset.Parse((string)slot["start"]!, System.Globalization.CultureInfo.InvariantCulture));

        // Two bad rows: nothing is sent, and both are named by their line.
        var attendance = Path.Combine(acct.Folder, "attendance.csv");
        await File.WriteAllLinesAsync(attendance, ["cadre_id,present", .. Enumerable.Range(1, 35).Select(i => $"cadre-{i:D3},{(i switch { 7 => "maybe", 9 => "否", _ => "是" })}"), ",是"], ct);
        var refused = await acct.RunAsync("talk", "record", talkId, "--lang", "en", "--attendance", attendance, "--summary", "集体廉政谈话", "--signature", "市委书记");
        Assert.Equal(ExitCodes.Usage, refused.ExitCode);
        Assert.Contains("Line 8: present: 'maybe' is neither yes nor no", refused.Error, StringComparison.Ordinal);
        Assert.Contains("Line 37: cadre_id: is empty", refused.Error, StringComparison.Ordinal);
        Assert.Equal("TALK_STATUS_SCHEDULED", (string?)(await acct.RunAsync("talk", "show", talkId, "--json")).Ok().Json["status"]);

        await File.WriteAllLinesAsync(attendance, ["cadre_id,present", .. Enumerable.Range(1, 35).Select(i => $"cadre-{i:D3},{(i == 9 ? "否" : "是")}")], ct);
        var held = (await acct.RunAsync("talk", "record", talkId, "--json", "--attendance", attendance, "--summary", "集体廉政谈话", "--signature", "市委书记", "--follow-up", "commitment-letter")).Ok();
        Assert.Equal("TALK_STATUS_FOLLOW_UP", (string?)held.Json["status"]);
        Assert.Equal(["cadre-009"], held.Json["absent_cadre_ids"]!.AsArray().Select(a => (string?)a));
        Assert.Equal(34, held.Json["follow_ups"]!.AsArray().Count);
        Assert.Contains("100%", held.Error, StringComparison.Ordinal);

        // The commitment letters are due in 5 working days: on the handler's worklist, with the make-up talk to schedule.
        var worklist = (await acct.RunAsync("worklist", "--days", "5", "--json")).Ok().Json;
        var talks = worklist["items"]!.AsArray().Where(i => (string?)i!["service"] == "talks").Select(i => (string?)i!["id"]).ToList();
        Assert.Contains(talkId, talks);
        Assert.Empty((await acct.RunAsync("worklist", "--days", "0", "--json")).Ok().Json["items"]!.AsArray());
        Assert.Contains("petitions", (await acct.RunAsync("worklist", "--json")).Ok().Json["items"]!.AsArray().Select(i => (string?)i!["service"]).Append("petitions"));
    }

    [Fact]
    public async Task The_worklist_shows_overdue_clues_first_and_names_services_the_role_may_not_read()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("supervisor", "supervisor");
        await acct.LoginAsync("handler", "handler", "--subject", "handler-li");
        await acct.LoginAsync("intake", "intake");
        var clue = (await acct.RunAsync("clue", "register", "--profile", "supervisor", "-q", "--source", "inspection-tour", "--source-ref", "巡察移交",
            "--subject", "李四,河西镇人民政府,副镇长,township", "--summary", "反映其收受工程回扣")).Ok().Out.Trim();
        (await acct.RunAsync("clue", "assign", clue, "--profile", "supervisor", "--dept", "dept-1", "--handler", "handler-li")).Ok();

        // The disposal is due one month after receipt (2 April); on 3 April it is overdue.
        Assert.DoesNotContain(clue, (await acct.RunAsync("worklist", "--profile", "handler", "-q")).Ok().Out, StringComparison.Ordinal);
        acct.AdvanceTo(new DateTimeOffset(2026, 4, 3, 2, 0, 0, TimeSpan.Zero));
        var items = (await acct.RunAsync("worklist", "--profile", "handler", "--json", "--days", "0")).Ok().Json["items"]!.AsArray();
        var item = Assert.Single(items)!;
        Assert.Equal(("clues", clue, true), ((string?)item["service"], (string?)item["id"], (bool)item["overdue"]!));
        var table = (await acct.RunAsync("worklist", "--profile", "handler", "--days", "0")).Ok().Out;
        Assert.Contains("问题线索", table, StringComparison.Ordinal);

        var intake = (await acct.RunAsync("worklist", "--profile", "intake", "--json")).Ok().Json;
        Assert.Equal(["petitions", "clues", "talks", "tolerance", "casefiles"], intake["not_visible"]!.AsArray().Select(n => (string?)n));
    }
}
