using System.Reflection;
using Accountability.Fuzz;
using Xunit;

namespace Accountability.Fuzz.Tests;

/// <summary>The seed corpus (fuzz/corpus/&lt;target&gt;/) and the kept crashing inputs (fuzz/regressions/&lt;target&gt;/).</summary>
public static class FuzzFiles
{
    public static string RepositoryRoot { get; } =
        typeof(FuzzFiles).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!;

    public static string FuzzDirectory => Path.Combine(RepositoryRoot, "fuzz");

    /// <summary>(target, path relative to fuzz/) for every file of both folders.</summary>
    public static TheoryData<string, string> All()
    {
        var data = new TheoryData<string, string>();
        foreach (var folder in new[] { "corpus", "regressions" })
        {
            foreach (var target in FuzzTargets.Names)
            {
                var directory = Path.Combine(FuzzDirectory, folder, target);
                if (!Directory.Exists(directory))
                {
                    continue;
                }

                foreach (var file in Directory.GetFiles(directory).Where(f => Path.GetFileName(f) != ".gitkeep").Order(StringComparer.Ordinal))
                {
                    data.Add(target, Path.GetRelativePath(FuzzDirectory, file));
                }
            }
        }

        return data;
    }
}
