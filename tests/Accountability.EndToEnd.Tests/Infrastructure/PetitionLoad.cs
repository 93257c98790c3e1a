using System.Collections.Concurrent;
using System.Diagnostics;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Grpc.Core;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Drives petitions through submit, screen (accept) and triage (one clue proposal each) with
/// bounded concurrency, as a portal and a clerk's desk would: a call that ends UNAVAILABLE or
/// DEADLINE_EXCEEDED (broker or service down, a kill mid-call) is retried, a submit under the same
/// idempotency key, a screen or triage after reading the petition again (it may have gone through).
/// </summary>
internal sealed class PetitionLoad(ServiceUnderTest petitions)
{
    /// <summary>Per attempt; a killed service answers nothing, so the deadline ends the call.</summary>
    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(10);

    /// <summary>Upper bound for one step's retries (covers a service restart or a broker outage).</summary>
    private static readonly TimeSpan StepLimit = TimeSpan.FromSeconds(90);

    private const int MaxAttempts = 200;

    // Digit d at position p is Positions[p][d]: distinct numbers give distinct bigram sets, so no two
    // petitions' facts look like repeats to the repeat matcher.
    private static readonly string[] Positions = ["甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉", "金木水火土日月星云雨", "东南西北中春夏秋冬山", "江河湖海溪林松竹梅兰"];

    private long _retries;
    private long _submitted;
    private long _completed;
    private long _aborted;

    /// <summary>Calls that were retried (transient failures seen by the client).</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <summary>Of <see cref="Retries"/>, the submits answered ABORTED (lost the register-number race).</summary>
    public long Aborted => Interlocked.Read(ref _aborted);

    public long Submitted => Interlocked.Read(ref _submitted);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>What a triaged petition gave: its id and its one clue proposal's id.</summary>
    public sealed record Triaged(int Index, string PetitionId, string ProposalId);

    /// <summary>A cadre of the seeded directory (seeds/directory/cadres.csv), whom CaseFiles matches by name and unit.</summary>
    public sealed record DirectoryCadre(string Id, string Name, string Unit);

    /// <summary>The seeded directory's cadres whose name and unit are unique (so the match is unambiguous).</summary>
    public static IReadOnlyList<DirectoryCadre> SeededCadres()
    {
        var file = Path.Combine(Path.GetDirectoryName(ServiceBinaries.DllPath(ServiceBinaries.CaseFiles))!, "seeds", "directory", "cadres.csv");
        var cadres = File.ReadLines(file).Skip(1)
            .Select(line => line.Split(','))
            .Where(cells => cells.Length > 3)
            .Select(cells => new DirectoryCadre(cells[0], cells[1], cells[3]))
            .ToList();
        return cadres.GroupBy(c => (c.Name, c.Unit)).Where(g => g.Count() == 1).Select(g => g.Single()).ToList();
    }

    /// <summary>A petition accusing a directory cadre, distinct in its facts; <paramref name="reporter"/> makes it named.</summary>
    public static SubmitPetitionRequest Request(int index, string runTag, DirectoryCadre accused, ReporterIdentity? reporter = null)
    {
        var request = new SubmitPetitionRequest
        {
            IdempotencyKey = $"{runTag}-{index}",
            Channel = Channel.Online,
            Kind = PetitionKind.Accusation,
            Facts = $"反映{Code(index)}号工程项目负责人在招标中收受承包商回扣，并安排亲属承接分包工程。",
            Accused = { new AccusedPerson { Name = accused.Name, Unit = accused.Unit, Post = "科长", Level = Level.Township } },
            Disciplines = { Discipline.Integrity },
        };
        if (reporter is not null)
        {
            request.Reporter = reporter;
        }

        return request;
    }

