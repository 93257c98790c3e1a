namespace Accountability.Platform.Messaging;

/// <summary>Wakes a store's outbox relay as soon as a batch with events commits.</summary>
public sealed class OutboxSignal : WakeSignal;
