using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Journal;
using Urssaf.SharedKernel.Infrastructure.PersonalData;

namespace Urssaf.Modules.Identity.Features.PersonalData;

/// <summary>Identity's part of the export: profile (NIR masked: only its HMAC is stored), sessions, connection journal, delegations, journal entries.</summary>
internal sealed class IdentityPersonalData(IdentityDbContext db) : IPersonalDataContributor
{
    public string Module => IdentityDbContext.Schema;

    public async Task WriteJsonAsync(AccountId account, Utf8JsonWriter json, CancellationToken ct)
    {
        var profile = await db.Accounts.AsNoTracking().Where(a => a.Id == account).Select(a => new
        {
            a.Siret, nir = a.NirMasked, a.FirstName, a.LastName, a.Email, a.MobilePhone, a.SecretQuestion, status = a.Status.ToString(),
            a.EmailConfirmed, a.PhoneConfirmed, createdAt = a.CreatedOnUtc, activatedAt = a.ActivatedOnUtc,
        }).SingleAsync(ct);
        json.WritePropertyName("profile");
        JsonSerializer.Serialize(json, profile, PersonalDataJson.Options);
        await json.WriteArrayAsync("sessions", db.Sessions.AsNoTracking().Where(s => s.AccountId == account).OrderBy(s => s.CreatedOnUtc)
            .Select(s => new { s.Id, s.Method, s.IpAddress, s.UserAgent, createdAt = s.CreatedOnUtc, s.RememberMe, revokedAt = s.RevokedOnUtc, s.RevokedReason })
            .AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("connectionJournal", db.ConnectionJournal.AsNoTracking().Where(c => c.AccountId == account).OrderBy(c => c.AtUtc)
            .Select(c => new { at = c.AtUtc, c.Method, c.Result, c.IpAddress, c.UserAgent }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("contactChanges", db.ContactChanges.AsNoTracking().Where(c => c.AccountId == account)
            .Select(c => new { c.Id, kind = c.Kind.ToString(), c.NewValue, c.OldValue }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("delegations", db.Delegations.AsNoTracking().Where(d => d.AccountId == account).OrderBy(d => d.CreatedOnUtc)
            .Select(d => new { d.Id, d.Siret, d.ThirdPartyId, d.Scopes, d.ExpiresOn, createdAt = d.CreatedOnUtc, revokedAt = d.RevokedOnUtc, firstUsedAt = d.FirstUsedOnUtc })
            .AsAsyncEnumerable(), ct);
        var delegations = db.Delegations.Where(d => d.AccountId == account).Select(d => d.Id);
        await json.WriteArrayAsync("delegationActivity", db.DelegationActivities.AsNoTracking().Where(a => delegations.Contains(a.DelegationId))
            .AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("dataExports", db.DataExports.AsNoTracking().Where(e => e.AccountId == account)
            .Select(e => new { e.Id, status = e.Status.ToString(), requestedAt = e.RequestedOnUtc, readyAt = e.ReadyOnUtc, expiresAt = e.ExpiresOnUtc })
            .AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("passkeys", db.Passkeys.AsNoTracking().Where(p => p.AccountId == account).OrderBy(p => p.CreatedOnUtc)
            .Select(p => new { p.Id, p.Name, createdAt = p.CreatedOnUtc, lastUsedAt = p.LastUsedOnUtc }).AsAsyncEnumerable(), ct);
        await json.WriteArrayAsync("franceConnectLinks", db.FranceConnectLinks.AsNoTracking().Where(l => l.AccountId == account)
            .Select(l => new { l.Id, l.Issuer, l.LinkedBy, linkedAt = l.LinkedOnUtc }).AsAsyncEnumerable(), ct);
        var id = account.Value;
        await json.WriteArrayAsync("journal", db.Set<JournalEntry>().AsNoTracking().Where(e => e.AccountId == id).OrderBy(e => e.Sequence)
            .Select(e => new { e.Sequence, at = e.AtUtc, e.Kind, e.Actor, e.Data }).AsAsyncEnumerable(), ct);
    }

    public async IAsyncEnumerable<PersonalDataFile> FilesAsync(AccountId account, [EnumeratorCancellation] CancellationToken ct)
    {
        await Task.CompletedTask;
        yield break;
    }
}
