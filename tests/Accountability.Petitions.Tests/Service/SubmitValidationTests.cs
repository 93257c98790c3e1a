using Accountability.Platform.Security;
using Accountability.Protos.Common.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

public sealed class SubmitValidationTests
{
    private static readonly Dictionary<string, Action<SubmitPetitionRequest>> Mutations = new()
    {
        ["no accused person"] = r => r.Accused.Clear(),
        ["empty facts"] = r => r.Facts = "",
        ["unknown channel"] = r => r.Channel = (Channel)99,
        ["oversize facts"] = r => r.Facts = new string('贿', 20_001),
        ["malformed digest"] = r => r.Attachments.Add(new AttachmentRef { Name = "转账记录.pdf", Sha256 = "xyz", SizeBytes = 1024 }),
        ["missing idempotency key"] = r => r.IdempotencyKey = "",
    };

    [Theory]
    [InlineData("no accused person", "accused")]
    [InlineData("empty facts", "facts")]
    [InlineData("unknown channel", "channel")]
    [InlineData("oversize facts", "facts")]
    [InlineData("malformed digest", "attachments[0].sha256")]
    [InlineData("missing idempotency key", "idempotency_key")]
    public async Task Invalid_field_is_named_and_nothing_is_stored(string mistake, string field)
    {
        await using var suite = await SuiteHost.StartAsync();
        var request = PetitionRequests.Anonymous();
        Mutations[mistake](request);

        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, async () => await suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.Intake)));

        Assert.Equal([field], Rpc.BadFields(ex).Distinct());
        await AssertNothingStoredAsync(suite);
    }

    [Fact]
    public async Task Facts_at_the_limit_are_accepted()
    {
        await using var suite = await SuiteHost.StartAsync();

        var reply = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(facts: new string('贿', 20_000)), suite.As(Roles.Intake));

        Assert.Equal(PetitionStatus.Registered, reply.Status);
    }

    [Fact]
    public async Task Several_bad_fields_are_all_listed()
    {
        await using var suite = await SuiteHost.StartAsync();
        var request = PetitionRequests.Anonymous();
        foreach (var mistake in new[] { "no accused person", "empty facts", "unknown channel", "malformed digest", "missing idempotency key" })
        {
            Mutations[mistake](request);
        }

        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, async () => await suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.Intake)));

        Assert.Equal(
            new[] { "accused", "attachments[0].sha256", "channel", "facts", "idempotency_key" },
            Rpc.BadFields(ex).Distinct().Order(StringComparer.Ordinal));
        await AssertNothingStoredAsync(suite);
    }

    private static async Task AssertNothingStoredAsync(SuiteHost suite)
    {
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk));
        Assert.Empty(list.Petitions);
        Assert.Empty(await suite.OutboxAsync());
    }
}
