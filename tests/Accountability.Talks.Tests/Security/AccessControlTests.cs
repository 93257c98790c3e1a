using Accountability.Platform.Security;
using Accountability.Talks.Tests.Service;
using Accountability.Testing;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace Accountability.Talks.Tests.Security;

public sealed class AccessControlTests(SuiteFixture fixture) : IClassFixture<SuiteFixture>
{
    private static readonly string[] Workers = [Roles.Handler, Roles.Supervisor];
    private static readonly string[] Readers = [Roles.Handler, Roles.Supervisor, Roles.Auditor, Roles.Admin];

    /// <summary>The policy, one line per RPC: handlers and supervisors work talks, only a supervisor cancels, the organisation department reads test results.</summary>
    private static readonly Dictionary<string, string[]> Expected = new()
    {
        ["RequestTalk"] = Workers,
        ["ScheduleTalk"] = Workers,
        ["RescheduleTalk"] = Workers,
        ["RecordTalkMissed"] = Workers,
        ["CancelTalk"] = [Roles.Supervisor],
        ["RecordTalkHeld"] = Workers,
        ["RecordFollowUp"] = Workers,
        ["RecordAdmonishmentFiling"] = Workers,
        ["RecordTestScores"] = Workers,
        ["GetTestResults"] = [.. Readers, Roles.OrgDept],
        ["CloseTalk"] = Workers,
        ["GetTalk"] = Readers,
        ["ListTalks"] = Readers,
        ["GetAgenda"] = Readers,
        ["GetTalkStatistics"] = [Roles.Supervisor, Roles.Auditor, Roles.Admin],
    };

    private SuiteHost Suite => fixture.Suite;

    private static IEnumerable<MethodDescriptor> Methods => Protos.Talks.V1.Talks.Descriptor.Methods;

    [Fact]
    public void Every_talks_rpc_has_the_policy_of_the_issue()
    {
        var rules = Suite.Services.GetRequiredService<RpcAccess>().Rules;
        Assert.Equal(Expected.Keys.Order(), Methods.Select(m => m.Name).Order());
        Assert.All(Methods, m =>
        {
            var rule = rules[RpcAccess.FullName(m.Service, m.Name)];
            Assert.False(rule.Anonymous);
            Assert.Equal(Expected[m.Name].Order(), rule.Roles.Order());
        });
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated()
    {
        Assert.Empty(await AnyRpc.NotRefusedWithoutTokenAsync(Suite.Channel, Methods));
    }


    [Fact]
    public async Task Every_role_an_rpc_does_not_allow_is_denied_and_every_allowed_role_passes_the_gate()
    {
        var (failures, denials) = await AnyRpc.SweepRolesAsync(Suite.Channel, Methods, Roles.All, role => Suite.Token(role), (method, role) => Expected[method.Name].Contains(role));

        Assert.Empty(failures);
        Assert.True(denials > 60, $"only {denials} denied combinations were exercised");
    }

}
