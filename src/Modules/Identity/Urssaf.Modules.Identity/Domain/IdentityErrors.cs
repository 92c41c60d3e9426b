using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Domain;

internal static class IdentityErrors
{
    public static readonly Error SiretUnknown = Error.Rule("identity.siret.unknown",
        "This SIRET is not known to Urssaf yet. The business registries can take up to four weeks to synchronise after " +
        "a creation: try again later, or contact Urssaf if your business was created more than four weeks ago.");

    public static readonly Error EntrepreneurRequired = Error.Validation("identity.formality.entrepreneur_required",
        "A new formality must say who the entrepreneur is (entrepreneur: nir, birthName, firstNames, birthDate).", "entrepreneur");

    public static readonly Error FormalityWithoutIdentity = Error.Rule("identity.formality.identity_missing",
        "The formalities centre has not yet transmitted who the entrepreneur of this SIRET is, so the account cannot be opened " +
        "yet. Try again in a few days, or contact Urssaf (3957).");

    /// <summary>The same answer for an unknown login and a wrong password (no enumeration).</summary>
    public static readonly Error InvalidCredentials = Error.Unauthorized("identity.credentials.invalid",
        "The login or the password is incorrect.");

    public static readonly Error NotActivated = Error.Unauthorized("identity.account.not_activated",
        "The account is not activated yet: follow the link sent by e-mail and enter the code sent by SMS.");

    public static Error Throttled(DateTime until) => Error.TooManyRequests("identity.login.throttled",
        "Too many failed attempts: wait before trying again.", until);

    public static readonly Error ActivationLinkInvalid = Error.Rule("identity.activation.link_invalid",
        "This activation link is invalid, expired or already used: ask for a new one.");

    public static readonly Error ActivationCodeInvalid = Error.Rule("identity.activation.code_invalid",
        "This code is invalid, expired or already used.");

    public static readonly Error RefreshTokenInvalid = Error.Unauthorized("identity.refresh_token.invalid",
        "This refresh token is invalid or expired: log in again.");

    public static readonly Error SessionNotFound = Error.NotFound("identity.session.not_found", "No active session has this id.");

    public static readonly Error ChangedConcurrently = Error.Conflict("identity.account.changed_concurrently",
        "The account was changed by another request at the same moment: read it again and retry.");

    public static readonly Error AccountNotFound = Error.NotFound("identity.account.not_found", "This account no longer exists.");
}
