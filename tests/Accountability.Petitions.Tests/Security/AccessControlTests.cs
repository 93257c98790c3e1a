using Accountability.Platform.Security;
using Accountability.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using AuditApi = Accountability.Protos.Audit.V1;
using PetitionsApi = Accountability.Protos.Petitions.V1;

namespace Accountability.Petitions.Tests.Security;

public sealed class AccessControlTests
{
    private static readonly Google.Protobuf.Reflection.ServiceDescriptor[] Services =
        [PetitionsApi.Petitions.Descriptor, PetitionsApi.ReporterDesk.Descriptor, AuditApi.Audit.Descriptor];

    private static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(s => s.Methods);

    [Fact]
    public async Task Every_rpc_of_the_three_services_has_an_access_rule()
    {
        await using var suite = await SuiteHost.StartAsync();
        var rules = suite.Services.GetRequiredService<RpcAccess>().Rules;

        var missing = Methods.Select(m => RpcAccess.FullName(m.Service, m.Name)).Where(name => !rules.ContainsKey(name)).ToList();

        Assert.Empty(missing);
        Assert.Equal(14 + 2 + 2, Methods.Count());
        Assert.Equal(["GetReceiptStatus", "AddReporterMessage"], Methods.Where(m => Rule(suite, m).Anonymous).Select(m => m.Name));
    }

    [Fact]
    public async Task Calls_without_a_token_are_unauthenticated_except_the_reporter_desk()
    {
        await using var suite = await SuiteHost.StartAsync();

        await AssertEveryMethodAsync(suite, _ => null, StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task Calls_with_an_expired_token_are_unauthenticated_except_the_reporter_desk()
    {
        await using var suite = await SuiteHost.StartAsync();

        await AssertEveryMethodAsync(
            suite,
            m => suite.Token(AllowedRole(suite, m), lifetime: TimeSpan.FromMinutes(5), issuedAt: DateTimeOffset.UtcNow.AddHours(-2)),
            StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task Calls_with_a_token_signed_by_another_key_are_unauthenticated_except_the_reporter_desk()
    {
        await using var suite = await SuiteHost.StartAsync();
        var stranger = new AuthOptions
        {
            Issuer = suite.Auth.Issuer,
            Audience = suite.Auth.Audience,
            SigningKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        };

        await AssertEveryMethodAsync(
            suite,
            m => TokenIssuer.Mint(stranger, "forger", AllowedRole(suite, m), TimeSpan.FromHours(1), DateTimeOffset.UtcNow, organ: "org-city"),
            StatusCode.Unauthenticated);
    }

    [Fact]
    public async Task Every_role_an_rpc_does_not_allow_is_denied_and_every_allowed_role_passes_the_gate()
    {
        await using var suite = await SuiteHost.StartAsync();

        var (failures, denials) = await AnyRpc.SweepRolesAsync(suite.Channel, Methods, Roles.All, role => suite.Token(role), (method, role) =>
        {
            var rule = Rule(suite, method);
            return rule.Anonymous || rule.Roles.Contains(role);
        });

        Assert.Empty(failures);
        Assert.True(denials > 50, $"only {denials} denied combinations were exercised");
    }


    private static async Task AssertEveryMethodAsync(SuiteHost suite, Func<MethodDescriptor, string?> token, StatusCode expected)
    {
        var failures = new List<string>();
        foreach (var method in Methods)
        {
            var code = await CallAsync(suite, method, token(method));
            if (Rule(suite, method).Anonymous)
            {
                if (code is StatusCode.Unauthenticated or StatusCode.PermissionDenied)
                {
                    failures.Add($"{method.FullName} is open but got {code}");
                }
            }
            else if (code != expected)
            {
                failures.Add($"{method.FullName}: expected {expected}, got {code}");
            }
        }

        Assert.Empty(failures);
    }

    private static RpcRule Rule(SuiteHost suite, MethodDescriptor method) =>
        suite.Services.GetRequiredService<RpcAccess>().Rules[RpcAccess.FullName(method.Service, method.Name)];

    /// <summary>A role the RPC allows, so that only the token's validity can make the call fail.</summary>
    private static string AllowedRole(SuiteHost suite, MethodDescriptor method) =>
        Rule(suite, method).Roles.FirstOrDefault() ?? Roles.Clerk;

    private static Task<StatusCode> CallAsync(SuiteHost suite, MethodDescriptor descriptor, string? token) =>
        AnyRpc.CallEmptyAsync(suite.Channel, descriptor, token);
}
