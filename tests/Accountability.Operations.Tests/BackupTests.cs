using System.Collections.Concurrent;
using Accountability.Platform.Operations;
using Accountability.Platform.Security;
using Accountability.Protos.Audit.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Accountability.Operations.Tests;

/// <summary>
/// The embedded stores are backed up while petitions keep arriving, restored into a fresh folder,
/// and a suite started on that folder finds every petition accepted before the backup began, no
/// petition that was never accepted, and audit chains that verify.
/// </summary>
public sealed class BackupTests
{
    private const int Writers = 4;
    private const int PerWriter = 15;

    [Fact(Timeout = 180_000)]
    public async Task Backup_taken_during_writes_restores_every_accepted_petition_with_a_verifying_chain()
    {
        var ct = TestContext.Current.CancellationToken;
        // Both suites use the same protection keys, as a restored deployment uses the same secrets.
        var keys = new Dictionary<string, string?>
        {
            ["Protection:ActiveKeyId"] = "ops-1",
            ["Protection:Keys:ops-1"] = Ops.NewKey(),
            ["Protection:HashKey"] = Ops.NewKey(),
        };
        var backup = Path.Combine(Path.GetTempPath(), "acct-backup-" + Guid.NewGuid().ToString("N"));
        var restored = Path.Combine(Path.GetTempPath(), "acct-restored-" + Guid.NewGuid().ToString("N"));
        try
        {
            var accepted = new ConcurrentDictionary<string, bool>();
            HashSet<string> acceptedBeforeBackup;
            IReadOnlyList<string> files;
            await using (var suite = await SuiteHost.StartAsync(settings: keys))
            {
                var client = new Protos.Petitions.V1.Petitions.PetitionsClient(suite.Channel);
                var number = 0;
                var halfway = new TaskCompletionSource();
                var writers = Enumerable.Range(0, Writers).Select(_ => Task.Run(async () =>
                {
                    for (var i = 0; i < PerWriter; i++)
                    {
                        var reply = await client.SubmitPetitionAsync(Ops.Petition(Interlocked.Increment(ref number)), suite.As(Roles.Intake).WithCancellationToken(ct));
                        accepted[reply.PetitionId] = true;
                        if (accepted.Count >= Writers * PerWriter / 2)
                        {
                            halfway.TrySetResult();
                        }
                    }
                }, ct)).ToArray();

                await halfway.Task.WaitAsync(TimeSpan.FromSeconds(120), ct);
                acceptedBeforeBackup = [.. accepted.Keys];
                files = await SqliteBackup.BackupAsync(suite.DataDirectory, backup, ct);
                await Task.WhenAll(writers);
                Assert.Equal(Writers * PerWriter, accepted.Count);
            }

            Assert.Contains(files, f => Path.GetFileName(f) == "petitions.db");
            SqliteBackup.Restore(backup, restored);
            Assert.Throws<IOException>(() => SqliteBackup.Restore(backup, restored)); // never over existing stores

            var onRestored = new Dictionary<string, string?>(keys) { ["Storage:DataDirectory"] = restored };
            await using var again = await SuiteHost.StartAsync(settings: onRestored);
            var petitions = new Protos.Petitions.V1.Petitions.PetitionsClient(again.Channel);
            foreach (var id in acceptedBeforeBackup)
            {
                var petition = await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, again.As(Roles.Clerk).WithCancellationToken(ct));
                Assert.Equal(id, petition.PetitionId);
            }

            var listed = new List<string>();
            var page = new ListPetitionsResponse();
            do
            {
                page = await petitions.ListPetitionsAsync(new ListPetitionsRequest { PageSize = 50, PageToken = page.NextPageToken }, again.As(Roles.Clerk).WithCancellationToken(ct));
                listed.AddRange(page.Petitions.Select(p => p.PetitionId));
            }
            while (page.NextPageToken.Length > 0 && listed.Count <= Writers * PerWriter);

            Assert.Superset(acceptedBeforeBackup, listed.ToHashSet());
            Assert.Subset(accepted.Keys.ToHashSet(), listed.ToHashSet()); // nothing in the backup that was never accepted

            var audit = new Audit.AuditClient(again.Channel);
            foreach (var chain in new[] { "petitions", "clues", "talks", "tolerance", "casefiles" })
            {
                var verification = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = chain }, again.As(Roles.Auditor).WithCancellationToken(ct));
                Assert.True(verification.Valid, $"{chain}: {verification.Problem}");
            }

            var petitionsChain = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = "petitions" }, again.As(Roles.Auditor).WithCancellationToken(ct));
            Assert.True(petitionsChain.RecordsChecked >= acceptedBeforeBackup.Count);
            RunCounts.Record("BackupTests.Backup_taken_during_writes_restores_every_accepted_petition_with_a_verifying_chain", new Dictionary<string, long>
            {
                ["petitions_sent"] = accepted.Count,
                ["petitions_in_backup"] = listed.Count,
                ["petitions_accepted_before_backup"] = acceptedBeforeBackup.Count,
            });
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var folder in new[] { backup, restored })
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
