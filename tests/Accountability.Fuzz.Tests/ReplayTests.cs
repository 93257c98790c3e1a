using Accountability.Fuzz;
using Xunit;

namespace Accountability.Fuzz.Tests;

/// <summary>
/// Every seed and every kept crashing input goes through its target in process, as afl would run it, so a
/// fixed crash stays fixed without afl installed.
/// </summary>
public sealed class ReplayTests
{
    public static TheoryData<string, string> Files => FuzzFiles.All();

    [Theory]
    [MemberData(nameof(Files))]
    public void Kept_input_keeps_every_promise_of_its_target(string target, string file)
    {
        Assert.True(FuzzTargets.TryGet(target, out var run), $"no fuzz target named {target}");
        var bytes = File.ReadAllBytes(Path.Combine(FuzzFiles.FuzzDirectory, file));

        run(bytes);
    }

    [Fact]
    public void Every_target_has_a_seed_corpus()
    {
        var seeded = FuzzFiles.All().Select(row => row.Data.Item1).Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(FuzzTargets.Names.Order(StringComparer.Ordinal), seeded);
    }
}
