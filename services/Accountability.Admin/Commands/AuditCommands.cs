using Accountability.Admin.Cli;
using Accountability.Protos.Audit.V1;
using Spectre.Console.Cli;
using Client = Accountability.Protos.Audit.V1.Audit.AuditClient;

namespace Accountability.Admin.Commands;

/// <summary>The hash-chained audit trail every service keeps: verify a chain, read its records.</summary>
internal sealed class AuditCommands : ICommandGroup
{
    public int Order => 60;

    public void Configure(CommandBuilder commands) => commands.Branch("audit", "The audit trail", audit =>
    {
        audit.Add<ChainSettings>("verify", "Verify a service's audit chain (exit 1 when it does not verify)", "audit verify petitions", async (session, s, ct) =>
        {
            var result = await session.Client<Client>().VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = s.Chain }, session.Call(ct));
            session.Output.Show(result);
            return result.Valid ? ExitCodes.Ok : ExitCodes.Findings;
        });
        audit.Add<ListSettings>("list", "A service's audit records, newest first, optionally of one object", "audit list clues --object clue_0123", async (session, s, ct) =>
        {
            var client = session.Client<Client>();
            var request = new ListAuditRecordsRequest { Chain = s.Chain, ObjectId = s.ObjectId ?? "", PageSize = s.PageSize };
            session.Output.Show(await Lists.FetchAsync(s, async token =>
            {
                request.PageToken = token;
                return await client.ListAuditRecordsAsync(request, session.Call(ct));
            }));
            return ExitCodes.Ok;
        });
    });

    internal sealed class ChainSettings : GlobalSettings
    {
        [CommandArgument(0, "<CHAIN>")]
        [Text("The service: petitions, clues, talks, tolerance or casefiles")]
        public string Chain { get; set; } = "";
    }

    internal sealed class ListSettings : PageSettings
    {
        [CommandArgument(0, "<CHAIN>")]
        [Text("The service: petitions, clues, talks, tolerance or casefiles")]
        public string Chain { get; set; } = "";

        [CommandOption("--object <ID>")]
        [Text("Only the records of this object")]
        public string? ObjectId { get; set; }
    }
}
