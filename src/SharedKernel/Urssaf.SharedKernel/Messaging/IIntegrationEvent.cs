namespace Urssaf.SharedKernel.Messaging;

/// <summary>
/// A fact a module publishes for others, delivered durably through its outbox and the subscribers' inboxes.
/// Implementations are public sealed records in a <c>*.Contracts</c> assembly; their stored type key is
/// <c>&lt;module&gt;.&lt;TypeName&gt;</c>, so renaming one is a breaking change (publish a V2 instead).
/// </summary>
public interface IIntegrationEvent
{
    /// <summary>Unique per event; the inbox deduplicates on it.</summary>
    Guid EventId { get; }

    DateTime OccurredOnUtc { get; }
}

/// <summary>
/// An event carrying a secret for delivery (an activation token, a one-time code). Its stored content is
/// erased from the outbox and the inbox as soon as it has been handled, so the secret does not linger.
/// </summary>
public interface ISensitiveIntegrationEvent : IIntegrationEvent;
