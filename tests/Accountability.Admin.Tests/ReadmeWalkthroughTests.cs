using System.Text.RegularExpressions;
using Accountability.Admin.Cli;
using Xunit;

namespace Accountability.Admin.Tests;

/// <summary>Acceptance 4: the README's five-minute walkthrough, run line by line as written.</summary>
public sealed partial class ReadmeWalkthroughTests
{
    [Fact]
    public async Task The_readme_walkthrough_runs_as_written()
    {
        var lines = Walkthrough();
        Assert.Contains(lines, l => l.StartsWith("acct login --dev", StringComparison.Ordinal));
        await using var acct = await CliRunner.StartAsync();
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var ran = 0;
        foreach (var line in lines)
        {
            if (line.StartsWith("alias ", StringComparison.Ordinal))
            {
                continue;
            }

            var capture = Capture().Match(line);
            var command = capture.Success ? capture.Groups["command"].Value : line;
            Assert.StartsWith("acct ", command, StringComparison.Ordinal);
            var expanded = Variable().Replace(command, m => variables.TryGetValue(m.Groups[1].Value, out var value) ? value : throw new InvalidOperationException($"{m.Value} is not set before: {line}"));
            var result = await acct.RunAsync([.. ShellWords.Split(expanded).Skip(1)]);
            Assert.True(result.ExitCode == 0, $"{line}\nexit {result.ExitCode}\n{result.Out}\n{result.Error}");
            if (capture.Success)
            {
                var value = result.Out.Trim();
                Assert.False(value.Length == 0 || value.Contains('\n', StringComparison.Ordinal), $"{line} should print one identifier, printed: '{value}'");
                variables[capture.Groups["name"].Value] = value;
            }

            ran++;
        }

        Assert.True(ran >= 25, $"only {ran} commands ran");
    }

    /// <summary>The lines of the shell block between the walkthrough markers of the README.</summary>
    private static List<string> Walkthrough()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "README.md"));
        var start = readme.IndexOf("<!-- walkthrough:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- walkthrough:end -->", StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, "the README has no walkthrough markers");
        return readme[start..end].Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith("<!--", StringComparison.Ordinal) && !l.StartsWith("```", StringComparison.Ordinal) && !l.StartsWith('#'))
            .ToList();
    }

    [GeneratedRegex(@"^(?<name>[A-Z_]+)=\$\((?<command>acct .*)\)$")]
    private static partial Regex Capture();

    [GeneratedRegex(@"\$\{?([A-Z_]+)\}?")]
    private static partial Regex Variable();
}
