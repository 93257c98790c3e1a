using System.Reflection;
using Accountability.Platform.Security;
using Accountability.Platform.Storage;
using Accountability.Testing;
using Google.Protobuf.Reflection;
using Microsoft.Extensions.DependencyInjection;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Accountability.Reliability.Tests.Infrastructure;

/// <summary>One RPC of the suite with its access rule and the stores it may write.</summary>
public sealed record SuiteRpc(MethodDescriptor Method, RpcRule Rule)
{
    public string FullName => RpcAccess.FullName(Method.Service, Method.Name);

    public override string ToString() => Method.Service.Name + "/" + Method.Name;
}

/// <summary>
/// Every RPC the suite serves, found from the compiled protobuf descriptors (every generated file
/// of Accountability.Protos), never from a hand list: a new RPC is swept the day it is added.
/// </summary>
public static class SuiteRpcs
{
    /// <summary>The services of every generated proto file, in a stable order.</summary>
    public static IReadOnlyList<ServiceDescriptor> Services { get; } = typeof(Protos.Audit.V1.Audit).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .Select(p => (FileDescriptor)p!.GetValue(null)!)
        .SelectMany(f => f.Services)
        .DistinctBy(s => s.FullName)
        .OrderBy(s => s.FullName, StringComparer.Ordinal)
        .ToList();

    public static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(s => s.Methods);

    /// <summary>Every method with the rule the running suite enforces for it.</summary>
    public static IReadOnlyList<SuiteRpc> WithRules(SuiteHost suite)
    {
        var access = suite.Services.GetRequiredService<RpcAccess>();
        return Methods.Select(m => new SuiteRpc(m, access.Find(RpcAccess.FullName(m.Service, m.Name))
            ?? throw new InvalidOperationException($"No access rule for {m.FullName}"))).ToList();
    }

    /// <summary>The rules of the running suite that belong to no enumerated method (package services excluded).</summary>
    public static IReadOnlyList<string> RulesWithoutMethod(SuiteHost suite)
    {
        var known = Methods.Select(m => RpcAccess.FullName(m.Service, m.Name)).ToHashSet(StringComparer.Ordinal);
        return suite.Services.GetRequiredService<RpcAccess>().Rules.Keys
            .Where(k => !k.StartsWith("/grpc.", StringComparison.Ordinal) && !known.Contains(k))
            .ToList();
    }

    /// <summary>The names of the stores (one SQLite file each) the suite holds.</summary>
    public static IReadOnlyList<string> StoreNames(SuiteHost suite) =>
        suite.Services.GetServices<ServiceStoreName>().Select(s => s.Name).Distinct().Order(StringComparer.Ordinal).ToList();

    public static string DatabasePath(SuiteHost suite, string store) => Path.Combine(suite.DataDirectory, store + ".db");

    /// <summary>A role the rule allows (the first), or null when the method needs no token.</summary>
    public static string? AllowedRole(RpcRule rule) => rule.Anonymous ? null : rule.Roles[0];
}
