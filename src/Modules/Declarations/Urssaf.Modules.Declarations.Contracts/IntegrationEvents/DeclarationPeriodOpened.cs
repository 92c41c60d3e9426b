using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Declarations.Contracts.IntegrationEvents;

/// <summary>
/// A period of an account has ended: its declaration is now expected by <see cref="DueDate"/> (CSS R613-8).
/// Published once per account and period by Declarations' daily job, for reminders and regularity.
/// </summary>
public sealed record DeclarationPeriodOpened(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid AccountId,
    string Siret,
    string Period,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateOnly DueDate,
    DateTime DeadlineUtc) : IIntegrationEvent;
