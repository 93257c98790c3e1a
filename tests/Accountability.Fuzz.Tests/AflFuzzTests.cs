using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Accountability.Fuzz;
using Accountability.Testing;
using Xunit;

namespace Accountability.Fuzz.Tests;

/// <summary>
/// fuzz/run.sh under afl-fuzz, time-boxed per target (ACCOUNTABILITY_FUZZ_SECONDS, default 45): no input
/// crashes a target and afl did run inputs through each. CI installs afl++ (.ci/run), so there a missing
/// afl-fuzz fails; on a developer's machine without it the test skips and says so.
/// </summary>
public sealed partial class AflFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeconds = 45;

    [Fact]
    public async Task Normaliser_and_repeat_matcher_survive_time_boxed_afl_fuzz()
    {
        if (!OnPath("afl-fuzz"))
        {
            const string missing = "afl-fuzz is not installed (apt-get install afl++)";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(missing + "; .ci/run installs it, so CI must have it.");
            }

            Assert.Skip(missing + ": the afl run is skipped here; ReplayTests still replay the corpus and regressions.");
        }

        var seconds = int.TryParse(Environment.GetEnvironmentVariable("ACCOUNTABILITY_FUZZ_SECONDS"), out var s) && s > 0 ? s : DefaultSeconds;
        var (exitCode, lines) = await RunScriptAsync(seconds);

        var results = lines.Select(l => ResultLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["target"].Value, m => (Execs: Count(m, "execs"), Crashes: Count(m, "crashes")));
        foreach (var (target, (execs, crashes)) in results)
        {
            RunCounts.Record($"{nameof(AflFuzzTests)}.{nameof(Normaliser_and_repeat_matcher_survive_time_boxed_afl_fuzz)}[{target}]",
                new Dictionary<string, long> { ["inputs_tried"] = execs, ["crashes"] = crashes });
        }

        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), results.Keys.Order(StringComparer.Ordinal));
        Assert.All(results, r => Assert.True(r.Value.Execs > 0, $"afl ran no input through {r.Key}"));
        Assert.All(results, r => Assert.True(r.Value.Crashes == 0, $"{r.Value.Crashes} input(s) crashed {r.Key}; see the output above"));
        Assert.Equal(0, exitCode);
    }

    private async Task<(int ExitCode, List<string> Lines)> RunScriptAsync(int seconds)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(FuzzFiles.FuzzDirectory, "run.sh"), seconds.ToString(CultureInfo.InvariantCulture)])
        {
            WorkingDirectory = FuzzFiles.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Its own work folder, so a developer's longer run in the default one is left alone.
        start.Environment["FUZZ_WORK"] = Path.Combine(Path.GetTempPath(), "accountability-fuzz-test");

        var lines = new List<string>();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // The build, the instrumentation and afl's start-up come on top of the fuzzing time itself.
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(seconds * FuzzTargets.Names.Count) + TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit();
        lock (lines)
        {
            return (process.ExitCode, lines.ToList());
        }

        void Collect(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (lines)
            {
                lines.Add(line);
            }

            output.WriteLine(line);
        }
    }

    private static long Count(Match match, string group) => long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));

    [GeneratedRegex(@"^FUZZ_RESULT target=(?<target>\S+) execs=(?<execs>\d+) paths=\d+ crashes=(?<crashes>\d+)")]
    private static partial Regex ResultLine();
}
