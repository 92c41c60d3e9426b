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
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.Sessions;

internal sealed record OpenSessionCommand(string Login, string Password, bool RememberMe, string? IpAddress, string? UserAgent)
    : ICommand<Result<TokenResponse>>;

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
/// Password login by e-mail, NIR or SIRET. Unknown identifiers get the same answer, the same delay rules and the
/// same hashing time as known ones. Failures are counted per client network (a delay of 2^(n−2) s from the 2nd,
/// a 30-minute lock at the 10th, the owner told) and account-wide (a ceiling at 100): see <see cref="LoginThrottle"/>.
/// A recovery's temporary password is accepted even while the password path is locked.
/// </summary>
internal sealed class OpenSessionHandler(IdentityDbContext db, PasswordHashing passwords, NirProtector nirs, PasswordAttempts attempts,
    AccessTokens tokens, TimeProvider clock, IOptions<IdentityModuleOptions> options) : ICommandHandler<OpenSessionCommand, Result<TokenResponse>>
{
    public async ValueTask<Result<TokenResponse>> Handle(OpenSessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.FindByLoginAsync(nirs, command.Login, cancellationToken);
        var subjects = PasswordAttempts.Subjects(account is null ? $"login:{nirs.Lookup(command.Login.Trim().ToLowerInvariant())}" : $"account:{account.Id}",
            command.IpAddress);
        var failuresBefore = await attempts.FailuresAsync(subjects, cancellationToken);

        var temporary = false;
        var verified = PasswordVerificationResult.Failed;
        if (await attempts.ReserveAsync(subjects, now, cancellationToken) is { } until)
        {
            // the password path is closed, but a recovery's temporary password still opens the account
            if (!(account is not null && account.HasUsableTemporaryPassword(now)
                  && passwords.Verify(account.TemporaryPasswordHash!, command.Password) != PasswordVerificationResult.Failed))
            {
                Journal(account, "throttled", command, now);
                await db.SaveChangesAsync(cancellationToken);
                return IdentityErrors.Throttled(until);
            }

            (temporary, verified) = (true, PasswordVerificationResult.Success);
        }
        else if (account is null) passwords.VerifyAgainstDummy(command.Password);
        else
        {
            verified = passwords.Verify(account.PasswordHash, command.Password);
            if (verified == PasswordVerificationResult.Failed && account.HasUsableTemporaryPassword(now)
                && passwords.Verify(account.TemporaryPasswordHash!, command.Password) != PasswordVerificationResult.Failed)
                (temporary, verified) = (true, PasswordVerificationResult.Success);
        }

        // single use, even for two parallel logins with it: only the one that clears it wins
        if (temporary && !await ConsumeTemporaryPasswordAsync(account!, cancellationToken)) verified = PasswordVerificationResult.Failed;

        if (verified == PasswordVerificationResult.Failed)
        {
            var locked = attempts.Failed();
            if (locked && account is not null)
                db.AddIntegrationEvent(new AccountLocked(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, now + LoginThrottle.LockDuration));
            Journal(account, locked ? "locked" : "failure", command, now);
            await db.SaveChangesAsync(cancellationToken);
            return IdentityErrors.InvalidCredentials;
        }

        await attempts.SucceededAsync(subjects);
        if (verified == PasswordVerificationResult.SuccessRehashNeeded)
        {
            var (id, old, upgraded) = (account!.Id, account.PasswordHash, passwords.Hash(command.Password));
            await db.Accounts.Where(a => a.Id == id && a.PasswordHash == old).ExecuteUpdateAsync(u => u.SetProperty(a => a.PasswordHash, upgraded), cancellationToken);
        }

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
        return new TokenResponse(tokens.Issue(session), refresh, tokens.ExpiresInSeconds, temporary || account.MustChangePassword);
    }

    private async Task<bool> ConsumeTemporaryPasswordAsync(Account account, CancellationToken ct)
    {
        var (id, hash) = (account.Id, account.TemporaryPasswordHash);
        return await db.Accounts.Where(a => a.Id == id && a.TemporaryPasswordHash == hash).ExecuteUpdateAsync(u => u
            .SetProperty(a => a.TemporaryPasswordHash, (string?)null)
            .SetProperty(a => a.TemporaryPasswordExpiresOnUtc, (DateTime?)null)
            .SetProperty(a => a.Version, a => a.Version + 1), ct) == 1;
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
        app.MapPost($"{IdentityRoutes.Root}/sessions", async (OpenSessionRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
                (await sender.Send(new OpenSessionCommand(body.Login, body.Password, body.RememberMe,
                    http.Connection.RemoteIpAddress?.ToString(), ClientInfo.UserAgent(http)), ct)).ToOk()) // a 429 carries Retry-After
            .WithName("OpenSession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Logs in with the e-mail address, the NIR or the SIRET and the password; returns a short-lived access token and a refresh token.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<TokenResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}

internal sealed record OpenSessionRequest(string Login, string Password, bool RememberMe = false);
