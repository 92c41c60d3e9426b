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

/// <summary>The WebAuthn relying party (ADR 0071): <c>Identity:Passkeys:RelyingPartyId</c> and <c>Origins</c>.</summary>
internal sealed class PasskeyOptions
{
    public const string Section = "Identity:Passkeys";

    public string RelyingPartyId { get; set; } = "localhost";
    public string RelyingPartyName { get; set; } = "Urssaf";
    public string[]? Origins { get; set; }

    public IReadOnlyList<string> EffectiveOrigins => Origins is { Length: > 0 } o ? o : ["http://localhost:5080"];
}
