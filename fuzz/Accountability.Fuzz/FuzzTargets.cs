namespace Accountability.Fuzz;

/// <summary>
/// The fuzz targets by the name fuzz/run.sh and the replay tests use. A target takes afl's raw bytes and
/// throws (<see cref="PropertyViolation"/> or whatever the code under test throws) when something is wrong;
/// afl records every uncaught exception as a crash.
/// </summary>
public static class FuzzTargets
{
    private static readonly Dictionary<string, Action<byte[]>> Targets = new(StringComparer.Ordinal)
    {
        ["normaliser"] = NormaliserTarget.Run,
        ["repeat-matcher"] = RepeatMatcherTarget.Run,
    };

    public static IReadOnlyCollection<string> Names => Targets.Keys;

    public static bool TryGet(string name, out Action<byte[]> target) =>
        Targets.TryGetValue(name, out target!);
}
