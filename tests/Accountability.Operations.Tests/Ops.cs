using System.Diagnostics;
using System.Security.Cryptography;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Health.V1;
using Xunit;

namespace Accountability.Operations.Tests;

/// <summary>Shortcuts: health answers, bounded waits, petitions to submit.</summary>
internal static class Ops
{
    public static async Task<HealthCheckResponse.Types.ServingStatus> HealthAsync(this SuiteHost suite, string service = "")
    {
        var reply = await new Health.HealthClient(suite.Channel).CheckAsync(new HealthCheckRequest { Service = service });
        return reply.Status;
    }

    /// <summary>Polls until the condition holds; fails with the description after the bound.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan bound, string description, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            if (await condition())
            {
                return;
            }

            if (watch.Elapsed > bound)
            {
                break;
            }

            await Task.Delay(250, ct);
        }

        Assert.Fail($"{description}: not within {bound.TotalSeconds:F0} s.");
    }

    public static string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static SubmitPetitionRequest Petition(int number) => new()
    {
        IdempotencyKey = Guid.NewGuid().ToString("N"),
        Channel = Channel.Online,
        Kind = PetitionKind.Accusation,
        Facts = $"第{number}号：该局科长在项目审批中收受申请人财物，并为其亲属安排工程。",
        Accused = { new AccusedPerson { Name = "王" + number, Unit = "安和市住建局", Post = "科长", Level = Level.County } },
        Disciplines = { Discipline.Integrity },
    };
}
