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

/// <summary>The password path of an account was locked after repeated failures: tell its owner.</summary>
public sealed record AccountLocked(
    Guid EventId, DateTime OccurredOnUtc, Guid AccountId, string FirstName, string Email, DateTime LockedUntilUtc) : IIntegrationEvent;
