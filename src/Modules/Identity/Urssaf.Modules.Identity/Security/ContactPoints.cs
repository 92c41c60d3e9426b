using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;

namespace Urssaf.Modules.Identity.Security;

internal static class ContactPoints
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>A French mobile number (06 / 07) in E.164 (<c>+33612345678</c>), or null.</summary>
    public static string? NormalizeMobile(string? phone)
    {
        if (phone is null || phone.Length > 30) return null;
        var digits = new string(phone.Where(c => c != ' ' && c != '.' && c != '-').ToArray());
        if (digits.StartsWith("+33", StringComparison.Ordinal)) digits = "0" + digits[3..];
        else if (digits.StartsWith("0033", StringComparison.Ordinal)) digits = "0" + digits[4..];
        return digits.Length == 10 && digits.All(char.IsAsciiDigit) && (digits[1] is '6' or '7') ? "+33" + digits[1..] : null;
    }

    /// <summary>Only the last two digits stay visible (<c>+33 6 •• •• •• 78</c>).</summary>
    public static string MaskMobile(string e164) => $"+33 {e164[3]} •• •• •• {e164[^2..]}";

    /// <summary>The account a login designates: an e-mail address, or a NIR (found through its HMAC); null otherwise.</summary>
    public static Task<Account?> FindByLoginAsync(this IdentityDbContext db, NirProtector nirs, string login, CancellationToken ct)
    {
        login = login.Trim();
        if (login.Contains('@'))
        {
            var email = NormalizeEmail(login);
            return db.Accounts.SingleOrDefaultAsync(a => a.Email == email, ct);
        }

        if (!Identifiers.IsValidNir(login)) return Task.FromResult<Account?>(null);
        var lookup = nirs.Lookup(login);
        return db.Accounts.SingleOrDefaultAsync(a => a.NirLookup == lookup, ct);
    }
}

/// <summary>Creates an activation challenge and the event that makes Notifications deliver its secret.</summary>
internal static class ActivationMessages
{
    public static void Issue(IdentityDbContext db, Account account, ActivationChannel channel, DateTime now)
    {
        if (channel == ActivationChannel.Email)
        {
            var token = Secrets.NewToken();
            var expires = now.AddHours(24);
            db.ActivationChallenges.Add(ActivationChallenge.Create(account.Id, channel, Secrets.HashToken(token), expires));
            db.AddIntegrationEvent(new ActivationEmailRequested(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email,
                token, expires));
        }
        else
        {
            var code = Secrets.NewSixDigitCode();
            var expires = now.AddMinutes(10);
            db.ActivationChallenges.Add(ActivationChallenge.Create(account.Id, channel, Secrets.HashCode(code), expires));
            db.AddIntegrationEvent(new ActivationSmsRequested(Guid.CreateVersion7(), now, account.Id.Value, account.MobilePhone, code, expires));
        }
    }
}
