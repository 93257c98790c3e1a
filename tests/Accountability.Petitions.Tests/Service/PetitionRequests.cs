using Accountability.Platform.Messaging;
using Accountability.Platform.Storage;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Google.Rpc;
using Grpc.Core;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

internal static class PetitionRequests
{
    public const string DefaultFacts = "该镇副镇长在道路工程招标中收受承包商回扣二十万元，并安排亲属承接工程。";

    public static SubmitPetitionRequest Anonymous(
        string? key = null,
        string facts = DefaultFacts,
        string accusedName = "李四",
        string accusedUnit = "清水县河西镇人民政府",
        Level level = Level.Township) => new()
        {
            IdempotencyKey = key ?? Guid.NewGuid().ToString("N"),
            Channel = Channel.Online,
            Kind = PetitionKind.Accusation,
            Facts = facts,
            Accused = { new AccusedPerson { Name = accusedName, Unit = accusedUnit, Post = "副镇长", Level = level } },
            Disciplines = { Discipline.Integrity },
        };

    public static SubmitPetitionRequest Named(
        ReporterIdentity reporter,
        string facts = DefaultFacts,
        string accusedName = "李四")
    {
        var request = Anonymous(facts: facts, accusedName: accusedName);
        request.Reporter = reporter;
        return request;
    }

    public static ReporterIdentity Reporter() => new()
    {
        Name = "张三",
        Unit = "清水县河西镇中心小学",
        Phone = "13800001111",
        Address = "清水县河西镇幸福路8号",
        IdNumber = "110101198501011111",
    };
}

/// <summary>Shortcuts for the tests: clients, and reading a refused call.</summary>
internal static class Rpc
{
    public static Protos.Petitions.V1.Petitions.PetitionsClient Petitions(this SuiteHost suite) => new(suite.Channel);

    public static ReporterDesk.ReporterDeskClient Desk(this SuiteHost suite) => new(suite.Channel);

    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == code, $"Expected {code} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    /// <summary>The fields a BadRequest detail names, in order.</summary>
    public static List<string> BadFields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];

    public static async Task<List<OutboxMessage>> OutboxAsync(this SuiteHost suite)
    {
        var page = await suite.Store("petitions").QueryAsync(OutboxMessage.Collection, new Query(null, "occurredAt", false, 1000), TestContext.Current.CancellationToken);
        return page.Items.ToList();
    }
}
