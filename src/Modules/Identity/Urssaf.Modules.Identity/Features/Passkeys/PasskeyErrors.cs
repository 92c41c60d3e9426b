using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Passkeys;

internal static class PasskeyErrors
{
    public static readonly Error ReauthenticationRequired = Error.Forbidden("identity.reauthentication_required",
        "Log in again to add a passkey: it needs a login of less than 15 minutes.");

    public static readonly Error OptionsInvalid = Error.Rule("identity.passkey.options_invalid",
        "These options are unknown, expired or already used: ask for new ones.");

    public static readonly Error CredentialMalformed = Error.Validation("identity.passkey.credential_malformed",
        "The credential is not a WebAuthn response in JSON.", "credential");

    public static readonly Error RegistrationRefused = Error.Rule("identity.passkey.registration_refused",
        "The authenticator's answer could not be verified (origin, challenge, user verification or signature).");

    public static readonly Error TooMany = Error.Rule("identity.passkey.too_many", $"An account can hold at most {Passkey.MaxPerAccount} passkeys: delete one first.");

    public static readonly Error NotFound = Error.NotFound("identity.passkey.not_found", "This account has no passkey with this id.");

    /// <summary>One answer for an unknown (or deleted) passkey and a failed check: no enumeration of credentials.</summary>
    public static readonly Error LoginRefused = Error.Unauthorized("identity.passkey.login_refused",
        "This passkey could not log in: it is unknown, deleted, or its answer could not be verified.");

    public static readonly Error Cloned = Error.Unauthorized("identity.passkey.cloned",
        "This passkey's signature counter went backwards: it may have been copied. It is refused and its owner warned.");
}
