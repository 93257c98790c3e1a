using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

public sealed class IdempotencyAndRepeatTests
{
    [Fact]
    public async Task Same_petition_submitted_twice_with_one_key_creates_one_petition()
    {
        await using var suite = await SuiteHost.StartAsync();
        var request = PetitionRequests.Anonymous(key: "portal-0001");

        var first = await suite.Petitions().SubmitPetitionAsync(request, suite.As(Roles.Intake));
        var second = await suite.Petitions().SubmitPetitionAsync(request.Clone(), suite.As(Roles.Intake));

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.PetitionId, second.PetitionId);
        Assert.Equal(first.ReceiptCode, second.ReceiptCode);
        Assert.Equal(first.RegisterNumber, second.RegisterNumber);
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk));
        Assert.Equal([first.PetitionId], list.Petitions.Select(p => p.PetitionId));
    }

    [Fact]
    public async Task Concurrent_submits_take_consecutive_register_numbers_each_once()
    {
        await using var suite = await SuiteHost.StartAsync();

        // Different accused and facts, so none is filed as a repeat of another; five of them sent twice at once.
        var requests = Enumerable.Range(0, 30)
            .Select(i => PetitionRequests.Anonymous(key: $"portal-c{i:D2}", facts: $"第{i}号举报：该所所长违规收受礼金{i + 1}万元。", accusedName: $"被举报人{i:D2}"))
            .ToList();
        var replies = await Task.WhenAll(requests.Concat(requests.Take(5).Select(r => r.Clone()))
            .Select(r => Task.Run(async () => await suite.Petitions().SubmitPetitionAsync(r, suite.As(Roles.Intake)), TestContext.Current.CancellationToken)));

        var year = replies[0].RegisterNumber.Split('-')[1];
        Assert.Equal(Enumerable.Range(1, 30).Select(n => $"XF-{year}-{n:D6}"), replies.Select(r => r.RegisterNumber).Distinct().Order());
        Assert.Equal(30, replies.Select(r => r.PetitionId).Distinct().Count());
        Assert.Equal(5, replies.Count(r => r.Replayed));
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest { PageSize = 100 }, suite.As(Roles.Clerk));
        Assert.Equal(replies.Select(r => r.PetitionId).Distinct().Order(), list.Petitions.Select(p => p.PetitionId).Order());
        Assert.All(list.Petitions, p => Assert.Equal(replies.First(r => r.PetitionId == p.PetitionId).RegisterNumber, p.RegisterNumber));
    }

    [Fact]
    public async Task Same_key_with_different_content_is_refused_naming_idempotency_key()
    {
        await using var suite = await SuiteHost.StartAsync();
        await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(key: "portal-0002"), suite.As(Roles.Intake));

        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, async () => await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(key: "portal-0002", facts: "该局局长违规收受购物卡，金额约五万元。", accusedName: "王五"), suite.As(Roles.Intake)));

        Assert.Equal(["idempotency_key"], Rpc.BadFields(ex));
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk));
        Assert.Single(list.Petitions);
    }

    [Fact]
    public async Task Reworded_repeat_about_the_same_person_is_linked_but_different_facts_are_not()
    {
        await using var suite = await SuiteHost.StartAsync();
        var original = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var otherFacts = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "李四长期利用公车接送子女上下学，并在工作日中午饮酒。"), suite.As(Roles.Intake));

        var repeat = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该镇副镇长在道路工程招标中，收受承包商回扣二十万元；还安排亲属承接工程！"), suite.As(Roles.Intake));

        Assert.Equal(PetitionStatus.Registered, otherFacts.Status);
        Assert.Equal("", otherFacts.RepeatOfPetitionId);
        Assert.Equal(PetitionStatus.FiledRepeat, repeat.Status);
        Assert.Equal(original.PetitionId, repeat.RepeatOfPetitionId);
        var stored = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = repeat.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.FiledRepeat, stored.Status);
        Assert.Equal(original.PetitionId, stored.RepeatOfPetitionId);
    }

    [Fact]
    public async Task Override_with_a_reason_unlinks_a_repeat_back_to_registered()
    {
        await using var suite = await SuiteHost.StartAsync();
        var original = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var repeat = await suite.Petitions().SubmitPetitionAsync(
            PetitionRequests.Anonymous(facts: "该镇副镇长在道路工程招标中收受承包商回扣二十万元, 并安排亲属承接工程"), suite.As(Roles.Intake));
        Assert.Equal(original.PetitionId, repeat.RepeatOfPetitionId);

        var unlinked = await suite.Petitions().OverrideRepeatAsync(
            new OverrideRepeatRequest { PetitionId = repeat.PetitionId, Reason = "经核对，本件涉及另一标段，非重复举报" }, suite.As(Roles.Clerk));

        Assert.Equal(PetitionStatus.Registered, unlinked.Status);
        Assert.Equal("", unlinked.RepeatOfPetitionId);
        Assert.Equal("经核对，本件涉及另一标段，非重复举报", unlinked.RepeatOverrideReason);
        Assert.Contains(unlinked.Deadlines, d => d.Kind == DeadlineKind.Screening && d.MetAt is null);
    }
}