    /// <summary>Submits, accepts and triages the petitions; each result once, in no particular order.</summary>
    public async Task<IReadOnlyList<Triaged>> RunAsync(IReadOnlyList<SubmitPetitionRequest> requests, int concurrency, CancellationToken ct)
    {
        var results = new ConcurrentBag<Triaged>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, requests.Count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => results.Add(await OneAsync(i, requests[i], token)));
        return results.ToList();
    }

    private async Task<Triaged> OneAsync(int index, SubmitPetitionRequest request, CancellationToken ct)
    {
        var client = petitions.Petitions;
        // ABORTED too: a submit that lost the race for the register number more often than the
        // service retries it itself asks to be sent again; the same key makes that safe.
        var submitted = await RetryAsync(options => client.SubmitPetitionAsync(request, options).ResponseAsync, Roles.Intake, ct, retryAborted: true);
        Interlocked.Increment(ref _submitted);
        if (submitted.Status != PetitionStatus.Registered)
        {
            throw new InvalidOperationException($"petition {index} was registered as {submitted.Status} (a repeat?), not REGISTERED");
        }

        var id = submitted.PetitionId;
        // The first screen is sent unchecked (expected_version 0): nothing else writes a fresh
        // petition; a retry reads it and sends the version it read.
        var petition = await AdvanceAsync(
            new Petition { PetitionId = id, Status = PetitionStatus.Registered },
            p => p.Status == PetitionStatus.Registered,
            (p, options) => client.ScreenPetitionAsync(
                new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "属本级管辖，予以受理", ExpectedVersion = p.Version },
                options).ResponseAsync,
            ct);
        if (request.Reporter is not null)
        {
            // A named report's acceptance notice is recorded before it is handed on.
            petition = await AdvanceAsync(
                petition,
                p => p.Status == PetitionStatus.Accepted,
                (p, options) => client.RecordAcceptanceNoticeAsync(
                    new RecordAcceptanceNoticeRequest { PetitionId = id, Method = "电话", ExpectedVersion = p.Version },
                    options).ResponseAsync,
                ct);
        }

        var triaged = await AdvanceAsync(
            petition,
            p => p.Status is PetitionStatus.Accepted or PetitionStatus.AcceptanceNotified,
            (p, options) => client.TriagePetitionAsync(
                new TriagePetitionRequest
                {
                    PetitionId = id,
                    ExpectedVersion = p.Version,
                    Proposals = { new ClueProposalInput { Summary = "反映工程项目负责人收受回扣、安排亲属承接工程的问题。", Disciplines = { Discipline.Integrity } } },
                },
                options).ResponseAsync,
            ct);
        Interlocked.Increment(ref _completed);
        var proposal = triaged.ClueProposals.Count == 1
            ? triaged.ClueProposals[0]
            : throw new InvalidOperationException($"petition {id} has {triaged.ClueProposals.Count} clue proposals after triage, not 1: {triaged.Status}, history {string.Join("; ", triaged.History)}");
        return new Triaged(index, id, proposal.ProposalId);
    }

    /// <summary>
    /// Applies a step that is due while <paramref name="due"/> holds; after an ambiguous failure the
    /// petition is read again: if the step went through, its result is taken, not applied twice
    /// (expected_version makes a late duplicate ABORTED).
    /// </summary>
    private async Task<Petition> AdvanceAsync(Petition known, Func<Petition, bool> due, Func<Petition, CallOptions, Task<Petition>> step, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var petition = known;
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                petition = await RetryAsync(options => petitions.Petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = known.PetitionId }, options).ResponseAsync, Roles.Clerk, ct);
            }

            if (!due(petition))
            {
                return petition;
            }

            try
            {
                return await step(petition, petitions.As(Roles.Clerk, CallDeadline));
            }
            catch (RpcException e) when (IsTransient(e) || e.StatusCode == StatusCode.Aborted)
            {
                if (attempt >= MaxAttempts || watch.Elapsed > StepLimit)
                {
                    throw new TimeoutException($"petition {known.PetitionId}: step still failing after {attempt} attempts / {watch.Elapsed.TotalSeconds:F0} s", e);
                }

                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    private async Task<T> RetryAsync<T>(Func<CallOptions, Task<T>> call, string role, CancellationToken ct, bool retryAborted = false)
    {
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(petitions.As(role, CallDeadline));
            }
            catch (RpcException e) when (IsTransient(e) || (retryAborted && e.StatusCode == StatusCode.Aborted))
            {
                if (e.StatusCode == StatusCode.Aborted)
                {
                    Interlocked.Increment(ref _aborted);
                }

                if (attempt >= MaxAttempts || watch.Elapsed > StepLimit)
                {
                    throw new TimeoutException($"still {e.StatusCode} after {attempt} attempts / {watch.Elapsed.TotalSeconds:F0} s", e);
                }

                Interlocked.Increment(ref _retries);
                await Task.Delay(Backoff(attempt), ct);
            }
        }
    }

    private static bool IsTransient(RpcException e) => e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(2000, 50 * (1 << Math.Min(attempt, 6))) + Random.Shared.Next(50));

    private static string Code(int index)
    {
        var digits = index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        return string.Concat(digits.Select((d, p) => Positions[p][d - '0']));
    }
}
