using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.EntityFrameworkCore;
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

internal static class PasskeyCeremonies
{
    /// <summary>Marks the ceremony used, once: the options' JSON when it was unused, unexpired, of this kind (and this account).</summary>
    public static async Task<string?> ConsumeAsync(IdentityDbContext db, Guid id, PasskeyCeremonyKind kind, AccountId? account, DateTime now, CancellationToken ct)
    {
        var used = await db.PasskeyCeremonies
            .Where(c => c.Id == id && c.Kind == kind && c.UsedOnUtc == null && c.ExpiresOnUtc > now && c.AccountId == account)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedOnUtc, now), ct);
        return used == 1 ? await db.PasskeyCeremonies.Where(c => c.Id == id).Select(c => c.OptionsJson).SingleAsync(ct) : null;
    }

    /// <summary>The browser's or platform's JSON, read with Fido2's own converters (base64url fields).</summary>
    public static T? Read<T>(JsonElement json) where T : class
    {
        try
        {
            return json.ValueKind == JsonValueKind.Object ? json.Deserialize<T>() : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}
