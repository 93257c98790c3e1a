using System.Text.Json.Nodes;
using Accountability.Admin.Cli;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>Tolerance through acct: a matter, an application through verification, committee and decision, the accountability decision and a rectification task on the worklist; integrity opinions in batch from a CSV.</summary>
public sealed class ToleranceAndOpinionTests
{
    private const string Zone = "清水县经济开发区管委会";

    [Fact]
    public async Task A_tolerance_application_is_verified_with_factors_from_csv_decided_by_the_committee_and_explained()
    {
        await using var acct = await CliRunner.StartAsync(); // Monday 2 March 2026
        await acct.LoginAsync("handler", "handler", "--subject", "handler-li", "--dept", "dept-1");
        await acct.LoginAsync("supervisor", "supervisor", "--subject", "supervisor-wang");
        var ct = TestContext.Current.CancellationToken;

        var matter = (await acct.RunAsync("tolerance", "open", "--profile", "handler", "--json", "--source", "audit", "--source-ref", "县审计局审计报告〔2026〕4号",
            "--facts", "土地租赁试点租金收入未达预期，造成国有资产损失约三百万元。", "--duty", "未充分评估试点风险", "--cadre", $"张明,{Zone},主任,county,cadre-zhang")).Ok().Json;
        var matterId = (string)matter["matter_id"]!;
        Assert.Equal(("MATTER_STATUS_OPEN", "dept-1", "t1"), ((string?)matter["status"], (string?)matter["department"], (string?)matter["targets"]![0]!["target_id"]));

        var filed = (await acct.RunAsync("tolerance", "apply", matterId, "--profile", "handler", "--json", "--target", "t1", "--applicant", "张明",
            "--reference", "容错免责申请书", "--ground", "unrestricted-exploration", "--mitigation", "remedial-action")).Ok().Json;
        var applicationId = (string)filed["application_id"]!;
        Assert.Equal("APPLICATION_STATUS_SUBMITTED", (string?)filed["status"]);
        (await acct.RunAsync("tolerance", "accept", applicationId, "--profile", "supervisor", "--note", "符合受理条件")).Ok();

        // A factor missing: the server names the field, nothing is stored.
        var partial = await acct.RunAsync("tolerance", "verify", applicationId, "--profile", "handler", "--json", "--collective-decision",
            "--factor", "motive=出于公心", "--evidence", $"motive=说明.pdf,{new string('a', 64)},1024,docs://tolerance/1");
        Assert.Equal(ExitCodes.Usage, partial.ExitCode);
        Assert.Equal("factors", (string?)Assert.Single(partial.ErrorJson["error"]!["field_violations"]!.AsArray())!["field"]);

        // The six factors from a CSV, a row per document.
        var factors = Path.Combine(acct.Folder, "factors.csv");
        string[] kinds = ["motive", "objective-conditions", "procedure", "nature-and-degree", "consequences", "loss-recovery"];
        await File.WriteAllLinesAsync(factors, ["factor,finding,name,sha256,size_bytes,uri", .. kinds.Select((k, i) => $"{k},核实情况{i + 1},证据{i + 1}.pdf,{new string((char)('a' + i), 64)},2048,docs://tolerance/evidence-{i + 1}")], ct);
        var verified = (await acct.RunAsync("tolerance", "verify", applicationId, "--profile", "handler", "--json", "--collective-decision", "--losses-recovered", "40",
            "--factors", factors, "--ground", "unrestricted-exploration", "--mitigation", "remedial-action", "--summary", "经核实，情况属实。")).Ok().Json;
        Assert.Equal(6, verified["verification"]!["factors"]!.AsArray().Count);
        Assert.Equal(("v1", "TOLERANCE_OUTCOME_EXEMPTED"), ((string?)verified["evaluation"]!["rule_set_version"], (string?)verified["evaluation"]!["suggested_outcome"]));

        // The committee: m3 is of the same unit and must recuse.
        (await acct.RunAsync("tolerance", "committee", applicationId, "--profile", "supervisor", "--name", "县纪委常委会",
            "--member", "m1,纪委书记 陈,县纪委", "--member", "m2,纪委副书记 林,县纪委机关", "--member", $"m3,常委 孙,{Zone}", "--member", "m4,监委委员 黄,县监委")).Ok();
        var recused = await acct.RunAsync("tolerance", "vote", applicationId, "--profile", "supervisor", "--member", "m3", "--outcome", "exempted");
        Assert.Equal(ExitCodes.Refused, recused.ExitCode);
        foreach (var member in new[] { "m1", "m2", "m4" })
        {
            (await acct.RunAsync("tolerance", "vote", applicationId, "--profile", "supervisor", "--member", member, "--outcome", "免予问责", "--opinion", "同意")).Ok();
        }

        var decided = (await acct.RunAsync("tolerance", "decide", applicationId, "--profile", "supervisor", "--json", "--outcome", "exempted")).Ok().Json;
        Assert.Equal(("APPLICATION_STATUS_DECIDED", 3), ((string?)decided["status"], (int)decided["decision"]!["votes_for"]!));
        (await acct.RunAsync("tolerance", "feedback", applicationId, "--profile", "handler", "--reference", "容错认定结果告知书", "--method", "书面送达")).Ok();
        var filedWith = (await acct.RunAsync("tolerance", "file", applicationId, "--profile", "handler", "--json", "--with", "org-dept")).Ok().Json;
        Assert.Equal("APPLICATION_STATUS_FILED", (string?)filedWith["status"]);

        var explained = (await acct.RunAsync("tolerance", "explain", "--application", applicationId, "--profile", "handler", "--json")).Ok().Json;
        Assert.True((bool)explained["reproduced"]!);
        Assert.Contains("EX-REFORM-EXPLORATION", explained["evaluation"]!["fired_rules"]!.AsArray().Select(r => (string?)r!["rule_id"]));

        // Exempted: the accountability decision has no forms. A rectification task goes on the handler's worklist.
        var decision = (await acct.RunAsync("tolerance", "decide-accountability", matterId, "--profile", "supervisor", "--json", "--target", "t1", "--basis", "问责条例第十七条：免予问责")).Ok().Json;
        Assert.True((bool)decision["exempted"]!);
        var task = (await acct.RunAsync("tolerance", "add-task", matterId, "--profile", "handler", "--json", "--description", "完善土地租赁试点风险评估制度", "--owner", "开发区管委会", "--due-in", "3")).Ok().Json;
        var taskId = (string)task["task_id"]!;
        var worklist = (await acct.RunAsync("worklist", "--profile", "handler", "--days", "3", "--json")).Ok().Json;
        var item = Assert.Single(worklist["items"]!.AsArray(), i => (string?)i!["id"] == taskId)!;
        Assert.Equal(("tolerance", matterId, "2026-03-05", false), ((string?)item["service"], (string?)item["reference"], (string?)item["due_date"], (bool)item["overdue"]!));
        Assert.DoesNotContain(taskId, (await acct.RunAsync("worklist", "--profile", "handler", "--days", "2", "-q")).Ok().Out, StringComparison.Ordinal);
        acct.AdvanceTo(new DateTimeOffset(2026, 3, 6, 2, 0, 0, TimeSpan.Zero));
        var overdue = (await acct.RunAsync("worklist", "--profile", "handler", "--days", "0", "--lang", "en")).Ok().Out;
        Assert.Contains(taskId, overdue, StringComparison.Ordinal);
        Assert.Contains("Rectification task 完善土地租赁试点风险评估制度", overdue, StringComparison.Ordinal);

        (await acct.RunAsync("tolerance", "complete-task", taskId, "--profile", "handler", "--note", "已印发风险评估办法")).Ok();
        Assert.DoesNotContain(taskId, (await acct.RunAsync("worklist", "--profile", "handler", "--days", "0", "-q")).Ok().Out, StringComparison.Ordinal);
        var closed = (await acct.RunAsync("tolerance", "close", matterId, "--profile", "supervisor", "--json", "--note", "整改完成")).Ok().Json;
        Assert.Equal("MATTER_STATUS_CLOSED", (string?)closed["status"]);

        // The table is in Chinese by default; the audit chain of the service verifies.
        Assert.Contains("免予问责", (await acct.RunAsync("tolerance", "application", applicationId, "--profile", "handler")).Ok().Out, StringComparison.Ordinal);
        await acct.LoginAsync("auditor", "auditor");
        (await acct.RunAsync("audit", "verify", "tolerance", "--profile", "auditor")).Ok();
        (await acct.RunAsync("audit", "verify", "casefiles", "--profile", "auditor")).Ok();
    }

