using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

/// <summary>The provider's answer, as the browser brings it back.</summary>
internal sealed record CompleteFranceConnectCommand(string? Code, string? State, string? Error, string? Issuer, string? BrowserBinding, string CallbackUri,
    string? IpAddress, string? UserAgent) : ICommand<Result<string>>;

/// <summary>
/// The callback (ADR 0070): the state must be known, unused, unexpired and started in this browser; then the code is
/// redeemed server-side and the identity is found by its link, or else by a single exact match of the identity
/// pivot with a formality's entrepreneur. Anything else opens no session: the client gets an <c>error</c> (and, when no
/// account matched, a <c>linkCode</c> to link it after a password login).
/// </summary>
internal sealed class CompleteFranceConnectHandler(IdentityDbContext db, FranceConnectClient client, SignIns signIns, TimeProvider clock,
    ILogger<CompleteFranceConnectHandler> logger) : ICommandHandler<CompleteFranceConnectCommand, Result<string>>
{
    public const string Method = "franceconnect";

    public async ValueTask<Result<string>> Handle(CompleteFranceConnectCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (command.State is not { Length: > 0 and <= 100 } state) return FranceConnectErrors.StateInvalid;
        var hash = Secrets.HashToken(state);
        var transaction = await db.FranceConnectTransactions.SingleOrDefaultAsync(t => t.StateHash == hash, cancellationToken);
        if (transaction is null || !transaction.IsUsable(now)) return FranceConnectErrors.StateInvalid;
        transaction.Consume(now); // single use, whatever happens next
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return FranceConnectErrors.StateInvalid; // the same state twice at once: one wins
        }

        // bound to the browser that started it (ASVS 10.2.1, 7.6.2): no cookie or another one is refused
        if (command.BrowserBinding is not { Length: > 0 } binding || Secrets.HashToken(binding) != transaction.BrowserBindingHash)
            return FranceConnectErrors.StateInvalid;

        if (command.Error is { Length: > 0 }) return Back(transaction, "identity.franceconnect.cancelled");
        if (command.Code is not { Length: > 0 } code) return Back(transaction, "identity.franceconnect.code_invalid");

        FranceConnectClient.Identity identity;
        try
        {
            // RFC 9207 mix-up defence: when the provider names itself in the answer, it must be ours
            var metadata = await client.DiscoverAsync(cancellationToken);
            if (command.Issuer is { Length: > 0 } iss && iss != metadata.Issuer) return Back(transaction, "identity.franceconnect.token_invalid");
            identity = await client.RedeemAsync(code, transaction.CodeVerifier, transaction.Nonce, command.CallbackUri, cancellationToken);
        }
        catch (Exception e) when (e is FranceConnectException or HttpRequestException or System.Text.Json.JsonException or TaskCanceledException
                                       or ArgumentException or FormatException && !cancellationToken.IsCancellationRequested)
        {
            var failure = e is FranceConnectException known ? known.Code : "identity.franceconnect.unavailable"; // the provider failed or answered garbage
            logger.LogWarning("FranceConnect login refused: {Code} ({Failure})", failure, e.GetType().Name);
            signIns.Journal(null, Method, failure["identity.franceconnect.".Length..], command.IpAddress, command.UserAgent, now); // the journal's result: 20 characters
            await db.SaveChangesAsync(cancellationToken);
            return Back(transaction, failure);
        }

        var account = await FindAccountAsync(identity, cancellationToken);
        var grantCode = Secrets.NewToken();
        if (account is null)
        {
            db.FranceConnectGrants.Add(FranceConnectGrant.Link(Secrets.HashToken(grantCode), identity.Issuer, identity.Subject, identity.IdToken, now));
            signIns.Journal(null, Method, "unmatched", command.IpAddress, command.UserAgent, now);
            await db.SaveChangesAsync(cancellationToken);
            return Back(transaction, "identity.franceconnect.unmatched", ("linkCode", grantCode));
        }

        db.FranceConnectGrants.Add(FranceConnectGrant.Login(Secrets.HashToken(grantCode), account.Id, identity.Issuer, identity.Subject, identity.IdToken, now));
        await db.SaveChangesAsync(cancellationToken);
        return QueryHelpers.AddQueryString(transaction.RedirectUri, "loginCode", grantCode);
    }

    /// <summary>The linked account, or the one account whose formality identity matches the pivot exactly (then linked).</summary>
    private async Task<Account?> FindAccountAsync(FranceConnectClient.Identity identity, CancellationToken ct)
    {
        var link = await db.FranceConnectLinks.AsNoTracking().SingleOrDefaultAsync(l => l.Issuer == identity.Issuer && l.Subject == identity.Subject, ct);
        if (link is not null) return await db.Accounts.SingleOrDefaultAsync(a => a.Id == link.AccountId && a.Status == AccountStatus.Active, ct);

        var birthDate = identity.Pivot.BirthDate;
        var candidates = await db.Formalities.AsNoTracking().Where(f => f.EntrepreneurBirthDate == birthDate && f.EntrepreneurNirLookup != null).ToListAsync(ct);
        var people = candidates.Where(f => identity.Pivot.Matches(f.Entrepreneur!)).Select(f => f.EntrepreneurNirLookup!).Distinct().ToList();
        if (people.Count != 1) return null; // none, or ambiguous: never a guess
        var nir = people[0];
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.NirLookup == nir && a.Status == AccountStatus.Active, ct);
        if (account is null || await db.FranceConnectLinks.AnyAsync(l => l.AccountId == account.Id, ct)) return null; // linked to another FranceConnect identity
        db.FranceConnectLinks.Add(FranceConnectLink.Create(account.Id, identity.Issuer, identity.Subject, "identity_match", clock.GetUtcNow().UtcDateTime));
        return account;
    }

    private static Result<string> Back(FranceConnectTransaction transaction, string error, params (string Name, string Value)[] extra)
    {
        var url = QueryHelpers.AddQueryString(transaction.RedirectUri, "error", error);
        foreach (var (name, value) in extra) url = QueryHelpers.AddQueryString(url, name, value);
        return url;
    }
}

internal sealed class CompleteFranceConnectEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet($"{FranceConnectRoutes.Path}/callback", async (string? code, string? state, string? error, string? iss, HttpContext http, ISender sender,
                CancellationToken ct) =>
            {
                var result = await sender.Send(new CompleteFranceConnectCommand(code, state, error, iss, http.Request.Cookies[FranceConnectRoutes.BindingCookie],
                    FranceConnectRoutes.CallbackUri(http), http.Connection.RemoteIpAddress?.ToString(), ClientInfo.UserAgent(http)), ct);
                http.Response.Cookies.Delete(FranceConnectRoutes.BindingCookie, new CookieOptions { Path = FranceConnectRoutes.Path });
                return result.IsSuccess ? Results.Redirect(result.Value!) : result.Error!.ToProblem();
            })
            .WithName("CompleteFranceConnect")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("The provider's return: 302 to the client's redirectUri with a one-time loginCode, or with an error (and a linkCode when no account matched).")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces(StatusCodes.Status302Found).ProducesValidationProblem();
}
