using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Identity.Contracts.IntegrationEvents;

/// <summary>
/// An entrepreneur confirmed both activation steps: the account exists and owns the SIRET. Modules link their
/// copy of the enterprise (kept from <see cref="EnterpriseProfileChanged"/>) to the account; Notifications
/// keeps the contact details it delivers to.
/// </summary>
public sealed record AccountActivated(
    Guid EventId,
    DateTime OccurredOnUtc,
    Guid AccountId,
    string Siret,
    string FirstName,
    string LastName,
    string Email,
    string MobilePhone) : IIntegrationEvent;
