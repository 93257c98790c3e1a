using Accountability.Petitions.Domain;
using Accountability.Platform.Security;
using Accountability.Reliability.Tests.Infrastructure;
using Accountability.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Pet = Accountability.Protos.Petitions.V1;

namespace Accountability.Reliability.Tests.Access;

/// <summary>
/// The access table, generated from the descriptors and the suite's RpcAccess rules (no hand table):
/// every RPC × every role × every kind of token. Then object-level scope (a handler sees only their
/// department's clues, talks and matters) and the receipt-code window's guessing limit.
/// </summary>
public sealed class AccessTableTests : IAsyncLifetime
{
    private const string OtherDepartment = "dept-other";

    private SuiteHost _suite = null!;
    private ScenarioIds _ids = null!;

    public async ValueTask InitializeAsync()
    {
        _suite = await SuiteHost.StartAsync();
        _ids = await Scenario.RunAsync(_suite);
        await StoreSnapshot.SettledAsync(_suite, SuiteRpcs.StoreNames(_suite), TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync() => await _suite.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_rpc_as_every_role_with_every_kind_of_token_ends_as_its_rule_says()
    {
        var rpcs = SuiteRpcs.WithRules(_suite);
        var failures = new List<string>();
        long calls = 0, denied = 0, unauthenticated = 0;
        foreach (var rpc in rpcs)
        {
            var empty = rpc.Method.InputType.Parser.ParseFrom(ByteString.Empty);
            foreach (var role in Roles.All.Append("nobody"))
            {
                var allowed = rpc.Rule.Anonymous || rpc.Rule.Roles.Contains(role);
                var code = (await RawCall.UnaryAsync(_suite.Channel, rpc.Method, empty, Tokens.For(_suite, role), Ct)).Code;
                calls++;
                if (allowed && code is StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.Internal or StatusCode.Unknown)
                {
                    failures.Add($"{rpc} as {role} (allowed): {code}");
                }
                else if (!allowed)
                {
                    denied++;
                    if (code != StatusCode.PermissionDenied)
                    {
                        failures.Add($"{rpc} as {role} (not allowed): expected PermissionDenied, got {code}");
                    }
                }

                foreach (var kind in Enum.GetValues<BadToken>())
                {
                    var bad = (await RawCall.UnaryAsync(_suite.Channel, rpc.Method, empty, Tokens.Bad(_suite, kind, role), Ct)).Code;
                    calls++;
                    if (rpc.Rule.Anonymous)
                    {
                        // The reporter's window needs no token: a bad one changes nothing.
                        if (bad is StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.Internal)
                        {
                            failures.Add($"{rpc} (anonymous) with {kind} token as {role}: {bad}");
                        }
                    }
                    else
                    {
                        unauthenticated++;
                        if (bad != StatusCode.Unauthenticated)
                        {
                            failures.Add($"{rpc} with {kind} token as {role}: expected Unauthenticated, got {bad}");
                        }
                    }
                }
            }
        }

        RunCounts.Record("AccessTableTests.Every_rpc_as_every_role_with_every_kind_of_token_ends_as_its_rule_says", new Dictionary<string, long>
        {
            ["rpcs"] = rpcs.Count,
            ["access_calls"] = calls,
            ["denied_pairs"] = denied,
            ["bad_token_calls"] = unauthenticated,
        });
        Assert.True(failures.Count == 0, $"{failures.Count} failures:\n" + string.Join("\n", failures.Take(60)));
        Assert.True(denied > 300, $"only {denied} denied pairs exercised");
    }

    [Fact]
    public void Only_the_reporters_receipt_code_window_is_open_without_a_token_and_every_rule_names_known_roles()
    {
        var rpcs = SuiteRpcs.WithRules(_suite);

        Assert.Equal(["accountability.petitions.v1.ReporterDesk"], rpcs.Where(r => r.Rule.Anonymous).Select(r => r.Method.Service.FullName).Distinct());
        Assert.All(rpcs.Where(r => !r.Rule.Anonymous), r => Assert.Subset(Roles.All.ToHashSet(), r.Rule.Roles.ToHashSet()));
    }

    [Fact]
    public async Task A_handler_sees_and_touches_only_the_clues_talks_and_matters_of_their_department()
    {
        // The scenario's clue is assigned to, and its talk and matter were opened by, Tokens.Department.
        var scoped = new Dictionary<string, string> { ["clue_id"] = _ids.ClueId, ["talk_id"] = _ids.TalkId, ["matter_id"] = _ids.MatterId };
        var own = Tokens.For(_suite, Roles.Handler);
        var other = Tokens.For(_suite, Roles.Handler, OtherDepartment);
        var none = Tokens.For(_suite, Roles.Handler, department: null);
        var failures = new List<string>();
        var checkedRpcs = 0;
        var stores = SuiteRpcs.StoreNames(_suite);
        foreach (var rpc in SuiteRpcs.WithRules(_suite).Where(r => r.Rule.Roles.Contains(Roles.Handler)))
        {
            var idField = rpc.Method.InputType.Fields.InDeclarationOrder().FirstOrDefault(f => f.FieldType == FieldType.String && scoped.ContainsKey(f.Name));
            if (rpc.Method.Name.StartsWith("List", StringComparison.Ordinal))
            {
                // Lists (filtered by the object or not): another department's handler never gets the objects in any page.
                checkedRpcs++;
                var request = rpc.Method.InputType.Parser.ParseFrom(ByteString.Empty);
                if (idField is not null)
                {
                    idField.Accessor.SetValue(request, scoped[idField.Name]);
                }

                foreach (var token in new[] { other, none })
                {
                    var result = await RawCall.UnaryAsync(_suite.Channel, rpc.Method, request, token, Ct);
                    var bytes = result.Response?.ToByteString().ToStringUtf8() ?? "";
                    failures.AddRange(scoped.Values.Where(bytes.Contains).Select(id => $"{rpc} listed {id} to a handler of another department"));
                }
            }
            else if (idField is not null)
            {
                // Aimed at the object by id: another department's handler learns nothing and changes nothing.
                checkedRpcs++;
                var request = rpc.Method.InputType.Parser.ParseFrom(ByteString.Empty);
                idField.Accessor.SetValue(request, scoped[idField.Name]);
                foreach (var (who, token) in new[] { ("other department", other), ("no department", none) })
                {
                    var before = await StoreSnapshot.TakeAsync(_suite, stores);
                    var result = await RawCall.UnaryAsync(_suite.Channel, rpc.Method, request, token, Ct);
                    var after = await StoreSnapshot.TakeAsync(_suite, stores);
                    if (result.Code is not (StatusCode.NotFound or StatusCode.InvalidArgument))
                    {
                        failures.Add($"{rpc} on {scoped[idField.Name]} as handler of {who}: {result.Code} {result.Detail}");
                    }

                    if (result.Code == StatusCode.InvalidArgument && result.BadFields.Contains(idField.Name))
                    {
                        failures.Add($"{rpc} as handler of {who}: the id was judged malformed, not out of scope");
                    }

                    failures.AddRange(before.DifferencesNotFromConsumers(after, out _).Select(d => $"{rpc} as handler of {who} stored: {d}"));
                }

                if (rpc.Method.Name.StartsWith("Get", StringComparison.Ordinal))
                {
                    var mine = await RawCall.UnaryAsync(_suite.Channel, rpc.Method, request, own, Ct);
                    if (mine.Code != StatusCode.OK)
                    {
                        failures.Add($"{rpc} as handler of the own department: {mine.Code} {mine.Detail}");
                    }
                }
            }
        }

        var clueList = await new Protos.Clues.V1.Clues.CluesClient(_suite.Channel).ListCluesAsync(new Protos.Clues.V1.ListCluesRequest(), Scenario.As(_suite, Roles.Handler));
        Assert.Contains(clueList.Clues, c => c.ClueId == _ids.ClueId);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.True(checkedRpcs >= 20, $"only {checkedRpcs} RPCs were checked for scope");
    }

    [Fact]
    public async Task Guessing_receipt_codes_is_refused_with_resource_exhausted_after_the_configured_number_of_wrong_codes()
    {
        var options = _suite.Services.GetRequiredService<PetitionsOptions>();
        var desk = new Pet.ReporterDesk.ReporterDeskClient(_suite.Channel);
        Assert.Equal(StatusCode.OK, (await Call(() => desk.GetReceiptStatusAsync(new Pet.GetReceiptStatusRequest { ReceiptCode = _ids.ReceiptCode }).ResponseAsync)));

        var codes = new List<StatusCode>();
        for (var i = 0; i < options.ReceiptFailureLimit; i++)
        {
            // Well-formed guesses that match no petition.
            var guess = (9_000_000_000_000_000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            codes.Add(await Call(() => desk.GetReceiptStatusAsync(new Pet.GetReceiptStatusRequest { ReceiptCode = guess }).ResponseAsync));
        }

        Assert.All(codes, c => Assert.Equal(StatusCode.NotFound, c));
        // Locked out: even the right code is refused now, so a guesser cannot tell a hit.
        Assert.Equal(StatusCode.ResourceExhausted, await Call(() => desk.GetReceiptStatusAsync(new Pet.GetReceiptStatusRequest { ReceiptCode = _ids.ReceiptCode }).ResponseAsync));
        Assert.Equal(StatusCode.ResourceExhausted, await Call(() => desk.AddReporterMessageAsync(new Pet.AddReporterMessageRequest { ReceiptCode = _ids.ReceiptCode, Text = "补充" }).ResponseAsync));

        // After the lockout the right code works again.
        _suite.Clock.Advance(options.ReceiptLockout + TimeSpan.FromSeconds(1));
        Assert.Equal(StatusCode.OK, await Call(() => desk.GetReceiptStatusAsync(new Pet.GetReceiptStatusRequest { ReceiptCode = _ids.ReceiptCode }).ResponseAsync));
    }

    private static async Task<StatusCode> Call<T>(Func<Task<T>> call)
    {
        try
        {
            await call();
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }
}