    [Fact]
    public async Task A_withdrawn_application_stops_blocking_the_decision_and_an_exemption_without_one_is_stated_directly()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("handler", "handler", "--subject", "handler-li", "--dept", "dept-1");
        await acct.LoginAsync("supervisor", "supervisor", "--subject", "supervisor-wang");

        var matterId = (string)(await acct.RunAsync("tolerance", "open", "--profile", "handler", "--json", "--source", "incident", "--source-ref", "开发区仓库火灾事故",
            "--facts", "仓库消防设施未按期检修。", "--duty", "安全生产监管职责", "--cadre", $"张明,{Zone},主任,county,cadre-zhang")).Ok().Json["matter_id"]!;
        var applicationId = (string)(await acct.RunAsync("tolerance", "apply", matterId, "--profile", "handler", "--json", "--target", "t1", "--applicant", "张明",
            "--reference", "容错免责申请书", "--ground", "force-majeure")).Ok().Json["application_id"]!;

        // While the application is in progress the target's decision waits for it.
        var waiting = await acct.RunAsync("tolerance", "decide-accountability", matterId, "--profile", "supervisor", "--json", "--target", "t1",
            "--basis", "问责条例第十七条", "--direct-outcome", "exempted");
        Assert.Equal(ExitCodes.Refused, waiting.ExitCode);

