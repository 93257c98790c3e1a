using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Grpc.Core;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

public sealed class ReporterDeskTests
{
    [Fact]
    public async Task Receipt_code_reads_status_and_adds_a_message_without_a_token()
    {
        await using var suite = await SuiteHost.StartAsync();
        var reply = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        var status = await suite.Desk().GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = reply.ReceiptCode });
        var afterMessage = await suite.Desk().AddReporterMessageAsync(new AddReporterMessageRequest { ReceiptCode = reply.ReceiptCode, Text = "补充一点：工程款是分两次转入其亲属账户的。" });

        Assert.Equal(ReporterStage.Received, status.Stage);
        Assert.Equal(0, status.MessagesSent);
        Assert.Equal(1, afterMessage.MessagesSent);
        var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = reply.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(1, petition.ReporterMessageCount);
    }

    [Fact]
    public async Task Wrong_receipt_code_reads_nothing()
    {
        await using var suite = await SuiteHost.StartAsync();
        var reply = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        await Rpc.FailsWith(StatusCode.NotFound, async () => await suite.Desk().GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = WrongCode(reply.ReceiptCode, 0) }));
        await Rpc.FailsWith(StatusCode.NotFound, async () => await suite.Desk().AddReporterMessageAsync(new AddReporterMessageRequest { ReceiptCode = WrongCode(reply.ReceiptCode, 1), Text = "补充材料" }));

        var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = reply.PetitionId }, suite.As(Roles.Clerk));
        Assert.Equal(0, petition.ReporterMessageCount);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_out_even_the_right_code_until_the_lockout_has_passed()
    {
        await using var suite = await SuiteHost.StartAsync();
        var reply = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));
        var right = new GetReceiptStatusRequest { ReceiptCode = reply.ReceiptCode };

        for (var i = 0; i < 5; i++)
        {
            await Rpc.FailsWith(StatusCode.NotFound, async () => await suite.Desk().GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = WrongCode(reply.ReceiptCode, i) }));
        }

        await Rpc.FailsWith(StatusCode.ResourceExhausted, async () => await suite.Desk().GetReceiptStatusAsync(right));
        await Rpc.FailsWith(StatusCode.ResourceExhausted, async () => await suite.Desk().AddReporterMessageAsync(new AddReporterMessageRequest { ReceiptCode = reply.ReceiptCode, Text = "补充材料" }));
        suite.Clock.Advance(TimeSpan.FromMinutes(14));
        await Rpc.FailsWith(StatusCode.ResourceExhausted, async () => await suite.Desk().GetReceiptStatusAsync(right));

        suite.Clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var status = await suite.Desk().GetReceiptStatusAsync(right);

        Assert.Equal(ReporterStage.Received, status.Stage);
    }

    [Fact]
    public async Task Wrong_codes_spread_beyond_the_window_do_not_lock_out()
    {
        await using var suite = await SuiteHost.StartAsync();
        var reply = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        for (var i = 0; i < 4; i++)
        {
            await Rpc.FailsWith(StatusCode.NotFound, async () => await suite.Desk().GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = WrongCode(reply.ReceiptCode, i) }));
        }

        suite.Clock.Advance(TimeSpan.FromMinutes(16));
        await Rpc.FailsWith(StatusCode.NotFound, async () => await suite.Desk().GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = WrongCode(reply.ReceiptCode, 4) }));
        var status = await suite.Desk().GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = reply.ReceiptCode });

        Assert.Equal(ReporterStage.Received, status.Stage);
    }

    /// <summary>A well-formed 16-digit code that differs from the right one.</summary>
    private static string WrongCode(string right, int n)
    {
        var candidate = (1000000000000000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return candidate == right ? (2000000000000000L + n).ToString(System.Globalization.CultureInfo.InvariantCulture) : candidate;
    }
}
