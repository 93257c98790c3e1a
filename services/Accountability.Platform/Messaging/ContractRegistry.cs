using System.Reflection;
using MassTransit;

namespace Accountability.Platform.Messaging;

/// <summary>Maps pinned wire names back to the event types of the contracts assembly.</summary>
public static class ContractRegistry
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Types = new(() =>
        typeof(Contracts.ContractsAssembly).Assembly.GetExportedTypes()
            .Where(t => t.GetCustomAttribute<MessageUrnAttribute>() is not null)
            .ToDictionary(t => MessageUrn.ForTypeString(t), t => t));

    public static IReadOnlyCollection<Type> All => Types.Value.Values.ToArray();

    public static Type Resolve(string messageType) =>
        Types.Value.TryGetValue(messageType, out var type)
            ? type
            : throw new InvalidOperationException($"No contract has the wire name '{messageType}'.");
}
