using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal static class FranceConnectErrors
{
    public static readonly Error RedirectUriNotAllowed = Error.Validation("identity.franceconnect.redirect_uri_not_allowed",
        "This redirectUri is not in FranceConnect:AllowedRedirectUris.", "redirectUri");

    public static readonly Error Unavailable = Error.Rule("identity.franceconnect.unavailable", "FranceConnect is not available: log in with the password.");

    public static readonly Error StateInvalid = Error.Validation("identity.franceconnect.state_invalid",
        "This FranceConnect answer is unknown, expired, already used or was started in another browser: start again.", "state");

    public static readonly Error LoginCodeInvalid = Error.Unauthorized("identity.franceconnect.login_code_invalid",
        "This login code is invalid, expired or already used: log in with FranceConnect again.");

    public static readonly Error LinkCodeInvalid = Error.Rule("identity.franceconnect.link_code_invalid",
        "This link code is invalid, expired or already used: log in with FranceConnect again.");

    public static readonly Error AlreadyLinked = Error.Conflict("identity.franceconnect.already_linked",
        "This account or this FranceConnect identity is already linked: unlink it first.");

    public static readonly Error NotLinked = Error.NotFound("identity.franceconnect.not_linked", "This account is not linked to FranceConnect.");

    public static readonly Error ReauthenticationRequired = Error.Forbidden("identity.reauthentication_required",
        "Log in again with the password to link FranceConnect: it needs a password check of less than 15 minutes.");
}

internal sealed record StartFranceConnectCommand(string RedirectUri, string CallbackUri) : ICommand<Result<FranceConnectStart>>;

internal sealed record FranceConnectStart(string AuthorizationUrl, string BrowserBinding);

internal sealed class StartFranceConnectHandler(IdentityDbContext db, FranceConnectClient client, FranceConnectSettings settings, TimeProvider clock,
    ILogger<StartFranceConnectHandler> logger)
    : ICommandHandler<StartFranceConnectCommand, Result<FranceConnectStart>>
{
    public async ValueTask<Result<FranceConnectStart>> Handle(StartFranceConnectCommand command, CancellationToken cancellationToken)
    {
        // exact match against the allow-list: no open redirect (ASVS 10.1.x)
        if (!settings.Options.RedirectUris.Contains(command.RedirectUri, StringComparer.Ordinal)) return FranceConnectErrors.RedirectUriNotAllowed;
        if (!settings.IsConfigured) return FranceConnectErrors.Unavailable;
        FranceConnectClient.Metadata metadata;
        try
        {
            metadata = await client.DiscoverAsync(cancellationToken);
        }
        catch (FranceConnectException e)
        {
            logger.LogWarning("FranceConnect unavailable: {Reason}", e.Message);
            return FranceConnectErrors.Unavailable;
        }

        // state and nonce: 256 random bits each (FranceConnect requires a nonce of 22 characters or more); PKCE S256
        var (state, nonce, verifier, binding) = (Secrets.NewToken(), Secrets.NewToken(), Secrets.NewToken(), Secrets.NewToken());
        var now = clock.GetUtcNow().UtcDateTime;
        db.FranceConnectTransactions.Add(FranceConnectTransaction.Start(Secrets.HashToken(state), Secrets.HashToken(binding), nonce, verifier,
            command.RedirectUri, now));
        await db.SaveChangesAsync(cancellationToken);
        var url = QueryHelpers.AddQueryString(metadata.AuthorizationEndpoint, new Dictionary<string, string?>
        {
            ["response_type"] = "code", ["client_id"] = settings.Options.ClientId, ["redirect_uri"] = command.CallbackUri,
            ["scope"] = FranceConnectOptions.Scopes, ["state"] = state, ["nonce"] = nonce, ["acr_values"] = "eidas1",
            ["code_challenge"] = FranceConnectClient.CodeChallenge(verifier), ["code_challenge_method"] = "S256", ["prompt"] = "login consent",
        });
        return new FranceConnectStart(url, binding);
    }
}

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

