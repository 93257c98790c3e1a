using System.Text.Json;
using Accountability.Contracts;
using Accountability.Contracts.CaseFiles;
using Accountability.Contracts.Clues;
using Accountability.Platform.Messaging;
using Accountability.Protos.Clues.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Clues.Tests.Service;

/// <summary>Clues registered from personal-matters referrals (CaseFiles), and the stage changes CaseFiles reads.</summary>
public sealed class PersonalMattersReferralTests
{
    [Fact]
    public async Task A_referral_delivered_again_under_other_message_ids_becomes_one_clue_from_the_personal_matters_check()
    {
        await using var suite = await SuiteHost.StartAsync();
        var referral = new PersonalMattersReferred
        {
            ReferralId = "ref-1",
            CheckId = "pmc-1",
            Cadre = new AccusedPersonInfo("王某", "安和市财政局", "副局长", "city", "c-city-czj-02"),
            Year = 2025,
            Result = "concealment",
            Items = ["housing", "business"],
            ReferredAt = suite.Clock.GetUtcNow(),
        };
        var bus = suite.Services.GetRequiredService<IBus>();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => bus.Publish(referral, c => c.MessageId = Guid.NewGuid(), TestContext.Current.CancellationToken)));
        await Poll(async () => await suite.Store(CluesModule.Name).CountAsync(InboxEntry.Collection, null) == 3 ? "handled" : null);

        var listed = await suite.Clues().ListCluesAsync(new ListCluesRequest { Source = ClueSource.PersonalMattersCheck }, suite.Supervisor());
        var clue = await suite.Clues().GetClueAsync(new GetClueRequest { ClueId = Assert.Single(listed.Clues).ClueId }, suite.Supervisor());
        Assert.Equal("c-city-czj-02", Assert.Single(clue.Subjects).CadreId);
        Assert.Equal("2025年度个人有关事项报告查核发现瞒报：housing、business", clue.Summary);
        var registered = Assert.Single(await suite.EventsAsync("clue-registered:v1"));
        Assert.Contains("\"personal_matters_check\"", registered.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_move_of_a_clue_announces_its_new_stage_with_its_step_and_subjects()
    {
        await using var suite = await SuiteHost.StartAsync();
        var clue = await suite.DisposedAsync(DisposalMethod.PreliminaryVerification);
        var stages = (await suite.EventsAsync("clue-stage-changed:v1"))
            .Select(m => JsonSerializer.Deserialize<ClueStageChanged>(m.Payload, ContractJson.Options)!)
            .OrderBy(s => s.Step)
            .ToList();
        Assert.Equal([("registered", "assigned", 2), ("assigned", "verifying", 3)], stages.Select(s => (s.PreviousStage, s.Stage, s.Step)));
        Assert.All(stages, s => Assert.Equal(clue.ClueId, s.ClueId));
        Assert.All(stages, s => Assert.Equal("李四", Assert.Single(s.Subjects).Name));
    }

    private static async Task<T> Poll<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The expected state was not reached within 10 s.");
    }
}
