using System.Text.Json;
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

/// <summary>Options as the browser or the phone's platform API takes them, plus the id that answers them.</summary>
internal sealed record PasskeyOptionsResponse(Guid OptionsId, JsonElement PublicKey);

internal sealed record PasskeyItem(Guid PasskeyId, string Name, DateTime CreatedAt, DateTime? LastUsedAt);
