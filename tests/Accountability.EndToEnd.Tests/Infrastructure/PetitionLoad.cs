using System.Collections.Concurrent;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Grpc.Core;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Drives petitions through submit, screen (accept) and triage (one clue proposal each) with
/// bounded concurrency, as a portal and a clerk's desk would, retrying as <see cref="ClientRetry"/> does.
/// </summary>
internal sealed class PetitionLoad(ServiceUnderTest petitions)
{
    // Digit d at position p is Positions[p][d]: distinct numbers give distinct bigram sets, so no two
    // petitions' facts look like repeats to the repeat matcher.
    private static readonly string[] Positions = ["甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉", "金木水火土日月星云雨", "东南西北中春夏秋冬山", "江河湖海溪林松竹梅兰"];

    private readonly ClientRetry _retry = new();
    private long _submitted;
    private long _completed;

    /// <summary>Calls that were retried (transient failures seen by the client).</summary>
    public long Retries => _retry.Retries;

    /// <summary>Of <see cref="Retries"/>, the submits answered ABORTED (lost the register-number race).</summary>
    public long Aborted => _retry.Aborted;

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
        var submitted = await _retry.CallAsync(petitions, Roles.Intake, options => client.SubmitPetitionAsync(request, options).ResponseAsync, ct, retryAborted: true);
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

    /// <summary>Applies a step of the petition unless a read shows it went through already (see <see cref="ClientRetry.AdvanceAsync{T}"/>).</summary>
    private Task<Petition> AdvanceAsync(Petition known, Func<Petition, bool> due, Func<Petition, CallOptions, Task<Petition>> step, CancellationToken ct) =>
        _retry.AdvanceAsync(
            petitions,
            Roles.Clerk,
            known,
            options => petitions.Petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = known.PetitionId }, options).ResponseAsync,
            due,
            step,
            "petition " + known.PetitionId,
            ct);

    private static string Code(int index)
    {
        var digits = index.ToString("D5", System.Globalization.CultureInfo.InvariantCulture);
        return string.Concat(digits.Select((d, p) => Positions[p][d - '0']));
    }
}
