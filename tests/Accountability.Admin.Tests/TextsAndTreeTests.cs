using System.Reflection;
using Accountability.Admin.Cli;
using Accountability.Admin.Commands;
using Google.Protobuf.Reflection;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>The resource table covers every label and text; every command has help with an example; completion covers the tree.</summary>
public sealed class TextsAndTreeTests
{
    private static readonly ServiceDescriptor[] Services =
    [
        Protos.Petitions.V1.Petitions.Descriptor,
        Protos.Petitions.V1.ReporterDesk.Descriptor,
        Protos.Clues.V1.Clues.Descriptor,
        Protos.Talks.V1.Talks.Descriptor,
        Protos.Tolerance.V1.Tolerance.Descriptor,
        Protos.CaseFiles.V1.CaseFiles.Descriptor,
        Protos.Audit.V1.Audit.Descriptor,
    ];

    [Fact]
    public void Every_field_and_enum_value_of_the_services_replies_has_a_chinese_label()
    {
        var messages = new HashSet<MessageDescriptor>();
        var pending = new Stack<MessageDescriptor>(Services.SelectMany(s => s.Methods).Select(m => m.OutputType));
        while (pending.TryPop(out var message))
        {
            if (message.File.Package.StartsWith("accountability.", StringComparison.Ordinal) && messages.Add(message))
            {
                foreach (var field in message.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message))
                {
                    pending.Push(field.MessageType);
                }
            }
        }

        var fields = messages.SelectMany(m => m.Fields.InDeclarationOrder()).ToList();
        var unlabelled = fields.Select(f => f.Name).Distinct().Where(n => !Texts.FieldLabels.ContainsKey(n)).ToList();
        Assert.True(unlabelled.Count == 0, "missing: " + string.Join(" | ", unlabelled));
        var values = fields.Where(f => f.FieldType == FieldType.Enum).SelectMany(f => f.EnumType.Values).Where(v => v.Number != 0).Select(v => v.Name).Distinct();
        var unlabelledValues = values.Where(v => !Texts.EnumLabels.ContainsKey(v)).ToList();
        Assert.True(unlabelledValues.Count == 0, "missing: " + string.Join(" | ", unlabelledValues));
    }

    [Fact]
    public void Every_help_text_and_command_description_has_a_chinese_entry()
    {
        var tree = AcctApp.BuildTree();
        var texts = typeof(AcctApp).Assembly.GetTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(p => p.GetCustomAttribute<TextAttribute>()?.English)
            .OfType<string>()
            .Concat(tree.Commands.Select(c => c.Description))
            .Concat(tree.Branches.Values)
            .Distinct();
        var untranslated = texts.Where(t => !Texts.Messages.ContainsKey(t)).ToList();
        Assert.True(untranslated.Count == 0, "missing: " + string.Join(" | ", untranslated));
    }

    [Fact]
    public void Every_command_has_a_description_and_an_example_and_completion_offers_it()
    {
        var tree = AcctApp.BuildTree();
        Assert.True(tree.Commands.Count > 60, $"{tree.Commands.Count} commands");
        Assert.All(tree.Commands, c => Assert.True(c.Description.Length > 0 && c.Example.Count >= c.Path.Count, string.Join(' ', c.Path)));
        foreach (var group in new[] { "petition", "clue", "talk", "tolerance", "casefile", "audit", "report", "profile", "token" })
        {
            Assert.Contains(group, tree.Branches.Keys);
        }

        var script = CompletionCommands.Bash(tree);
        Assert.Contains("complete -F _acct acct", script, StringComparison.Ordinal);
        Assert.Contains("report-inquiry)", script, StringComparison.Ordinal);
        Assert.Contains("--attendance", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_shows_chinese_by_default_and_english_with_lang_en()
    {
        await using var acct = await CliRunner.StartAsync();
        var zh = (await acct.RunAsync("talk", "record", "--help")).Ok().Out;
        Assert.Contains("从 CSV 文件读取出席情况", zh, StringComparison.Ordinal);
        Assert.Contains("acct talk record talk_0123 --attendance attendance.csv", zh, StringComparison.Ordinal);
        var en = (await acct.RunAsync("talk", "record", "--help", "--lang", "en")).Ok().Out;
        Assert.Contains("Attendance from a CSV file", en, StringComparison.Ordinal);
        Assert.Contains("completion", (await acct.RunAsync("--help")).Ok().Out, StringComparison.Ordinal);
        Assert.Contains("_acct()", (await acct.RunAsync("completion", "zsh")).Ok().Out, StringComparison.Ordinal);
    }
}
