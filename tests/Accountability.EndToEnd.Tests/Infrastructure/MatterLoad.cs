using System.Collections.Concurrent;
using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Tolerance.V1;

namespace Accountability.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Drives accountability matters (问责事项) through Tolerance with bounded concurrency: open the
/// matter on an inspection finding, decide its one target's accountability (an admonishment for
/// even indexes, exempted under 问责条例 Art.17 for odd ones) and file an admonishment with the
/// organisation department. Retries as <see cref="ClientRetry"/> does.
/// </summary>
internal sealed class MatterLoad(ServiceUnderTest tolerance)
{
    private readonly ClientRetry _retry = new();
    private readonly Protos.Tolerance.V1.Tolerance.ToleranceClient _tolerance = new(tolerance.Channel);
    private long _decided;

    /// <summary>A decided matter: its decision, and the decision's filing (empty for an exempted one).</summary>
    public sealed record Decided(int Index, string MatterId, string DecisionId, string FilingId);

    public long Retries => _retry.Retries;

    public long DecidedCount => Interlocked.Read(ref _decided);

    /// <summary>Takes every matter through to its decision (and filing); each result once, in no particular order.</summary>
    public async Task<IReadOnlyList<Decided>> RunAsync(string runTag, int count, int concurrency, CancellationToken ct)
    {
        var results = new ConcurrentBag<Decided>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, count),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = ct },
            async (i, token) => results.Add(await OneAsync(runTag, i, token)));
        return results.ToList();
    }

    private async Task<Decided> OneAsync(string runTag, int index, CancellationToken ct)
    {
        var matter = await _retry.CallAsync(tolerance, Roles.Supervisor, options => _tolerance.OpenMatterAsync(new OpenMatterRequest
        {
            IdempotencyKey = $"{runTag}-matter-{index}",
            Source = MatterSource.Inspection,
            SourceReference = "专项监督检查",
            Facts = "未按要求开展危化品仓储安全检查。",
            DutyBreached = "安全监管职责",
            Department = "dept-1",
            Targets = { new TargetInput { Kind = TargetKind.Cadre, Cadre = new Cadre { Name = $"问责对象{index}", Unit = "清水县应急管理局", Post = "局长", Level = Level.County, CadreId = $"{runTag}-matter-cadre-{index}" } } },
        }, options).ResponseAsync, ct, retryAborted: true);
        var admonished = index % 2 == 0;
        matter = await _retry.AdvanceAsync(
            tolerance,
            Roles.Supervisor,
            matter,
            options => _tolerance.GetMatterAsync(new GetMatterRequest { MatterId = matter.MatterId }, options).ResponseAsync,
            m => string.IsNullOrEmpty(m.Targets[0].DecisionId),
            async (m, options) =>
            {
                var request = new DecideAccountabilityRequest { MatterId = m.MatterId, TargetId = m.Targets[0].TargetId, ExpectedVersion = m.Version, Basis = "问责条例第七条、第八条" };
                if (admonished)
                {
                    request.Forms.Add("admonishment");
                }
                else
                {
                    request.DirectOutcome = ToleranceOutcome.Exempted;
                    request.Basis = "问责条例第十七条第一项：免予问责";
                }

                await _tolerance.DecideAccountabilityAsync(request, options);
                return await _tolerance.GetMatterAsync(new GetMatterRequest { MatterId = m.MatterId }, options);
            },
            "matter " + matter.MatterId,
            ct);
        var decisionId = matter.Targets[0].DecisionId;
        var filingId = "";
        if (admonished)
        {
            var decision = await _retry.CallAsync(tolerance, Roles.Supervisor, options => _tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = decisionId }, options).ResponseAsync, ct);
            decision = await _retry.AdvanceAsync(
                tolerance,
                Roles.Supervisor,
                decision,
                options => _tolerance.GetAccountabilityDecisionAsync(new GetAccountabilityDecisionRequest { DecisionId = decisionId }, options).ResponseAsync,
                d => d.Filings.Count == 0,
                (d, options) => _tolerance.FileAccountabilityDecisionAsync(
                    new FileAccountabilityDecisionRequest { DecisionId = d.DecisionId, ExpectedVersion = d.Version, FiledWith = FilingRecipient.OrgDept }, options).ResponseAsync,
                "decision " + decisionId,
                ct);
            filingId = decision.Filings.Single().FilingId;
        }

        Interlocked.Increment(ref _decided);
        return new Decided(index, matter.MatterId, decisionId, filingId);
    }
}
