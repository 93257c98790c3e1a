using Accountability.Platform.Security;
using Microsoft.Extensions.Hosting;

namespace Accountability.CaseFiles.Domain;

/// <summary>
/// Imports the directory files of <see cref="CaseFilesOptions.DirectorySeeds"/> when the service
/// starts: only the organs and cadres whose ids the directory does not hold yet are added, so a
/// restart never reverts an update made since (over ImportDirectory) to the seed's data. A missing
/// or broken file stops the start, naming it.
/// </summary>
public sealed class DirectorySeeder(DirectoryImport import, CaseFilesOptions options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var organs = new List<DirectoryOrgan>();
        var cadres = new List<Cadre>();
        foreach (var seed in options.DirectorySeeds)
        {
            var path = Path.IsPathRooted(seed) ? seed : Path.Combine(AppContext.BaseDirectory, seed);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"CaseFiles:DirectorySeeds names '{seed}', which does not exist ({path}).");
            }

            var (o, c) = DirectoryImport.Parse(path);
            organs.AddRange(o);
            cadres.AddRange(c);
        }

        await import.ImportAsync(Caller.System("casefiles-seeds"), organs, cadres, cancellationToken, addOnly: true);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
