using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal static class FranceConnectErrors
{
    public static readonly Error RedirectUriNotAllowed = Error.Validation("identity.franceconnect.redirect_uri_not_allowed",
        "This redirectUri is not in FranceConnect:AllowedRedirectUris.", "redirectUri");

    public static readonly Error Unavailable = Error.Rule("identity.franceconnect.unavailable", "FranceConnect is not available: log in with the password.");

    public static readonly Error StateInvalid = Error.Validation("identity.franceconnect.state_invalid",
        "This FranceConnect answer is unknown, expired, already used or was started in another browser: start again.", "state");

    public static readonly Error LoginCodeInvalid = Error.Unauthorized("identity.franceconnect.login_code_invalid",
        "This login code is invalid, expired or already used: log in with FranceConnect again.");

    public static readonly Error LinkCodeInvalid = Error.Rule("identity.franceconnect.link_code_invalid",
        "This link code is invalid, expired or already used: log in with FranceConnect again.");

    public static readonly Error AlreadyLinked = Error.Conflict("identity.franceconnect.already_linked",
        "This account or this FranceConnect identity is already linked: unlink it first.");

    public static readonly Error NotLinked = Error.NotFound("identity.franceconnect.not_linked", "This account is not linked to FranceConnect.");

    public static readonly Error ReauthenticationRequired = Error.Forbidden("identity.reauthentication_required",
        "Log in again with the password to link FranceConnect: it needs a password check of less than 15 minutes.");
}