internal sealed record OpenFranceConnectSessionCommand(string LoginCode, string? IpAddress, string? UserAgent) : ICommand<Result<TokenResponse>>;

internal sealed class OpenFranceConnectSessionValidator : AbstractValidator<OpenFranceConnectSessionCommand>
{
    public OpenFranceConnectSessionValidator() =>
        RuleFor(c => c.LoginCode).NotEmpty().MaximumLength(100).WithErrorCode("identity.franceconnect.login_code_invalid");
}

/// <summary>Exchanges the one-time login code for a session; it works while the password path is locked (SECURITY.md, lockout).</summary>
internal sealed class OpenFranceConnectSessionHandler(IdentityDbContext db, SignIns signIns, TimeProvider clock)
    : ICommandHandler<OpenFranceConnectSessionCommand, Result<TokenResponse>>
{
    public async ValueTask<Result<TokenResponse>> Handle(OpenFranceConnectSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(command.LoginCode);
        var grant = await db.FranceConnectGrants.SingleOrDefaultAsync(g => g.CodeHash == hash, cancellationToken);
        if (grant is null || !grant.IsUsable(FranceConnectGrantKind.Login, now)) return FranceConnectErrors.LoginCodeInvalid;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == grant.AccountId && a.Status == AccountStatus.Active, cancellationToken);
        if (account is null) return FranceConnectErrors.LoginCodeInvalid;
        var tokens = signIns.Open(account, CompleteFranceConnectHandler.Method, command.IpAddress, command.UserAgent, now, out var sessionId);
        db.Entry(grant).Property(g => g.UsedOnUtc).CurrentValue = now;
        db.Entry(grant).Property(g => g.SessionId).CurrentValue = sessionId;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return FranceConnectErrors.LoginCodeInvalid; // used twice at once: one session only
        }

        return tokens;
    }
}

internal sealed record LinkFranceConnectCommand(AccountId AccountId, string LinkCode) : ICommand<Result<FranceConnectLinkResponse>>;

internal sealed record FranceConnectLinkResponse(bool Linked, DateTime LinkedAt);

internal sealed class LinkFranceConnectValidator : AbstractValidator<LinkFranceConnectCommand>
{
    public LinkFranceConnectValidator() => RuleFor(c => c.LinkCode).NotEmpty().MaximumLength(100).WithErrorCode("identity.franceconnect.link_code_invalid");
}

/// <summary>Links the FranceConnect identity a callback found no account for to the account that just logged in with its password.</summary>
internal sealed class LinkFranceConnectHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<LinkFranceConnectCommand, Result<FranceConnectLinkResponse>>
{
    public async ValueTask<Result<FranceConnectLinkResponse>> Handle(LinkFranceConnectCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(command.LinkCode);
        var grant = await db.FranceConnectGrants.SingleOrDefaultAsync(g => g.CodeHash == hash, cancellationToken);
        if (grant is null || !grant.IsUsable(FranceConnectGrantKind.Link, now)) return FranceConnectErrors.LinkCodeInvalid;
        if (await db.FranceConnectLinks.AnyAsync(l => l.AccountId == command.AccountId || (l.Issuer == grant.Issuer && l.Subject == grant.Subject), cancellationToken))
            return FranceConnectErrors.AlreadyLinked;
        db.Entry(grant).Property(g => g.UsedOnUtc).CurrentValue = now;
        db.FranceConnectLinks.Add(FranceConnectLink.Create(command.AccountId, grant.Issuer, grant.Subject, "password_confirmed", now));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return FranceConnectErrors.AlreadyLinked;
        }

        return new FranceConnectLinkResponse(true, now);
    }
}

internal sealed record UnlinkFranceConnectCommand(AccountId AccountId) : ICommand<Result>;