        var withdrawn = (await acct.RunAsync("tolerance", "withdraw", applicationId, "--profile", "supervisor", "--json", "--reason", "申请人书面撤回")).Ok().Json;
        Assert.Equal("APPLICATION_STATUS_WITHDRAWN", (string?)withdrawn["status"]);

        // No forms without an exempting outcome; with one stated directly, the target is exempted.
        var noForms = await acct.RunAsync("tolerance", "decide-accountability", matterId, "--profile", "supervisor", "--json", "--target", "t1", "--basis", "问责条例第八条");
        Assert.NotEqual(ExitCodes.Ok, noForms.ExitCode);
        var decision = (await acct.RunAsync("tolerance", "decide-accountability", matterId, "--profile", "supervisor", "--json", "--target", "t1",
            "--basis", "问责条例第十七条：不可抗力", "--direct-outcome", "exempted")).Ok().Json;
        Assert.True((bool)decision["exempted"]!);
        Assert.Empty(decision["forms"]?.AsArray() ?? []);
    }

    [Fact]
    public async Task Opinions_for_a_list_of_candidates_are_requested_in_one_batch_with_progress_and_bad_rows_named_by_line()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("orgdept", "orgdept", "--subject", "orgdept-zhou");
        var candidates = Path.Combine(acct.Folder, "candidates.csv");
        await File.WriteAllLinesAsync(candidates, ["cadre_id,name", "c-qingshui-hexi-03,李四", "c-city-czj-02,王晓峰", ",无编号", "c-nobody,查无此人", "c-city-czj-02,王晓峰"], TestContext.Current.CancellationToken);

        var run = await acct.RunAsync("casefile", "opinion-batch", "--candidates", candidates, "--purpose", "promotion", "--profile", "orgdept", "--json", "--lang", "en");
        Assert.Equal(ExitCodes.Findings, run.ExitCode);
        var opinions = run.Json["opinions"]!.AsArray();
        Assert.Equal(["c-qingshui-hexi-03", "c-city-czj-02"], opinions.Select(o => (string?)o!["cadre_id"]));
        var batchId = (string)run.Json["batch_id"]!;
        Assert.All(opinions, o => Assert.Equal(batchId, (string?)o!["batch_id"]));
        Assert.Contains("Requesting 3 opinions: 100%", run.Error, StringComparison.Ordinal);
        var rejected = JsonNode.Parse(run.Error.Split('\n').Single(l => l.StartsWith("{\"rejected\"", StringComparison.Ordinal)))!["rejected"]!.AsArray();
        Assert.Equal([4, 5, 6], rejected.Select(r => (int)r!["line"]!));
        Assert.Contains("not a cadre of the directory", (string?)rejected[1]!["reason"], StringComparison.Ordinal);
        Assert.Contains("listed twice (first on line 3)", (string?)rejected[2]!["reason"], StringComparison.Ordinal);

        var listed = (await acct.RunAsync("casefile", "list-opinions", "--batch", batchId, "--profile", "orgdept", "--json")).Ok().Json["opinions"]!.AsArray();
        Assert.Equal(2, listed.Count);
    }
}
