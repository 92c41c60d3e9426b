using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Identity.Contracts.IntegrationEvents;

/// <summary>Send the activation link (valid 24 h, single use) to the registering entrepreneur's e-mail address.</summary>
public sealed record ActivationEmailRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string Token, DateTime ExpiresAtUtc)
    : ISensitiveIntegrationEvent;

/// <summary>Send the six-digit activation code (valid 10 min, 5 tries) to the registering entrepreneur's mobile phone.</summary>
public sealed record ActivationSmsRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string MobilePhone, string Code, DateTime ExpiresAtUtc)
    : ISensitiveIntegrationEvent;

/// <summary>Someone tried to register with a SIRET, NIR or e-mail address of this existing account: tell its owner.</summary>
public sealed record RegistrationAttemptedOnExistingAccount(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email) : IIntegrationEvent;

/// <summary>
/// A registration opened no account: its identity does not match the formality, or an account already holds its
/// SIRET, NIR or e-mail. Tell the address given, in the same words whatever the reason (no enumeration).
/// </summary>
public sealed record RegistrationNotOpened(Guid EventId, DateTime OccurredOnUtc, string FirstName, string Email) : IIntegrationEvent;

/// <summary>The password path of an account was locked after repeated failures: tell its owner.</summary>
public sealed record AccountLocked(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, DateTime LockedUntilUtc) : IIntegrationEvent;

/// <summary>Recovery step 1: send the recovery link (30 min, single use) to the account's e-mail address.</summary>
public sealed record RecoveryEmailRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string Token, DateTime ExpiresAtUtc)
    : ISensitiveIntegrationEvent;

/// <summary>Recovery step 2: send the recovery code (6 digits, 10 min, 5 tries) to the account's mobile phone.</summary>
public sealed record RecoverySmsRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string MobilePhone, string Code, DateTime ExpiresAtUtc)
    : ISensitiveIntegrationEvent;

/// <summary>
/// Recovery done: the first half of the temporary password (single use, 15 min), by SMS. Each half travels in its own
/// event, so that no stored message ever holds the whole password.
/// </summary>
public sealed record TemporaryPasswordSmsRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string MobilePhone, string FirstHalf, DateTime ExpiresAtUtc) : ISensitiveIntegrationEvent;

/// <summary>Recovery done: the second half of the temporary password, by e-mail.</summary>
public sealed record TemporaryPasswordEmailRequested(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string SecondHalf, DateTime ExpiresAtUtc)
    : ISensitiveIntegrationEvent;

/// <summary>The password was changed and every other session ended: tell the owner.</summary>
public sealed record PasswordChanged(Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email) : IIntegrationEvent;

/// <summary>A login succeeded from a device never seen before, after failed attempts: tell the owner.</summary>
public sealed record SuspiciousLoginDetected(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string? IpAddress, string? UserAgent)
    : IIntegrationEvent;

/// <summary>A passkey was added to or deleted from the account, or refused as a copy (its counter went backwards): tell the owner.</summary>
public sealed record PasskeyChanged(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, string Change, string PasskeyName) : IIntegrationEvent
{
    public const string Added = "added";
    public const string Removed = "removed";
    public const string CloneDetected = "clone_detected";
}
