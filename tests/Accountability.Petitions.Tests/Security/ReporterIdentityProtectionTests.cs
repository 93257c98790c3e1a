using System.Text;
using System.Text.Json;
using Accountability.Petitions.Tests.Service;
using Accountability.Platform.Security;
using Accountability.Protos.Audit.V1;
using Accountability.Protos.Petitions.V1;
using Accountability.Testing;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Data.Sqlite;
using MongoDB.Bson;
using MongoDB.Bson.Serialization;
using Xunit;

namespace Accountability.Petitions.Tests.Security;

public sealed class ReporterIdentityProtectionTests
{
    private const string Name = "王小明";
    private const string Phone = "13912345678";
    private const string IdNumber = "110101199001011234";
    private static readonly string[] Secrets = [Name, Phone, IdNumber];

    private static ReporterIdentity Reporter() => new() { Name = Name, Phone = Phone, IdNumber = IdNumber, Unit = "清水县河西镇中心小学" };

    [Fact]
    public async Task Named_reporters_identity_appears_in_clear_nowhere_in_files_events_or_replies()
    {
        await using var suite = await SuiteHost.StartAsync();
        var submitted = await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Named(Reporter()), suite.As(Roles.Intake));
        var id = submitted.PetitionId;
        await suite.Petitions().ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        await suite.Petitions().RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = id, Method = "电话告知" }, suite.As(Roles.Clerk));
        await suite.Petitions().TriagePetitionAsync(
            new TriagePetitionRequest { PetitionId = id, Proposals = { new ClueProposalInput { Summary = "反映某镇副镇长收受工程回扣问题" } } }, suite.As(Roles.Clerk));
        await suite.Petitions().RevealReporterIdentityAsync(new RevealReporterIdentityRequest { PetitionId = id, Reason = "核查需要联系举报人补充材料" }, suite.As(Roles.Custodian));

        var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));
        var list = await suite.Petitions().ListPetitionsAsync(new ListPetitionsRequest(), suite.As(Roles.Clerk));
        var replies = JsonFormatter.Default.Format(submitted) + JsonFormatter.Default.Format(petition) + JsonFormatter.Default.Format(list);
        var outbox = await suite.OutboxAsync();
        // Payloads are JSON that may escape non-ASCII text: search the decoded string values too.
        var payloads = outbox.Select(m => m.Payload + "\n" + string.Join("\n", StringValues(JsonDocument.Parse(m.Payload).RootElement))).ToList();
        var files = Directory.EnumerateFiles(suite.DataDirectory, "*", SearchOption.AllDirectories).ToList();
        var contents = files.Select(ReadShared).ToList();

        // The searches can find what is there: the facts and accused are stored and returned in clear.
        Assert.True(petition.Named);
        Assert.Contains("李四", replies, StringComparison.Ordinal);
        Assert.Contains(files, f => f.EndsWith("petitions.db", StringComparison.Ordinal));
        Assert.Contains(contents, c => Contains(c, Encoding.UTF8.GetBytes("李四")));
        Assert.NotEmpty(outbox);
        Assert.Contains(payloads, p => p.Contains("李四", StringComparison.Ordinal));
        foreach (var secret in Secrets)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            for (var i = 0; i < files.Count; i++)
            {
                Assert.False(Contains(contents[i], bytes), $"{secret} found in the bytes of {files[i]}");
                Assert.DoesNotContain(secret, Encoding.UTF8.GetString(contents[i]), StringComparison.Ordinal);
            }

            Assert.All(payloads, p => Assert.DoesNotContain(secret, p, StringComparison.Ordinal));
            Assert.DoesNotContain(secret, replies, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Triage_summary_naming_the_reporter_is_refused()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = await SubmitAndNotifyAsync(suite);

        var ex = await Rpc.FailsWith(StatusCode.InvalidArgument, async () => await suite.Petitions().TriagePetitionAsync(
            new TriagePetitionRequest { PetitionId = id, Proposals = { new ClueProposalInput { Summary = "举报人王小明反映某镇副镇长收受回扣" } } }, suite.As(Roles.Clerk)));

        Assert.Equal(["proposals[0].summary"], Rpc.BadFields(ex));
        var petition = await suite.Petitions().GetPetitionAsync(new GetPetitionRequest { PetitionId = id }, suite.As(Roles.Clerk));
        Assert.Equal(PetitionStatus.AcceptanceNotified, petition.Status);
        Assert.Empty(petition.ClueProposals);
    }

    [Fact]
    public async Task Custodian_reveal_returns_the_identity_and_is_audited_while_a_clerk_is_denied()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = (await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Named(Reporter()), suite.As(Roles.Intake))).PetitionId;
        var audit = new Audit.AuditClient(suite.Channel);

        await Rpc.FailsWith(StatusCode.PermissionDenied, async () => await suite.Petitions().RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { PetitionId = id, Reason = "核查需要联系举报人" }, suite.As(Roles.Clerk)));
        var identity = await suite.Petitions().RevealReporterIdentityAsync(
            new RevealReporterIdentityRequest { PetitionId = id, Reason = "核查需要联系举报人补充材料" }, suite.As(Roles.Custodian, "custodian-01"));

        Assert.Equal(Name, identity.Name);
        Assert.Equal(Phone, identity.Phone);
        Assert.Equal(IdNumber, identity.IdNumber);
        var records = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Chain = "petitions", ObjectId = id }, suite.As(Roles.Auditor));
        var reveal = Assert.Single(records.Records, r => r.Action == "petition.reporter_revealed");
        Assert.Equal("custodian-01", reveal.Actor);
        Assert.Equal(Roles.Custodian, reveal.Role);
        Assert.Equal("核查需要联系举报人补充材料", reveal.Reason);
    }

    [Fact]
    public async Task Changing_a_stored_audit_record_breaks_the_chain()
    {
        await using var suite = await SuiteHost.StartAsync();
        var id = (await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Named(Reporter()), suite.As(Roles.Intake))).PetitionId;
        await suite.Petitions().RevealReporterIdentityAsync(new RevealReporterIdentityRequest { PetitionId = id, Reason = "核查需要联系举报人补充材料" }, suite.As(Roles.Custodian));
        await suite.Petitions().ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        var audit = new Audit.AuditClient(suite.Channel);
        var before = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = "petitions" }, suite.As(Roles.Auditor));

        var sequence = await RewriteRevealReasonAsync(Path.Combine(suite.DataDirectory, "petitions.db"), "例行查看");
        var after = await audit.VerifyAuditChainAsync(new VerifyAuditChainRequest { Chain = "petitions" }, suite.As(Roles.Auditor));

        Assert.True(before.Valid, before.Problem);
        Assert.True(before.RecordsChecked >= 3);
        Assert.False(after.Valid);
        Assert.Equal(sequence, after.FirstInvalidSequence);
        var records = await audit.ListAuditRecordsAsync(new ListAuditRecordsRequest { Chain = "petitions", ObjectId = id }, suite.As(Roles.Auditor));
        Assert.Equal("例行查看", Assert.Single(records.Records, r => r.Action == "petition.reporter_revealed").Reason);
    }

    private static async Task<long> RewriteRevealReasonAsync(string database, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(ct);
        var rows = new List<(string Id, BsonDocument Doc)>();
        await using (var select = connection.CreateCommand())
        {
            select.CommandText = "SELECT id, doc FROM \"audit\"";
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add((reader.GetString(0), BsonSerializer.Deserialize<BsonDocument>((byte[])reader.GetValue(1))));
            }
        }

        var (rowId, doc) = Assert.Single(rows, r => r.Doc["action"].AsString == "petition.reporter_revealed");
        doc["reason"] = reason;
        await using var update = connection.CreateCommand();
        update.CommandText = "UPDATE \"audit\" SET doc = $doc WHERE id = $id";
        update.Parameters.AddWithValue("$doc", doc.ToBson());
        update.Parameters.AddWithValue("$id", rowId);
        Assert.Equal(1, await update.ExecuteNonQueryAsync(ct));
        return doc["sequence"].ToInt64();
    }

    private static async Task<string> SubmitAndNotifyAsync(SuiteHost suite)
    {
        var id = (await suite.Petitions().SubmitPetitionAsync(PetitionRequests.Named(Reporter()), suite.As(Roles.Intake))).PetitionId;
        await suite.Petitions().ScreenPetitionAsync(new ScreenPetitionRequest { PetitionId = id, Outcome = ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        await suite.Petitions().RecordAcceptanceNoticeAsync(new RecordAcceptanceNoticeRequest { PetitionId = id, Method = "电话告知" }, suite.As(Roles.Clerk));
        return id;
    }

    private static byte[] ReadShared(string path)
    {
        // A suite disposed in parallel clears every SQLite connection pool of the process; when the
        // last connection to a database closes, SQLite checkpoints and deletes its -wal and -shm
        // files, so one listed a moment ago may be gone. Gone, it holds nothing to find.
        using var stream = OpenOrNull(path);
        if (stream is null)
        {
            return [];
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private static FileStream? OpenOrNull(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static IEnumerable<string> StringValues(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringValues(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringValues),
        _ => [element.GetRawText()],
    };

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
