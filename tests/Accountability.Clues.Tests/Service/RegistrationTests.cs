using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;
using Pet = Accountability.Protos.Petitions.V1;

namespace Accountability.Clues.Tests.Service;

public sealed class RegistrationTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private SuiteHost Suite => fixture.Suite;

    [Fact]
    public async Task An_empty_registration_lists_every_missing_field()
    {
        var ex = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.Clues().RegisterClueAsync(new RegisterClueRequest(), Suite.Supervisor()).ResponseAsync);
        Assert.Equal(["idempotency_key", "source", "subjects", "summary"], ClueRpc.BadFields(ex).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Bad_subjects_a_petition_source_and_a_future_receipt_are_named_by_field_path()
    {
        var request = ClueRpc.Registration(source: ClueSource.Petition);
        request.Subjects.Add(new ClueSubject { Name = " ", Level = (Level)42, KeyOfficial = (KeyOfficial)9 });
        request.Disciplines.Add(Discipline.Unspecified);
        request.ReceivedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Suite.Clock.GetUtcNow().AddDays(1));

        var ex = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.Clues().RegisterClueAsync(request, Suite.Supervisor()).ResponseAsync);

        Assert.Equal(
            ["disciplines[1]", "received_at", "source", "subjects[1].key_official", "subjects[1].level", "subjects[1].name"],
            ClueRpc.BadFields(ex).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_registration_gets_a_ledger_number_a_disposal_deadline_and_replays_idempotently()
    {
        var request = ClueRpc.Registration();
        request.Subjects[0].KeyOfficial = KeyOfficial.SubordinatePrincipal;

        var first = await Suite.Clues().RegisterClueAsync(request, Suite.As(Platform.Security.Roles.Intake));
        var again = await Suite.Clues().RegisterClueAsync(request, Suite.As(Platform.Security.Roles.Intake));
        request.Summary = "另一条线索";
        var reused = await ClueRpc.FailsWith(StatusCode.InvalidArgument, () => Suite.Clues().RegisterClueAsync(request, Suite.As(Platform.Security.Roles.Intake)).ResponseAsync);

        Assert.Matches(@"^XS-2026-\d{6}$", first.LedgerNumber);
        Assert.Equal(ClueStatus.Registered, first.Status);
        Assert.True(first.ReportToUpper);
        Assert.Equal("2026-04-02", Assert.Single(first.Deadlines).DueDate); // 1 month from receipt
        Assert.Equal((first.ClueId, first.LedgerNumber), (again.ClueId, again.LedgerNumber));
        Assert.Equal(["idempotency_key"], ClueRpc.BadFields(reused));
        var registered = (await Suite.EventsAsync("clue-registered:v1")).Where(m => m.Payload.Contains(first.ClueId, StringComparison.Ordinal)).ToList();
        Assert.Contains("\"reportToUpper\":true", Assert.Single(registered).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_proposal_from_another_organ_is_numbered_in_this_organs_ledger()
    {
        // Petitions runs for the county organ; this Clues instance keeps the city organ's ledger.
        await using var suite = await SuiteHost.StartAsync(settings: new Dictionary<string, string?> { ["Petitions:OrganId"] = "org-county-qingshui" });
        var clues = suite.Clues();
        var direct = await clues.RegisterClueAsync(ClueRpc.Registration(), suite.Supervisor());
        var petitions = new Pet.Petitions.PetitionsClient(suite.Channel);
        var petitionId = (await petitions.SubmitPetitionAsync(
            new Pet.SubmitPetitionRequest
            {
                IdempotencyKey = Guid.NewGuid().ToString("N"),
                Channel = Pet.Channel.Letter,
                Kind = Pet.PetitionKind.Accusation,
                Facts = "该镇副镇长违规收受礼金。",
                Accused = { new Pet.AccusedPerson { Name = "李四", Unit = "清水县河西镇人民政府", Post = "副镇长", Level = Level.Township } },
                Disciplines = { Discipline.Integrity },
            },
            suite.As(Platform.Security.Roles.Intake))).PetitionId;
        await petitions.ScreenPetitionAsync(new Pet.ScreenPetitionRequest { PetitionId = petitionId, Outcome = Pet.ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Platform.Security.Roles.Clerk));
        await petitions.TriagePetitionAsync(new Pet.TriagePetitionRequest { PetitionId = petitionId, Proposals = { new Pet.ClueProposalInput { Summary = "反映收受礼金问题" } } }, suite.As(Platform.Security.Roles.Clerk));

        ClueSummary? proposed = null;
        for (var attempt = 0; attempt < 200 && proposed is null; attempt++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            proposed = (await clues.ListCluesAsync(new ListCluesRequest { Source = ClueSource.Petition }, suite.Supervisor())).Clues.SingleOrDefault();
        }

        Assert.NotNull(proposed);
        var clue = await clues.GetClueAsync(new GetClueRequest { ClueId = proposed.ClueId }, suite.Supervisor());
        Assert.Equal("XS-2026-000001", direct.LedgerNumber);
        Assert.Equal(("XS-2026-000002", "org-county-qingshui"), (clue.LedgerNumber, clue.OrganId));
    }
}
