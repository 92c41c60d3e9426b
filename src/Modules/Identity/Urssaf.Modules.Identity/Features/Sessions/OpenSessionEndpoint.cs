using System.Globalization;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Sessions;

internal sealed record OpenSessionCommand(string Login, string Password, bool RememberMe, string? IpAddress, string? UserAgent)
    : ICommand<Result<TokenResponse>>;

internal sealed record TokenResponse(string AccessToken, string RefreshToken, int ExpiresIn, bool MustChangePassword);

internal sealed class OpenSessionValidator : AbstractValidator<OpenSessionCommand>
{
    public OpenSessionValidator()
    {
        RuleFor(c => c.Login).NotEmpty().WithErrorCode("identity.login.invalid").MaximumLength(254).WithErrorCode("identity.login.invalid");
        RuleFor(c => c.Password).NotEmpty().WithErrorCode("identity.password.missing")
            .Must(p => p is null || p.EnumerateRunes().Count() <= PasswordPolicy.MaxCodePoints).WithErrorCode("identity.password.too_long");
    }
}

/// <summary>
/// Password login by e-mail or NIR. Unknown identifiers get the same answer, the same delay rules and the same
/// hashing time as known ones; from the 2nd failure the next attempt waits 2^(n−2) s; the 10th consecutive
/// failure locks for 30 minutes and the owner is told.
/// </summary>
internal sealed class OpenSessionHandler(IdentityDbContext db, PasswordHashing passwords, NirProtector nirs, AccessTokens tokens,
    TimeProvider clock, IOptions<IdentityModuleOptions> options) : ICommandHandler<OpenSessionCommand, Result<TokenResponse>>
{
    public async ValueTask<Result<TokenResponse>> Handle(OpenSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.FindByLoginAsync(nirs, command.Login, cancellationToken);
        var subject = account is null ? $"login:{nirs.Lookup(command.Login.Trim().ToLowerInvariant())}" : $"account:{account.Id}";
        var throttle = await db.LoginThrottles.SingleOrDefaultAsync(t => t.SubjectKey == subject, cancellationToken);
        if (throttle is null)
        {
            throttle = new LoginThrottle { SubjectKey = subject };
            db.LoginThrottles.Add(throttle);
        }

        if (throttle.NextAttemptAllowedUtc is { } allowed && allowed > now)
        {
            Journal(account, "throttled", command, now);
            await db.SaveChangesAsync(cancellationToken);
            return IdentityErrors.Throttled(allowed);
        }

        var verified = PasswordVerificationResult.Failed;
        var temporary = false;
        if (account is null) passwords.VerifyAgainstDummy(command.Password);
        else verified = passwords.Verify(account.PasswordHash, command.Password);
        if (verified == PasswordVerificationResult.Failed && account is not null && account.HasUsableTemporaryPassword(now)
            && passwords.Verify(account.TemporaryPasswordHash!, command.Password) != PasswordVerificationResult.Failed)
        {
            temporary = true; // single use: it opens one password-change session and is gone
            verified = PasswordVerificationResult.Success;
            account.ConsumeTemporaryPassword();
        }

        if (verified == PasswordVerificationResult.Failed)
        {
            if (throttle.Fail(now) && account is not null)
                db.AddIntegrationEvent(new AccountLocked(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, throttle.LockedUntilUtc!.Value));
            Journal(account, throttle.LockedUntilUtc is null ? "failure" : "locked", command, now);
            await db.SaveChangesAsync(cancellationToken);
            return IdentityErrors.InvalidCredentials;
        }

        var failuresBefore = throttle.ConsecutiveFailures;
        throttle.Succeed();
        if (verified == PasswordVerificationResult.SuccessRehashNeeded) account!.UpgradePasswordHash(passwords.Hash(command.Password));
        if (account!.Status != AccountStatus.Active)
        {
            Journal(account, "not_activated", command, now);
            await db.SaveChangesAsync(cancellationToken);
            return IdentityErrors.NotActivated;
        }

        if (failuresBefore > 0 && !await db.Sessions.AnyAsync(s => s.AccountId == account.Id && s.UserAgent == command.UserAgent, cancellationToken))
            db.AddIntegrationEvent(new SuspiciousLoginDetected(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email,
                command.IpAddress, command.UserAgent)); // a new device right after failed attempts
        var session = Session.Open(account.Id, command.RememberMe && !temporary, temporary ? "temporary_password" : "password",
            options.Value.Sessions, command.IpAddress, command.UserAgent, now, passwordChangeOnly: temporary);
        db.Sessions.Add(session);
        var refresh = AccessTokens.NewRefreshToken(db, session, now);
        Journal(account, "success", command, now);
        await db.SaveChangesAsync(cancellationToken);
        return new TokenResponse(tokens.Issue(session), refresh, tokens.ExpiresInSeconds, account.MustChangePassword);
    }

    private void Journal(Account? account, string result, OpenSessionCommand command, DateTime now) =>
        db.ConnectionJournal.Add(new ConnectionEntry
        {
            Id = Guid.CreateVersion7(), AccountId = account?.Id, AtUtc = now, Method = "password", Result = result,
            IpAddress = command.IpAddress, UserAgent = command.UserAgent,
        });
}

internal sealed class OpenSessionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/sessions", async (OpenSessionRequest body, HttpContext http, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                var result = await sender.Send(new OpenSessionCommand(body.Login, body.Password, body.RememberMe,
                    http.Connection.RemoteIpAddress?.ToString(), UserAgent(http)), ct);
                if (result.IsSuccess) return TypedResults.Ok(result.Value);
                if (result.Error!.Details?.GetValueOrDefault("retryAfterUtc") is DateTime until)
                    http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling((until - clock.GetUtcNow().UtcDateTime).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return result.Error.ToProblem();
            })
            .WithName("OpenSession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Logs in with the e-mail address or the NIR and the password; returns a short-lived access token and a refresh token.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

    public static string? UserAgent(HttpContext http)
    {
        var agent = http.Request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent.Length > 300 ? agent[..300] : agent;
    }
}

internal sealed record OpenSessionRequest(string Login, string Password, bool RememberMe = false);
