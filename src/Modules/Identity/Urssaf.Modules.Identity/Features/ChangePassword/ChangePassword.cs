using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.ChangePassword;

/// <summary>
/// Changes the password: with the current one, or from a session opened with a temporary password. Every
/// session of the account ends afterwards (log in again with the new password) and the owner is told.
/// </summary>
internal sealed record ChangePasswordCommand(AccountId AccountId, bool FromTemporaryPassword, string? CurrentPassword, string NewPassword,
    string? IpAddress = null) : ICommand<Result>;

internal sealed class ChangePasswordValidator : AbstractValidator<ChangePasswordCommand>
{
    public ChangePasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().When(c => !c.FromTemporaryPassword).WithErrorCode("identity.password.current_missing");
        RuleFor(c => c.NewPassword).NotNull().WithErrorCode("identity.password.too_weak");
    }
}

/// <remarks>A wrong current password is a failed login: it counts against the same throttle, which it also obeys.</remarks>
internal sealed class ChangePasswordHandler(IdentityDbContext db, PasswordHashing passwords, PasswordAttempts attempts, TimeProvider clock)
    : ICommandHandler<ChangePasswordCommand, Result>
{
    public async ValueTask<Result> Handle(ChangePasswordCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == command.AccountId, cancellationToken);
        if (account is null) return Domain.IdentityErrors.AccountNotFound;
        if (!command.FromTemporaryPassword)
        {
            var subjects = PasswordAttempts.Subjects($"account:{account.Id}", command.IpAddress);
            if (await attempts.ReserveAsync(subjects, now, cancellationToken) is { } until) return Domain.IdentityErrors.Throttled(until);
            if (passwords.Verify(account.PasswordHash, command.CurrentPassword!) == PasswordVerificationResult.Failed)
            {
                if (attempts.Failed())
                    db.AddIntegrationEvent(new AccountLocked(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email,
                        now + Domain.LoginThrottle.LockDuration));
                db.ConnectionJournal.Add(new Domain.ConnectionEntry
                {
                    Id = Guid.CreateVersion7(), AccountId = account.Id, AtUtc = now, Method = "password_change", Result = "failure",
                    IpAddress = command.IpAddress,
                });
                await db.SaveChangesAsync(cancellationToken);
                return Error.Forbidden("identity.password.current_invalid", "The current password is incorrect.");
            }

            await attempts.SucceededAsync(subjects);
        }
        if (PasswordPolicy.Check(command.NewPassword, [account.FirstName, account.LastName, account.Email.Split('@')[0]]) is { } problem)
            return Error.Validation(problem, "The new password does not meet the password policy.", "newPassword");
        if (passwords.Verify(account.PasswordHash, command.NewPassword) != PasswordVerificationResult.Failed)
            return Error.Validation("identity.password.unchanged", "The new password must differ from the current one.", "newPassword");

        account.ChangePassword(passwords.Hash(command.NewPassword));
        foreach (var session in await db.Sessions.Where(s => s.AccountId == account.Id && s.RevokedOnUtc == null).ToListAsync(cancellationToken))
            session.Revoke("password_changed", now);
        db.AddIntegrationEvent(new PasswordChanged(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return Domain.IdentityErrors.ChangedConcurrently;
        }

        return Result.Success();
    }
}

internal sealed class ChangePasswordEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/me/password", async (ChangePasswordRequest body, ClaimsPrincipal user, HttpContext http, ISender sender,
                    CancellationToken ct) =>
                (await sender.Send(new ChangePasswordCommand(user.GetAccountId(), user.HasClaim(UrssafClaims.PasswordChangeOnly, "true"),
                    body.CurrentPassword, body.NewPassword, http.Connection.RemoteIpAddress?.ToString()), ct)).ToNoContent())
            .WithName("ChangePassword")
            .WithTags(IdentityRoutes.Tag)
            .RequireAuthorization(Policies.PasswordChange)
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
}

internal sealed record ChangePasswordRequest(string NewPassword, string? CurrentPassword = null);
