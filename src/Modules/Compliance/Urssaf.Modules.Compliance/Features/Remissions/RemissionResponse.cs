using Urssaf.Modules.Compliance.Contracts.IntegrationEvents;
using Urssaf.Modules.Compliance.Domain;
using Urssaf.Modules.Compliance.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Compliance.Features.Remissions;

internal sealed record RemissionResponse(Guid RequestId, Guid PenaltyId, string Period, DateTime RequestedAt, string Reason, decimal Majoration,
    decimal Complementary, bool ComplementaryRemittable, decimal MaxRemittable, string Status, decimal Granted, DateTime? DecidedAt, string? DecisionNote)
{
    public static RemissionResponse From(RemissionRequest r) => new(r.Id, r.PenaltyId, r.Period, r.RequestedOnUtc, r.Reason, r.MajorationCents / 100m,
        r.ComplementaryCents / 100m, r.ComplementaryRemittable, r.MaxRemittableCents / 100m, r.Status, r.GrantedCents / 100m, r.DecidedOnUtc, r.DecisionNote);
}
