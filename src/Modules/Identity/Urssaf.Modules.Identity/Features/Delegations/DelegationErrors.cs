using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Delegations;

internal static class DelegationErrors
{
    public static readonly Error ThirdPartyUnknown = Error.NotFound("identity.delegation.third_party_unknown",
        "No accountant or software registered with Urssaf has this SIREN.");
    public static readonly Error ScopeNotAllowed = Error.Rule("identity.delegation.scope_not_allowed",
        "This third party is not allowed some of these scopes by Urssaf.");
    public static readonly Error AlreadyActive = Error.Conflict("identity.delegation.exists",
        "This third party already holds an active delegation: change its scopes or revoke it first.");
    public static readonly Error NotFound = Error.NotFound("identity.delegation.not_found", "No such delegation on this account.");
    public static readonly Error NotActive = Error.Rule("identity.delegation.not_active", "This delegation is revoked or expired.");
    public static readonly Error ExpiresInPast = Error.Validation("identity.delegation.expires_in_past", "expiresOn must be today or later.", "expiresOn");
}

/// <summary>Granting or widening access is a sensitive change: it needs a password check of less than 15 minutes (SECURITY.md 7.5.1).</summary>
internal static class DelegationStepUp
{
    public static IResult? Refusal(ClaimsPrincipal user, TimeProvider clock) => user.AuthenticatedRecently(clock)
        ? null
        : ProblemResults.Problem(StatusCodes.Status403Forbidden, "identity.reauthentication_required",
            "Log in again to give or widen a delegation: it needs a password check of less than 15 minutes.");
}
