using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Security;

/// <summary>Opens a session for a login that is not a password one (FranceConnect, passkey): the same answer, journaled with its method.</summary>
internal sealed class SignIns(IdentityDbContext db, AccessTokens tokens, Microsoft.Extensions.Options.IOptions<IdentityModuleOptions> options)
{
    public TokenResponse Open(Account account, string method, string? ip, string? userAgent, DateTime now) => Open(account, method, ip, userAgent, now, out _);

    public TokenResponse Open(Account account, string method, string? ip, string? userAgent, DateTime now, out Guid sessionId)
    {
        var session = Session.Open(account.Id, rememberMe: false, method, options.Value.Sessions, ip, userAgent, now);
        db.Sessions.Add(session);
        sessionId = session.Id;
        var refresh = AccessTokens.NewRefreshToken(db, session, now);
        Journal(account.Id, method, "success", ip, userAgent, now);
        return new TokenResponse(tokens.Issue(session), refresh, tokens.ExpiresInSeconds, account.MustChangePassword);
    }

    /// <summary>Every login attempt, with its method (ASVS 16.3.1); the caller saves.</summary>
    public void Journal(Urssaf.SharedKernel.Identity.AccountId? account, string method, string result, string? ip, string? userAgent, DateTime now) =>
        db.ConnectionJournal.Add(new ConnectionEntry
        {
            Id = Guid.CreateVersion7(), AccountId = account, AtUtc = now, Method = method, Result = result, IpAddress = ip, UserAgent = userAgent,
        });
}
