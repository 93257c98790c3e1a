using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>
/// Acceptance 1: a petition becomes a clue, an inquiry talk, a first-form outcome and an integrity
/// opinion on the cadre, with acct commands only.
/// </summary>
public sealed class FullPathTests
{
    /// <summary>李四, deputy head of 河西镇, in the directory the suite loads from seeds/directory.</summary>
    private const string LiSi = "c-qingshui-hexi-03";

    [Fact]
    public async Task A_petition_becomes_a_clue_an_inquiry_talk_a_first_form_outcome_and_an_integrity_opinion_driven_by_acct_alone()
    {
        await using var acct = await CliRunner.StartAsync();
        await acct.LoginAsync("clerk", "clerk");
        await acct.LoginAsync("supervisor", "supervisor", "--subject", "supervisor-wang");
        await acct.LoginAsync("handler", "handler", "--subject", "handler-li", "--dept", "dept-1");
        await acct.LoginAsync("orgdept", "orgdept", "--subject", "orgdept-zhou");

        // Intake, screening and triage by the clerk.
        var submitted = (await acct.RunAsync("petition", "submit", "--profile", "clerk", "--json",
            "--facts", "该镇副镇长在道路工程招标中收受承包商回扣二十万元。",
            "--accused", "李四,清水县河西镇人民政府,副镇长,township", "--discipline", "integrity")).Ok().Json;
        var petitionId = (string)submitted["petition_id"]!;
        Assert.Equal("PETITION_STATUS_REGISTERED", (string?)submitted["status"]);
        Assert.Matches("^[0-9]{16}$", (string?)submitted["receipt_code"]);
        var accepted = (await acct.RunAsync("petition", "screen", petitionId, "--profile", "clerk", "--json", "--outcome", "accept", "--reason", "属本级管辖")).Ok().Json;
        Assert.Equal("PETITION_STATUS_ACCEPTED", (string?)accepted["status"]);
        (await acct.RunAsync("petition", "triage", petitionId, "--profile", "clerk", "--json", "--proposal", "反映李四收受工程回扣问题")).Ok();

        // The proposal reaches Clues as an event; the petition learns its clue.
        var proposals = (await acct.RunAsync("petition", "clues", petitionId, "--profile", "clerk", "--json", "--wait", "30")).Ok().Json.AsArray();
        var clueId = (string)Assert.Single(proposals)!["clue_id"]!;

        // The petition named 李四 by name and unit: his dossier has the clue, so an opinion asked now defers.
        var registered = (await acct.RunAsync("casefile", "timeline", LiSi, "--kind", "clue-registered", "--profile", "supervisor", "--json", "--wait", "30")).Ok().Json;
        Assert.Contains("clue:" + clueId, Assert.Single(registered["entries"]!.AsArray())!["refs"]!.AsArray().Select(r => (string?)r));
        var asked = (await acct.RunAsync("casefile", "opinion", LiSi, "--purpose", "promotion", "--profile", "orgdept", "--json")).Ok().Json;
        // The organisation department sees no answer before the discipline side signs it; the supervisor does.
        Assert.Equal(("OPINION_ANSWER_UNSPECIFIED", "OPINION_STATUS_AWAITING_SIGNATURE"), ((string?)asked["answer"] ?? "OPINION_ANSWER_UNSPECIFIED", (string?)asked["status"]));
        var early = (await acct.RunAsync("casefile", "show-opinion", (string)asked["opinion_id"]!, "--profile", "supervisor", "--json")).Ok().Json;
        Assert.Equal("OPINION_ANSWER_DEFER_UNTIL_RESOLVED", (string?)early["answer"]);
        var openClue = Assert.Single(early["reasons"]!.AsArray(), r => (string?)r!["rule"] == "open_clue")!;
        Assert.Equal(["clue:" + clueId], openClue["records"]!.AsArray().Select(r => (string?)r));

        // Assignment and disposal by collective decision (supervisor); the handler asks for the inquiry talk.
        var assigned = (await acct.RunAsync("clue", "assign", clueId, "--profile", "supervisor", "--json", "--dept", "dept-1", "--handler", "handler-li")).Ok().Json;
        Assert.Equal(("CLUE_STATUS_ASSIGNED", petitionId), ((string?)assigned["status"], (string?)assigned["petition_id"]));
        (await acct.RunAsync("clue", "dispose", clueId, "--profile", "supervisor", "--json", "--method", "talk-inquiry", "--meeting-date", "today",
            "--attendee", "王书记", "--attendee", "赵主任", "--approver", "王书记", "--reason", "一般性问题，谈话函询")).Ok();
        var requested = (await acct.RunAsync("clue", "request-talk", clueId, "--profile", "handler", "--json", "--talker", "王书记", "--talker", "赵主任")).Ok().Json;
        Assert.Equal("CLUE_STATUS_TALK_REQUESTED", (string?)requested["status"]);

        // The talk appears in the Talks service for the handler's department; scheduled, held.
        var talks = (await acct.RunAsync("talk", "list", "--clue", clueId, "--profile", "handler", "--json", "--wait", "30")).Ok().Json;
        var talkId = (string)Assert.Single(talks["talks"]!.AsArray())!["talk_id"]!;
        var scheduled = (await acct.RunAsync("talk", "schedule", talkId, "--profile", "handler", "--json", "--start", "+1d", "--place", "纪委谈话室一",
            "--talker", "王书记", "--talker", "赵主任", "--note-taker", "孙记录")).Ok().Json;
        Assert.Equal("TALK_STATUS_SCHEDULED", (string?)scheduled["status"]);
        acct.AdvanceTo(DateTimeOffset.Parse((string)scheduled["start"]!, System.Globalization.CultureInfo.InvariantCulture));
        var held = (await acct.RunAsync("talk", "record", talkId, "--profile", "handler", "--json", "--summary", "谈话记录：本人对反映问题作了说明。",
            "--signature", "王书记", "--signature", "孙记录")).Ok().Json;
        Assert.Equal("TALK_STATUS_HELD", (string?)held["status"]);
        Assert.True((bool)held["participants"]![0]!["present"]!);

        // Clues takes the talk's result; the report proposes a first-form measure: the outcome.
        (await acct.RunAsync("clue", "wait", clueId, "--status", "inquiry-answered", "--profile", "handler", "--json")).Ok();
        var reported = (await acct.RunAsync("clue", "report-inquiry", clueId, "--profile", "handler", "--json", "--proposal", "first-form",
            "--measure", "0:talk-reminder", "--findings", "问题基本属实，情节轻微", "--approver", "王书记")).Ok().Json;
        Assert.Equal("CLUE_STATUS_CONCLUDED", (string?)reported["status"]);
        var outcome = Assert.Single(reported["outcomes"]!.AsArray())!;
        Assert.Equal(("OUTCOME_KIND_TALK_REMINDER", 1), ((string?)outcome["kind"], (int)outcome["form"]!));

        // The concluded clue closes the petition.
        var closed = (await acct.RunAsync("petition", "wait", petitionId, "--status", "closed", "--profile", "clerk", "--json")).Ok().Json;
        Assert.Equal("PETITION_STATUS_CLOSED", (string?)closed["status"]);

        // The outcome reaches the dossier; the organisation department asks again before a promotion.
        var outcomes = (await acct.RunAsync("casefile", "timeline", LiSi, "--kind", "outcome", "--profile", "supervisor", "--json", "--wait", "30")).Ok().Json;
        Assert.Single(outcomes["entries"]!.AsArray());
        var opinionId = (string)(await acct.RunAsync("casefile", "opinion", LiSi, "--purpose", "promotion", "--profile", "orgdept", "--json")).Ok().Json["opinion_id"]!;
        var opinion = (await acct.RunAsync("casefile", "show-opinion", opinionId, "--profile", "supervisor", "--json")).Ok().Json;
        Assert.Equal(("OPINION_ANSWER_NO_ISSUE_FOUND", "暂未发现影响提拔任用的问题", "OPINION_STATUS_AWAITING_SIGNATURE"),
            ((string?)opinion["answer"], (string?)opinion["answer_text"], (string?)opinion["status"]));
        var rules = opinion["reasons"]!.AsArray().Select(r => (string?)r!["rule"]).ToList();
        Assert.Contains("matter_closed", rules);
        Assert.Contains("recent_first_form", rules);
        Assert.All(opinion["reasons"]!.AsArray(), r => Assert.True((bool)r!["note"]!));

        // The reply is on the supervisor's worklist until they sign it.
        var due = (await acct.RunAsync("worklist", "--profile", "supervisor", "--json")).Ok().Json["items"]!.AsArray();
        Assert.Contains(due, i => (string?)i!["service"] == "casefiles" && (string?)i["id"] == opinionId);
        var signed = (await acct.RunAsync("casefile", "sign", opinionId, "--profile", "supervisor", "--json", "--signer", "纪委书记 王某", "--signer", "党风政风监督室 赵某")).Ok().Json;
        Assert.Equal("OPINION_STATUS_REPLIED", (string?)signed["status"]);
        Assert.DoesNotContain((await acct.RunAsync("worklist", "--profile", "supervisor", "--json")).Ok().Json["items"]!.AsArray(), i => (string?)i!["id"] == opinionId);
        var replied = (await acct.RunAsync("casefile", "show-opinion", opinionId, "--profile", "orgdept", "--json")).Ok().Json;
        Assert.Equal(("OPINION_STATUS_REPLIED", "OPINION_ANSWER_NO_ISSUE_FOUND"), ((string?)replied["status"], (string?)replied["answer"]));

        // And the period figures count the petition, its clue and the person-time in the first form.
        var figures = (await acct.RunAsync("report", "period", "--profile", "supervisor", "--json")).Ok().Json;
        Assert.Equal((1, 1, 1), ((int)figures["petitions_received"]!, (int)figures["clues_from_petitions"]!, (int)figures["first_form_person_times"]!));
        var paragraph = (await acct.RunAsync("report", "period", "--profile", "supervisor", "--format", "text")).Ok().Out;
        Assert.Contains("共受理信访举报1件，从中梳理出问题线索1件", paragraph, StringComparison.Ordinal);
        Assert.Contains("其中第一种形态1人次", paragraph, StringComparison.Ordinal);
    }
}
