using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Urssaf.Modules.Identity.Domain;
using Urssaf.SharedKernel.Infrastructure.Journal;

namespace Urssaf.Modules.Identity.Security;

/// <summary>What Identity journals (ADR 0112): logins and failures, account and contact changes, passwords, delegations, operators, exports.</summary>
internal static class IdentityJournal
{
    public static JournalRecord? Describe(EntityEntry entry) => entry.Entity switch
    {
        ConnectionEntry c when entry.State == EntityState.Added => new($"identity.connection.{c.Method}.{c.Result}", c.AccountId,
            new { ipAddress = c.IpAddress }, c.AccountId is { } a ? $"account:{a}" : "anonymous"),
        // a registration is not journaled: whether it opened an account must cost the same work as when it did not (no enumeration)
        Account a when entry.Changed(nameof(Account.Status)) => new($"identity.account.{a.Status.ToString().ToLowerInvariant()}", a.Id),
        Account a when entry.Changed(nameof(Account.PasswordHash)) => new("identity.password.changed", a.Id),
        Account a when entry.Changed(nameof(Account.Email)) || entry.Changed(nameof(Account.MobilePhone)) || entry.Changed(nameof(Account.SecretQuestion)) =>
            new("identity.contact.changed", a.Id, new
            {
                email = entry.Changed(nameof(Account.Email)), phone = entry.Changed(nameof(Account.MobilePhone)),
                secretQuestion = entry.Changed(nameof(Account.SecretQuestion)),
            }),
        Account a when entry.Changed(nameof(Account.PurgedOnUtc)) => new("identity.account.purged", a.Id),
        Delegation d when entry.State == EntityState.Added => new("identity.delegation.granted", d.AccountId,
            new { delegationId = d.Id, d.Siret, d.ThirdPartyId, d.Scopes, d.ExpiresOn }),
        Delegation d when entry.Changed(nameof(Delegation.RevokedOnUtc)) => new("identity.delegation.revoked", d.AccountId, new { delegationId = d.Id }),
        Delegation d when entry.Changed(nameof(Delegation.Scopes)) => new("identity.delegation.scopes_changed", d.AccountId,
            new { delegationId = d.Id, d.Scopes }),
        OperatorCredential o when entry.State == EntityState.Added => new("identity.operator.created", null, new { operatorId = o.Id, o.Name, o.Role }),
        OperatorCredential o when entry.Changed(nameof(OperatorCredential.RevokedOnUtc)) => new("identity.operator.revoked", null, new { operatorId = o.Id, o.Name }),
        OperatorCredential o when entry.Changed(nameof(OperatorCredential.KeyHash)) => new("identity.operator.key_rotated", null, new { operatorId = o.Id, o.Name }),
        DataExport x when entry.State == EntityState.Added => new("identity.data_export.requested", x.AccountId, new { exportId = x.Id }),
        DataExport x when entry.Changed(nameof(DataExport.Status)) => new($"identity.data_export.{x.Status.ToString().ToLowerInvariant()}", x.AccountId,
            new { exportId = x.Id }),
        _ => null,
    };
}