internal sealed class UnlinkFranceConnectHandler(IdentityDbContext db) : ICommandHandler<UnlinkFranceConnectCommand, Result>
{
    public async ValueTask<Result> Handle(UnlinkFranceConnectCommand command, CancellationToken cancellationToken) =>
        await db.FranceConnectLinks.Where(l => l.AccountId == command.AccountId).ExecuteDeleteAsync(cancellationToken) == 0
            ? FranceConnectErrors.NotLinked
            : Result.Success();
}

internal sealed class FranceConnectEndpoint : ICarterModule
{
    public const string BindingCookie = "urssaf_fc";
    internal const string Path = $"{IdentityRoutes.Root}/franceconnect";
    private static readonly TimeSpan StepUpWindow = TimeSpan.FromMinutes(15);

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).WithTags(IdentityRoutes.Tag);
        group.MapGet("/authorize", async (string? redirectUri, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new StartFranceConnectCommand(redirectUri ?? "", CallbackUri(http)), ct);
                if (!result.IsSuccess) return result.Error!.ToProblem();
                http.Response.Cookies.Append(BindingCookie, result.Value!.BrowserBinding, new CookieOptions
                {
                    HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Lax, Path = Path,
                    MaxAge = FranceConnectTransaction.Lifetime, IsEssential = true,
                });
                return Results.Redirect(result.Value.AuthorizationUrl);
            })
            .WithName("StartFranceConnect")
            .WithSummary("Starts a FranceConnect login: 302 to the provider with state, nonce, PKCE and acr_values=eidas1; redirectUri must be in FranceConnect:AllowedRedirectUris.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces(StatusCodes.Status302Found).ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/callback", async (string? code, string? state, string? error, string? iss, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new CompleteFranceConnectCommand(code, state, error, iss, http.Request.Cookies[BindingCookie], CallbackUri(http),
                    http.Connection.RemoteIpAddress?.ToString(), ClientInfo.UserAgent(http)), ct);
                http.Response.Cookies.Delete(BindingCookie, new CookieOptions { Path = Path });
                return result.IsSuccess ? Results.Redirect(result.Value!) : result.Error!.ToProblem();
            })
            .WithName("CompleteFranceConnect")
            .WithSummary("The provider's return: 302 to the client's redirectUri with a one-time loginCode, or with an error (and a linkCode when no account matched).")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces(StatusCodes.Status302Found).ProducesValidationProblem();

        group.MapPost("/sessions", async (FranceConnectSessionRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
                (await sender.Send(new OpenFranceConnectSessionCommand(body.LoginCode, http.Connection.RemoteIpAddress?.ToString(), ClientInfo.UserAgent(http)), ct)).ToOk())
            .WithName("OpenFranceConnectSession")
            .WithSummary("Exchanges the one-time loginCode of a FranceConnect callback for a session (the same answer as a password login).")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);

        var me = app.MapGroup($"{IdentityRoutes.Root}/me/franceconnect").WithTags(IdentityRoutes.Tag).RequireAuthorization(Policies.AccountHolder);
        me.MapPut("", async (FranceConnectLinkRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
                !user.AuthenticatedWithin(StepUpWindow, clock)
                    ? FranceConnectErrors.ReauthenticationRequired.ToProblem()
                    : (await sender.Send(new LinkFranceConnectCommand(user.GetAccountId(), body.LinkCode), ct)).ToOk())
            .WithName("LinkFranceConnect")
            .WithSummary("Links the FranceConnect identity of a callback's linkCode to this account (login of less than 15 minutes).")
            .Produces<FranceConnectLinkResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        me.MapDelete("", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new UnlinkFranceConnectCommand(user.GetAccountId()), ct)).ToNoContent())
            .WithName("UnlinkFranceConnect")
            .WithSummary("Unlinks FranceConnect from this account: it can no longer log in with it until linked again.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static string CallbackUri(HttpContext http) =>
        http.RequestServices.GetRequiredService<FranceConnectSettings>().Options.CallbackUri is { Length: > 0 } configured
            ? configured
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Path}/callback";
}

internal sealed record FranceConnectSessionRequest(string LoginCode);

internal sealed record FranceConnectLinkRequest(string LinkCode);
