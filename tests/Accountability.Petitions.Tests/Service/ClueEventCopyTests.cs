using Accountability.Contracts.Clues;
using Accountability.Platform.Audit;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

/// <summary>
/// A copy of a Clues event under a new message id (a second relay of the same fact: the inbox
/// stops only the same id) changes nothing: no new version of the petition, no audit record.
/// Found by the end-to-end MessageFaultTests, where such a copy bumped the petition's version and
/// added a second "petition.clue_linked" record.
/// </summary>
public sealed class ClueEventCopyTests
{
    [Fact]
    public async Task A_copy_of_clue_registered_or_clue_concluded_under_a_new_message_id_writes_nothing()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = suite.Petitions();
        var submitted = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var id = submitted.PetitionId;
        await petitions.ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "本级管辖" }, suite.As(Roles.Clerk));
        var triaged = await petitions.TriagePetitionAsync(
            new TriagePetitionRequest
            {
                PetitionId = id,
                Proposals = { new ClueProposalInput { Summary = "反映收受工程回扣问题" }, new ClueProposalInput { Summary = "反映安排亲属承接工程问题" } },
            },
            suite.As(Roles.Clerk));
        var bus = suite.Services.GetRequiredService<IBus>();

        // The Clues module in the suite registers both clues and says so by ClueRegistered.
        var linked = await WaitForAsync(suite, id, p => p.ClueProposals.All(c => c.Status == ClueProposalStatus.Registered));
        var proposal = triaged.ClueProposals[0].ProposalId;
        var clueId = linked.ClueProposals[0].ClueId;
        var records = await ClueRecordsAsync(suite, id);
        var registered = new ClueRegistered { ClueId = clueId, LedgerNumber = "XS-copy", ProposalId = proposal, PetitionId = id, RegisteredAt = suite.Clock.GetUtcNow(), Source = "petition" };
        await PublishCopyAsync(suite, bus, registered, "petitions.clue-registered");
        await AssertUnchangedAsync(suite, linked, records);

        var concluded = new ClueConcluded { ClueId = clueId, ProposalId = proposal, PetitionId = id, Result = "first_form", ConcludedAt = suite.Clock.GetUtcNow() };
        await bus.Publish(concluded);
        var halfway = await WaitForAsync(suite, id, p => p.ClueProposals[0].Status == ClueProposalStatus.Concluded);
        records = await ClueRecordsAsync(suite, id);
        await PublishCopyAsync(suite, bus, concluded, "petitions.clue-concluded");
        await PublishCopyAsync(suite, bus, registered, "petitions.clue-registered");
        await AssertUnchangedAsync(suite, halfway, records);
    }

    /// <summary>Publishes under a new message id and waits until the consumer's inbox holds it.</summary>
    private static async Task PublishCopyAsync<T>(SuiteHost suite, IBus bus, T message, string consumer)
        where T : class
    {
        var messageId = Guid.NewGuid();
        await bus.Publish(message, context => context.MessageId = messageId);
        var store = suite.Store(PetitionsModule.Name);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await store.GetAsync(InboxEntry.Collection, InboxEntry.IdFor(consumer, messageId)) is not null)
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"{consumer} did not handle {messageId} within 5 s.");
    }

    private static async Task AssertUnchangedAsync(SuiteHost suite, Petition before, int clueRecordsBefore)
    {
        var after = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = before.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(before, after);
        Assert.Equal(clueRecordsBefore, await ClueRecordsAsync(suite, before.PetitionId));
    }

    /// <summary>The petition's audit records written by the Clues events (reads are audited too, so not all of them).</summary>
    private static async Task<int> ClueRecordsAsync(SuiteHost suite, string petitionId)
    {
        var records = await suite.Store(PetitionsModule.Name).QueryAsync(
            AuditRecord.Collection, new Platform.Storage.Query(Platform.Storage.Filter.Eq("objectId", petitionId), "sequence", false, 500));
        return records.Items.Count(r => r.Action is "petition.clue_linked" or "petition.clue_concluded");
    }

    private static async Task<Petition> WaitForAsync(SuiteHost suite, string id, Func<Petition, bool> condition)
    {
        var petitions = suite.Petitions();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var petition = await petitions.GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));
            if (condition(petition))
            {
                return petition;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"Petition {id} did not reach the expected state within 5 s.");
    }
}
