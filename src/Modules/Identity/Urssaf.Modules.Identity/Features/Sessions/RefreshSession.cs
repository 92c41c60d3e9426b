using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.Sessions;

internal sealed record RefreshSessionCommand(string RefreshToken) : ICommand<Result<TokenResponse>>;

internal sealed class RefreshSessionValidator : AbstractValidator<RefreshSessionCommand>
{
    public RefreshSessionValidator() => RuleFor(c => c.RefreshToken).NotEmpty().MaximumLength(100).WithErrorCode("identity.refresh_token.invalid");
}

/// <summary>Rotates the refresh token; a spent token presented again revokes the whole session (reuse detection).</summary>
internal sealed class RefreshSessionHandler(IdentityDbContext db, AccessTokens tokens, TimeProvider clock)
    : ICommandHandler<RefreshSessionCommand, Result<TokenResponse>>
{
    public async ValueTask<Result<TokenResponse>> Handle(RefreshSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(command.RefreshToken);
        var stored = await db.RefreshTokens.SingleOrDefaultAsync(t => t.TokenHash == hash, cancellationToken);
        if (stored is null) return IdentityErrors.RefreshTokenInvalid;
        var session = await db.Sessions.SingleAsync(s => s.Id == stored.SessionId, cancellationToken);
        if (stored.UsedOnUtc is not null)
        {
            session.Revoke("refresh_token_reuse", now);
            await db.SaveChangesAsync(cancellationToken);
            return IdentityErrors.RefreshTokenInvalid;
        }

        if (!session.IsActive(now)) return IdentityErrors.RefreshTokenInvalid;
        stored.UsedOnUtc = now;
        session.Refreshed(now);
        var refresh = AccessTokens.NewRefreshToken(db, session, now);
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == session.AccountId, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // the same token was used concurrently: only one rotation wins
            return IdentityErrors.RefreshTokenInvalid;
        }

        return new TokenResponse(tokens.Issue(session), refresh, tokens.ExpiresInSeconds, account.MustChangePassword);
    }
}

internal sealed class RefreshSessionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        app.MapPost($"{IdentityRoutes.Root}/sessions/refresh", async (RefreshRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new RefreshSessionCommand(body.RefreshToken), ct)).ToOk())
            .WithName("RefreshSession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Exchanges a refresh token for a new pair; the old refresh token is spent, and using it again ends the session.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
    }
}

internal sealed record RefreshRequest(string RefreshToken);
