using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.FranceConnect;

internal sealed record FranceConnectSessionRequest(string LoginCode);

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

internal sealed class OpenFranceConnectSessionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{FranceConnectRoutes.Path}/sessions", async (FranceConnectSessionRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
                (await sender.Send(new OpenFranceConnectSessionCommand(body.LoginCode, http.Connection.RemoteIpAddress?.ToString(), ClientInfo.UserAgent(http)), ct)).ToOk())
            .WithName("OpenFranceConnectSession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Exchanges the one-time loginCode of a FranceConnect callback for a session (the same answer as a password login).")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized);
}
