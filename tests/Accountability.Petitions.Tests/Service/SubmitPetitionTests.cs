using Accountability.Platform.Security;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Xunit;

namespace Accountability.Petitions.Tests.Service;

public sealed class SubmitPetitionTests
{
    [Fact]
    public async Task Submit_anonymous_petition_returns_receipt_code_that_reads_its_status()
    {
        await using var suite = await SuiteHost.StartAsync();
        var petitions = new Protos.Petitions.V1.Petitions.PetitionsClient(suite.Channel);
        var desk = new ReporterDesk.ReporterDeskClient(suite.Channel);

        var reply = await petitions.SubmitPetitionAsync(PetitionRequests.Anonymous(), suite.As(Roles.Intake));

        Assert.Matches("^[0-9]{16}$", reply.ReceiptCode);
        Assert.Equal(PetitionStatus.Registered, reply.Status);
        var status = await desk.GetReceiptStatusAsync(new GetReceiptStatusRequest { ReceiptCode = reply.ReceiptCode });
        Assert.Equal(ReporterStage.Received, status.Stage);
    }
}
