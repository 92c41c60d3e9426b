using Urssaf.SharedKernel.Enterprise;
using Urssaf.SharedKernel.Messaging;

namespace Urssaf.Modules.Identity.Contracts.IntegrationEvents;

/// <summary>
/// The business-formalities centre transmitted a micro-enterprise's creation or a change of it. Modules keep
/// their own copy of what they need, keyed by SIRET (event-carried state); <see cref="AccountActivated"/>
/// later links the SIRET to an account.
/// </summary>
public sealed record EnterpriseProfileChanged(
    Guid EventId,
    DateTime OccurredOnUtc,
    string Siret,
    string LegalName,
    string ApeCode,
    DateOnly ActivityStartDate,
    ActivityNature ActivityNature,
    ActivityCategory PrimaryCategory,
    string Department,
    DeclarationFrequency DeclarationFrequency,
    bool IncomeTaxWithholding,
    bool Acre,
    string Address) : IIntegrationEvent;
