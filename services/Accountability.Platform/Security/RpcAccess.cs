using Google.Protobuf.Reflection;

namespace Accountability.Platform.Security;

/// <summary>
/// One policy per RPC: which roles may call it, or that it needs no token. A method with no
/// entry is denied to everyone.
/// </summary>
public sealed class RpcAccess
{
    private readonly Dictionary<string, RpcRule> _rules = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, RpcRule> Rules => _rules;

    public RpcAccess Allow(ServiceDescriptor service, string method, params string[] roles)
    {
        if (roles.Length == 0)
        {
            throw new ArgumentException("Name at least one role; use AllowAnonymous for open methods.", nameof(roles));
        }

        return Add(service, method, new RpcRule(false, roles));
    }

    public RpcAccess AllowAnonymous(ServiceDescriptor service, string method) => Add(service, method, new RpcRule(true, []));

    /// <summary>For services mapped from packages (health, reflection) that have no descriptor at hand.</summary>
    public RpcAccess AllowAnonymous(string fullMethodName)
    {
        _rules[fullMethodName] = new RpcRule(true, []);
        return this;
    }

    public RpcRule? Find(string fullMethodName) => _rules.GetValueOrDefault(fullMethodName);

    /// <summary>Fails at start-up when a service has a method that no rule covers.</summary>
    public void EnsureCovers(ServiceDescriptor service)
    {
        var missing = service.Methods.Where(m => !_rules.ContainsKey(FullName(service, m.Name))).Select(m => m.Name).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"No access rule for {service.FullName}: {string.Join(", ", missing)}.");
        }
    }

    public static string FullName(ServiceDescriptor service, string method) => $"/{service.FullName}/{method}";

    private RpcAccess Add(ServiceDescriptor service, string method, RpcRule rule)
    {
        if (service.FindMethodByName(method) is null)
        {
            throw new ArgumentException($"{service.FullName} has no method {method}.", nameof(method));
        }

        _rules[FullName(service, method)] = rule;
        return this;
    }
}

public sealed record RpcRule(bool Anonymous, IReadOnlyList<string> Roles);
