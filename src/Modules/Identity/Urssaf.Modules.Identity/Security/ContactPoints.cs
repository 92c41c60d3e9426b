using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;

namespace Urssaf.Modules.Identity.Security;

internal static class ContactPoints
{
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// Overseas departments' mobile ranges (ARCEP numbering plan): the national prefix 06xx dialled in France and
    /// the country code the number has abroad. Mayotte's former +269 numbers are accepted as typed.
    /// </summary>
    private static readonly (string National, string CountryCode)[] Overseas =
    [
        ("0690", "+590"), ("0691", "+590"), // Guadeloupe, Saint-Martin, Saint-Barthélemy
        ("0694", "+594"),                   // Guyane
        ("0696", "+596"), ("0697", "+596"), // Martinique
        ("0692", "+262"), ("0693", "+262"), // La Réunion
        ("0639", "+262"),                   // Mayotte
    ];

    private static readonly string[] CountryCodes = ["+33", "+262", "+269", "+590", "+594", "+596"];

    /// <summary>
    /// A mobile number of metropolitan France (06 / 07, <c>+33612345678</c>) or of an overseas department
    /// (<c>0692 12 34 56</c> → <c>+262692123456</c>), in E.164; null otherwise.
    /// </summary>
    public static string? NormalizeMobile(string? phone)
    {
        if (phone is null || phone.Length > 30) return null;
        var digits = new string(phone.Where(c => c is not (' ' or '.' or '-' or '(' or ')' or '\u00A0')).ToArray());
        if (digits.StartsWith("00", StringComparison.Ordinal)) digits = "+" + digits[2..];
        if (digits.StartsWith('+'))
        {
            var code = CountryCodes.FirstOrDefault(c => digits.StartsWith(c, StringComparison.Ordinal));
            if (code is null) return null;
            var national = digits[code.Length..];
            if (national.Length != 9 || !national.All(char.IsAsciiDigit)) return null;
            if (code == "+33") return IsMetropolitanMobile("0" + national) ? code + national : OverseasFromNational("0" + national);
            return national[0] is '6' or '7' ? code + national : null;
        }

        if (digits.Length != 10 || !digits.All(char.IsAsciiDigit)) return null;
        return OverseasFromNational(digits) ?? (IsMetropolitanMobile(digits) ? "+33" + digits[1..] : null);
    }

    private static bool IsMetropolitanMobile(string national) =>
        national.Length == 10 && national[0] == '0' && (national[1] is '6' or '7') && OverseasFromNational(national) is null;

    private static string? OverseasFromNational(string national) =>
        Overseas.FirstOrDefault(o => national.StartsWith(o.National, StringComparison.Ordinal)) is { CountryCode: { } code }
            ? code + national[1..]
            : null;

    /// <summary>Only the country code, the first digit and the last two digits stay visible (<c>+33 6 •• •• •• 78</c>).</summary>
    public static string MaskMobile(string e164)
    {
        var code = CountryCodes.Where(c => e164.StartsWith(c, StringComparison.Ordinal)).DefaultIfEmpty("+33").MaxBy(c => c.Length)!;
        return $"{code} {e164[code.Length]} •• •• •• {e164[^2..]}";
    }

    /// <summary>The account a login designates: an e-mail address, a NIR (found through its HMAC) or a SIRET; null otherwise.</summary>
    public static Task<Account?> FindByLoginAsync(this IdentityDbContext db, NirProtector nirs, string login, CancellationToken ct)
    {
        login = login.Trim();
        if (login.Contains('@'))
        {
            var email = NormalizeEmail(login);
            return db.Accounts.SingleOrDefaultAsync(a => a.Email == email, ct);
        }

        if (Identifiers.CompactSiret(login) is { } siret)
            return Identifiers.IsValidSiret(siret) ? db.Accounts.SingleOrDefaultAsync(a => a.Siret == siret, ct) : Task.FromResult<Account?>(null);
        if (!Identifiers.IsValidNir(login)) return Task.FromResult<Account?>(null);
        var lookup = nirs.Lookup(login);
        return db.Accounts.SingleOrDefaultAsync(a => a.NirLookup == lookup, ct);
    }
}

/// <summary>Creates an activation challenge and the event that makes Notifications deliver its secret.</summary>
internal static class ActivationMessages
{
    public const int EmailLinkHours = 24;

    public static void IssueEmail(IdentityDbContext db, Account account, string token, DateTime now)
    {
        var expires = now.AddHours(EmailLinkHours);
        db.ActivationChallenges.Add(ActivationChallenge.Create(account.Id, ActivationChannel.Email, Secrets.HashToken(token), expires));
        db.AddIntegrationEvent(new ActivationEmailRequested(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, token, expires));
    }

    public static void IssueSms(IdentityDbContext db, Account account, string code, string codeHash, DateTime now)
    {
        var expires = now.AddMinutes(10);
        db.ActivationChallenges.Add(ActivationChallenge.Create(account.Id, ActivationChannel.Sms, codeHash, expires));
        db.AddIntegrationEvent(new ActivationSmsRequested(Guid.CreateVersion7(), now, account.Id.Value, account.MobilePhone, code, expires));
    }
}
