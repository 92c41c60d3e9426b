using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Delegations;

/// <summary>A delegation to an accountant or software, as the owner sees it (owner only, never open to a delegate; ADR 61).</summary>
internal sealed record DelegationResponse(Guid DelegationId, string Siren, string ThirdPartyName, IReadOnlyList<string> Scopes, string Status,
    DateOnly? ExpiresOn, DateTime CreatedAt, DateTime? RevokedAt, DateTime? FirstUsedAt)
{
    public static DelegationResponse From(Delegation d, ThirdParty party, DateOnly today) => new(d.Id, party.Siren, party.Name, d.ScopeList,
        d.StatusOn(today) switch { DelegationStatus.Active => "active", DelegationStatus.Expired => "expired", _ => "revoked" },
        d.ExpiresOn, d.CreatedOnUtc, d.RevokedOnUtc, d.FirstUsedOnUtc);
}
