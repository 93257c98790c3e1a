using System.Text.Json;
using Accountability.Platform.Messaging;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Protos.CaseFiles.V1;
using Accountability.Testing;
using Google.Rpc;
using Grpc.Core;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Clue = Accountability.Protos.Clues.V1;
using Common = Accountability.Protos.Common.V1;
using Pet = Accountability.Protos.Petitions.V1;

namespace Accountability.CaseFiles.Tests.Service;

/// <summary>Shortcuts for the tests: clients, tokens, directory cadres, the clue path of scenario 1, polling, and refused calls.</summary>
internal static class CaseRpc
{
    public const string Department = "dept-1";

    /// <summary>李四, deputy head of 河西镇 (清水县), from seeds/directory: the accused of scenario 1.</summary>
    public const string LiSi = "c-qingshui-hexi-03";

    public static Protos.CaseFiles.V1.CaseFiles.CaseFilesClient CaseFiles(this SuiteHost suite) => new(suite.Channel);

    public static Clue.Clues.CluesClient Clues(this SuiteHost suite) => new(suite.Channel);

    public static Pet.Petitions.PetitionsClient Petitions(this SuiteHost suite) => new(suite.Channel);

    public static CallOptions Supervisor(this SuiteHost suite) => suite.As(Roles.Supervisor, "supervisor-wang");

    public static CallOptions OrgDept(this SuiteHost suite) => suite.As(Roles.OrgDept, "orgdept-zhou");

