using Accountability.Protos.Clues.V1;
using Accountability.Protos.Common.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

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
}
