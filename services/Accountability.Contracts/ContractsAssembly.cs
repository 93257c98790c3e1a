namespace Accountability.Contracts;

/// <summary>Marks this assembly so the platform can find every pinned contract in it.</summary>
public static class ContractsAssembly;