    public static CallOptions Handler(this SuiteHost suite, string department = Department) =>
        new(headers: new Metadata { { "Authorization", "Bearer " + TokenIssuer.Mint(suite.Auth, "handler-li", Roles.Handler, TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city", department: department) } });

    public static string Today(this SuiteHost suite) => suite.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<Cadre> CadreAsync(this SuiteHost suite, string cadreId) =>
        await suite.CaseFiles().GetCadreAsync(new GetCadreRequest { CadreId = cadreId }, suite.Supervisor());

    /// <summary>
    /// An opinion the organisation department requested, as the supervisor who checks it before
    /// signing reads it (the department itself sees the answer only once the reply is signed).
    /// </summary>
    public static async Task<IntegrityOpinion> OpinionAsync(this SuiteHost suite, RequestIntegrityOpinionRequest request)
    {
        var requested = await suite.CaseFiles().RequestIntegrityOpinionAsync(request, suite.OrgDept());
        return await suite.CaseFiles().GetIntegrityOpinionAsync(new GetIntegrityOpinionRequest { OpinionId = requested.OpinionId }, suite.Supervisor());
    }

    public static Clue.ClueSubject Subject(Cadre cadre, bool withId = true) => new()
    {
        Name = cadre.Name,
        Unit = cadre.Unit,
        Post = cadre.Post,
        Level = cadre.Level,
        CadreId = withId ? cadre.CadreId : "",
    };

    public static Pet.AccusedPerson Accused(Cadre cadre, bool withId = false) => new()
    {
        Name = cadre.Name,
        Unit = cadre.Unit,
        Post = cadre.Post,
        Level = cadre.Level,
        CadreId = withId ? cadre.CadreId : "",
    };

    public static Clue.CollectiveDecision Decision(this SuiteHost suite) => new() { MeetingDate = suite.Today(), Attendees = { "王书记", "赵主任", "钱委员" }, Approver = "王书记" };

    /// <summary>A petition submitted, accepted and triaged into one clue proposal; returns the petition id.</summary>
    public static async Task<string> TriagedPetitionAsync(this SuiteHost suite, Cadre accused, string facts, Common.Discipline discipline = Common.Discipline.Integrity)
    {
        var petitions = suite.Petitions();
        var submitted = await petitions.SubmitPetitionAsync(new Pet.SubmitPetitionRequest
        {
            IdempotencyKey = Guid.NewGuid().ToString("N"),
            Channel = Pet.Channel.Online,
            Kind = Pet.PetitionKind.Accusation,
            Facts = facts,
            Accused = { Accused(accused) },
            Disciplines = { discipline },
        }, suite.As(Roles.Intake));
        await petitions.ScreenPetitionAsync(new Pet.ScreenPetitionRequest { PetitionId = submitted.PetitionId, Outcome = Pet.ScreeningOutcome.Accept, Reason = "属本级管辖" }, suite.As(Roles.Clerk));
        await petitions.TriagePetitionAsync(new Pet.TriagePetitionRequest { PetitionId = submitted.PetitionId, Proposals = { new Pet.ClueProposalInput { Summary = "反映" + accused.Post + "违纪问题" } } }, suite.As(Roles.Clerk));
        return submitted.PetitionId;
    }

    /// <summary>The clue the Clues service registered from a petition, once the proposal arrived.</summary>
    public static Task<Clue.Clue> ClueOfPetitionAsync(this SuiteHost suite, string petitionId) =>
        Poll(async () =>
        {
            var listed = await suite.Clues().ListCluesAsync(new Clue.ListCluesRequest { Source = Clue.ClueSource.Petition, PageSize = 100 }, suite.Supervisor());
            foreach (var summary in listed.Clues)
            {
                var clue = await suite.Clues().GetClueAsync(new Clue.GetClueRequest { ClueId = summary.ClueId }, suite.Supervisor());
                if (clue.PetitionId == petitionId)
                {
                    return clue;
                }
            }

            return null;
        });

    /// <summary>Assigns the clue to <see cref="Department"/> and decides its disposal.</summary>
    public static async Task<Clue.Clue> DisposeAsync(this SuiteHost suite, string clueId, Clue.DisposalMethod method)
    {
        var clues = suite.Clues();
        await clues.AssignClueAsync(new Clue.AssignClueRequest { ClueId = clueId, Department = Department, Handler = "handler-li" }, suite.Supervisor());
        return await clues.DecideDisposalAsync(new Clue.DecideDisposalRequest { ClueId = clueId, Method = method, CollectiveDecision = suite.Decision(), Reason = "线索处置会研究" }, suite.Supervisor());
    }

    /// <summary>
    /// Scenario 1 (shared/domain.md §11): a petition on 李四 (named by name and unit only), letter inquiry,
    /// an untruthful reply, preliminary verification, a case, 严重警告 and 政务记过 approved today, the case concluded.
    /// </summary>
    public static async Task<string> ScenarioOneAsync(this SuiteHost suite)
    {
        var lisi = await suite.CadreAsync(LiSi);
        var petitionId = await suite.TriagedPetitionAsync(lisi, "该镇副镇长在道路工程招标中收受承包商回扣二十万元。");
        var id = (await suite.ClueOfPetitionAsync(petitionId)).ClueId;
        var clues = suite.Clues();
        await suite.DisposeAsync(id, Clue.DisposalMethod.TalkInquiry);
        await clues.SendInquiryLetterAsync(new Clue.SendInquiryLetterRequest { ClueId = id, LetterReference = "函询〔2026〕1号" }, suite.Handler());
        await clues.RecordInquiryReplyAsync(new Clue.RecordInquiryReplyRequest { ClueId = id, ReplyReference = "李四复函", CountersignedBy = "河西镇党委书记" }, suite.Handler());
        await clues.ReportInquiryAsync(new Clue.ReportInquiryRequest { ClueId = id, Proposal = Clue.InquiryProposal.Escalate, ReplyUntruthful = true, Findings = "复函否认，但银行流水显示有往来", Approver = "王书记" }, suite.Handler());
        await clues.PlanVerificationAsync(new Clue.PlanVerificationRequest { ClueId = id, Team = { "核查员甲", "核查员乙" }, PlanReference = "初核方案", Approver = "王书记" }, suite.Handler());
        await clues.ReportVerificationAsync(new Clue.ReportVerificationRequest { ClueId = id, Outcome = Clue.VerificationOutcome.FileCase, ReportReference = "初核报告", SignedBy = { "核查员甲", "核查员乙" }, Approver = "王书记" }, suite.Handler());
        var today = suite.Today();
        await clues.RecordOutcomeAsync(new Clue.RecordOutcomeRequest { ClueId = id, Kind = Clue.OutcomeKind.PartySeriousWarning, DecidedOn = today, ApprovedOn = today, CaseCategory = "违反党纪" }, suite.Supervisor());
        await clues.RecordOutcomeAsync(new Clue.RecordOutcomeRequest { ClueId = id, Kind = Clue.OutcomeKind.GovDemerit, DecidedOn = today, ApprovedOn = today, CaseCategory = "违反党纪" }, suite.Supervisor());
        await clues.ConcludeCaseAsync(new Clue.ConcludeCaseRequest { ClueId = id, Summary = "审结，给予严重警告、政务记过处分" }, suite.Supervisor());
        return id;
    }

    /// <summary>The dossier once it satisfies <paramref name="ready"/> (the events travel over the bus).</summary>
    public static Task<Dossier> DossierWhenAsync(this SuiteHost suite, string cadreId, Func<Dossier, bool> ready) =>
        Poll(async () =>
        {
            var dossier = await suite.CaseFiles().GetDossierAsync(new GetDossierRequest { CadreId = cadreId }, suite.Supervisor());
            return ready(dossier) ? dossier : null;
        });

    /// <summary>Publishes an event onto the suite's bus under a new message id, as a service's outbox would.</summary>
    public static Task PublishAsync(this SuiteHost suite, object message) =>
        suite.Services.GetRequiredService<IBus>().Publish(message, message.GetType(), c => c.MessageId = Guid.NewGuid(), TestContext.Current.CancellationToken);

    /// <summary>Waits until the CaseFiles inbox holds <paramref name="count"/> handled messages.</summary>
    public static Task InboxReachesAsync(this SuiteHost suite, long count) =>
        Poll(async () => await suite.Store(CaseFilesModule.Name).CountAsync(InboxEntry.Collection, null) >= count ? "done" : null);

    /// <summary>The services whose events the dossiers are built from, in this branch.</summary>
    public static readonly string[] Sources = ["petitions", "clues", "talks", "tolerance"];

    /// <summary>Every event of the source services the dossiers are built from, once the relays have sent them all.</summary>
    public static async Task<List<object>> DossierEventsAsync(this SuiteHost suite)
    {
        var messages = await Poll(async () =>
        {
            var all = new List<OutboxMessage>();
            foreach (var source in Sources)
            {
                all.AddRange(await suite.OutboxAsync(source));
            }

            return all.All(m => m.Dispatched) ? all : null;
        });

        // A consumer may still publish in reaction to one of them (the Petitions service closes a
        // petition when its clue concludes): wait until the outboxes stay the same a while.
        for (var quiet = 0; quiet < 4;)
        {
            await Task.Delay(100);
            var again = await Poll(async () =>
            {
                var all = new List<OutboxMessage>();
                foreach (var source in Sources)
                {
                    all.AddRange(await suite.OutboxAsync(source));
                }

                return all.All(m => m.Dispatched) ? all : null;
            });
            quiet = again.Count == messages.Count ? quiet + 1 : 0;
            messages = again;
        }

        return messages
            .Select(m => ContractRegistry.Resolve(m.MessageType) is var type && Accountability.CaseFiles.Domain.DossierRecorder.Sources.ContainsKey(type) ? JsonSerializer.Deserialize(m.Payload, type, ContractJson.Options) : null)
            .OfType<object>()
            .ToList();
    }

    public static async Task<List<OutboxMessage>> OutboxAsync(this SuiteHost suite, string service)
    {
        var messages = new List<OutboxMessage>();
        Cursor? after = null;
        do
        {
            var page = await suite.Store(service).QueryAsync(OutboxMessage.Collection, new Query(null, "occurredAt", false, 500, after), TestContext.Current.CancellationToken);
            messages.AddRange(page.Items);
            after = page.Next;
        }
        while (after is not null);

        return messages;
    }

    public static async Task<T> Poll<T>(Func<Task<T?>> probe)
        where T : class
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The expected state was not reached within 20 s.");
    }

    public static async Task<RpcException> FailsWith(StatusCode code, Func<Task> call)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(call);
        Assert.True(ex.StatusCode == code, $"Expected {code} but got {ex.StatusCode}: {ex.Status.Detail}");
        return ex;
    }

    public static List<string> BadFields(RpcException ex) =>
        ex.GetRpcStatus()?.GetDetail<BadRequest>()?.FieldViolations.Select(v => v.Field).ToList() ?? [];
}
