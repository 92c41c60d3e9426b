using System.Security.Claims;
using System.Security.Cryptography;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.PersonalData;

/// <summary>
/// Closes the account (GDPR art. 17 within art. 17(3)(b), ADR 0111) after the password and an explicit confirmation:
/// sessions end, delegations are revoked, contact points, secret question and names are erased, and <see cref="AccountClosed"/>
/// tells the other modules to revoke mandates, stop reminders and erase what they need not keep. One transaction: a wrong
/// password or a refused confirmation changes nothing.
/// </summary>
internal sealed record CloseAccountCommand(AccountId AccountId, string Password, bool Confirm, string? IpAddress) : ICommand<Result<ClosureResponse>>;

internal sealed class CloseAccountValidator : AbstractValidator<CloseAccountCommand>
{
    public CloseAccountValidator()
    {
        RuleFor(c => c.Password).NotEmpty().WithErrorCode("identity.closure.password_missing");
        RuleFor(c => c.Confirm).Equal(true).WithErrorCode("identity.closure.confirmation_missing")
            .WithMessage("Closing the account cannot be undone: send \"confirm\": true.");
    }
}

internal sealed class CloseAccountHandler(IdentityDbContext db, PasswordHashing passwords, PasswordAttempts attempts, ExportFiles files, TimeProvider clock)
    : ICommandHandler<CloseAccountCommand, Result<ClosureResponse>>
{
    public async ValueTask<Result<ClosureResponse>> Handle(CloseAccountCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == command.AccountId && a.Status == AccountStatus.Active, cancellationToken);
        if (account is null) return IdentityErrors.AccountNotFound;
        var subjects = PasswordAttempts.Subjects($"account:{account.Id}", command.IpAddress);
        if (await attempts.ReserveAsync(subjects, now, cancellationToken) is { } until) return IdentityErrors.Throttled(until);
        if (passwords.Verify(account.PasswordHash, command.Password) == PasswordVerificationResult.Failed)
        {
            if (attempts.Failed())
                db.AddIntegrationEvent(new AccountLocked(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, now + LoginThrottle.LockDuration));
            db.ConnectionJournal.Add(new ConnectionEntry
            {
                Id = Guid.CreateVersion7(), AccountId = account.Id, AtUtc = now, Method = "closure", Result = "failure", IpAddress = command.IpAddress,
            });
            await db.SaveChangesAsync(cancellationToken);
            return Error.Forbidden("identity.closure.password_invalid", "The password is incorrect; the account was not closed.");
        }

        await attempts.SucceededAsync(subjects);
        account.Close(passwords.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))), now);
        foreach (var session in await db.Sessions.Where(s => s.AccountId == account.Id && s.RevokedOnUtc == null).ToListAsync(cancellationToken))
            session.Revoke("account_closed", now);
        foreach (var delegation in await db.Delegations.Where(d => d.AccountId == account.Id && d.RevokedOnUtc == null).ToListAsync(cancellationToken))
            delegation.Revoke(now);
        var exports = await db.DataExports.Where(e => e.AccountId == account.Id && e.Status != DataExportStatus.Expired).ToListAsync(cancellationToken);
        foreach (var export in exports)
        {
            export.Status = DataExportStatus.Expired;
            export.Version++;
        }

        db.AddIntegrationEvent(new AccountClosed(Guid.CreateVersion7(), now, account.Id.Value));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return IdentityErrors.ChangedConcurrently;
        }

        // pending secrets and contact proofs serve nothing any more (a retry of the closure finds the account closed: done once)
        await db.ContactChanges.Where(c => c.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        await db.Recoveries.Where(r => r.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        await db.ActivationChallenges.Where(c => c.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        // the other ways in: passkeys and the FranceConnect link are erased at once (GDPR art. 17; ADR 0111)
        await db.Passkeys.Where(p => p.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        await db.PasskeyCeremonies.Where(c => c.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        await db.FranceConnectLinks.Where(l => l.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        await db.FranceConnectGrants.Where(g => g.AccountId == account.Id).ExecuteDeleteAsync(CancellationToken.None);
        foreach (var export in exports) files.Delete(export.Id);
        return ClosureResponse.For(now);
    }
}

/// <summary>What was erased at once and what is kept, until when and why (GDPR art. 17(3)(b), art. 12: the person is told).</summary>
internal sealed record ClosureResponse(DateTime ClosedAt, IReadOnlyList<string> Erased, IReadOnlyList<KeptRecord> Kept)
{
    public static ClosureResponse For(DateTime closedAt)
    {
        var until = DateOnly.FromDateTime(Retention.LegalRetentionEnds(closedAt));
        return new ClosureResponse(closedAt,
            ["e-mail address", "mobile phone", "secret question", "names and NIR in the account", "sessions", "delegations (revoked)", "passkeys", "FranceConnect link",
             "contact and notification preferences", "queued messages and the bodies of sent ones", "data exports", "dashboard layout"],
            [
                new KeptRecord("declarations and contributions", until, "CSS L.244-3 and L.244-11; LPF L.102 B"),
                new KeptRecord("payments, debits and mandates' references", until, "CSS L.244-3; LPF L.102 B; Code monétaire et financier L.133-24"),
                new KeptRecord("attestations and receipts issued", until, "CSS L.243-15; LPF L.102 B"),
                new KeptRecord("secure messages with advisers and their files", until, "CSS L.244-3: the requests a correction, a plan or a remission rests on"),
                new KeptRecord("security and money journal", until, "CNIL journalisation 2021; proof of the records above"),
            ]);
    }
}

internal sealed record KeptRecord(string Data, DateOnly Until, string LegalBasis);

internal sealed class CloseAccountEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/me/closure", async (CloseAccountRequest body, ClaimsPrincipal user, HttpContext http, ISender sender,
                    CancellationToken ct) =>
            {
                var result = await sender.Send(new CloseAccountCommand(user.GetAccountId(), body.Password, body.Confirm,
                    http.Connection.RemoteIpAddress?.ToString()), ct);
                return result.IsSuccess ? Results.Accepted((string?)null, result.Value) : result.Error!.ToProblem();
            })
            .WithName("CloseAccount")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Closes the account with the password and \"confirm\": true; erases at once what no law requires to keep and says what is kept, until when and why.")
            .RequireAuthorization(Policies.AccountHolder)
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<ClosureResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
}

internal sealed record CloseAccountRequest(string Password, bool Confirm = false);
