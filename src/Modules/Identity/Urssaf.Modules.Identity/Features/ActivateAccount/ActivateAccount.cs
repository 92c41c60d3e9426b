using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.ActivateAccount;

internal sealed record ActivationResponse(Guid AccountId, string Status);

internal sealed record ActivateEmailCommand(string Token) : ICommand<Result<ActivationResponse>>;

internal sealed record ActivateSmsCommand(Guid RegistrationId, string Code) : ICommand<Result<ActivationResponse>>;

internal sealed record ResendActivationCommand(Guid RegistrationId, ActivationChannel Channel) : ICommand;

internal sealed class ActivateEmailValidator : AbstractValidator<ActivateEmailCommand>
{
    public ActivateEmailValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(100).WithErrorCode("identity.activation.token_invalid");
}

internal sealed class ActivateSmsValidator : AbstractValidator<ActivateSmsCommand>
{
    public ActivateSmsValidator()
    {
        RuleFor(c => c.RegistrationId).NotEmpty().WithErrorCode("identity.registration.invalid");
        RuleFor(c => c.Code).Matches("^[0-9]{6}$").WithErrorCode("identity.activation.code_format").WithMessage("The code has 6 digits.");
    }
}

internal sealed class ResendActivationValidator : AbstractValidator<ResendActivationCommand>
{
    public ResendActivationValidator()
    {
        RuleFor(c => c.RegistrationId).NotEmpty().WithErrorCode("identity.registration.invalid");
        RuleFor(c => c.Channel).IsInEnum().WithErrorCode("identity.activation.channel_invalid");
    }
}

/// <summary>Both steps confirmed: the account becomes active and the other modules hear of it.</summary>
internal static class Activation
{
    public static async Task<Result<ActivationResponse>> ConfirmAsync(IdentityDbContext db, Account account, ActivationChallenge challenge,
        ActivationChannel channel, DateTime now, CancellationToken ct)
    {
        challenge.Consume(now);
        if (account.Confirm(channel, now))
            db.AddIntegrationEvent(new AccountActivated(Guid.CreateVersion7(), now, account.Id.Value, account.Siret, account.FirstName,
                account.LastName, account.Email, account.MobilePhone));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // the same secret was used concurrently: only the first use counts
            return channel == ActivationChannel.Email ? IdentityErrors.ActivationLinkInvalid : IdentityErrors.ActivationCodeInvalid;
        }

        return new ActivationResponse(account.Id.Value, account.Status == AccountStatus.Active ? "active"
            : channel == ActivationChannel.Email ? "pending_sms" : "pending_email");
    }
}

internal sealed class ActivateEmailHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<ActivateEmailCommand, Result<ActivationResponse>>
{
    public async ValueTask<Result<ActivationResponse>> Handle(ActivateEmailCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(command.Token);
        var challenge = await db.ActivationChallenges.SingleOrDefaultAsync(c => c.SecretHash == hash && c.Channel == ActivationChannel.Email, cancellationToken);
        if (challenge is null || !challenge.IsUsable(now)) return IdentityErrors.ActivationLinkInvalid;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == challenge.AccountId, cancellationToken);
        if (account is null || account.IsExpiredRegistration(now)) return IdentityErrors.ActivationLinkInvalid; // replaced meanwhile
        return await Activation.ConfirmAsync(db, account, challenge, ActivationChannel.Email, now, cancellationToken);
    }
}

/// <summary>
/// Each try first takes one of the challenge's five by a conditional UPDATE, then the code is checked: fifty
/// parallel guesses use five tries, never more.
/// </summary>
internal sealed class ActivateSmsHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<ActivateSmsCommand, Result<ActivationResponse>>
{
    public async ValueTask<Result<ActivationResponse>> Handle(ActivateSmsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == new SharedKernel.Identity.AccountId(command.RegistrationId), cancellationToken);
        if (account is null || account.IsExpiredRegistration(now)) return IdentityErrors.ActivationCodeInvalid;
        var challenges = await db.ActivationChallenges.AsNoTracking()
            .Where(c => c.AccountId == account.Id && c.Channel == ActivationChannel.Sms && c.ConsumedOnUtc == null && c.RevokedOnUtc == null)
            .ToListAsync(cancellationToken);
        var candidate = challenges.Where(c => c.IsUsable(now)).MaxBy(c => c.ExpiresOnUtc);
        if (candidate is null) return IdentityErrors.ActivationCodeInvalid;
        var id = candidate.Id;
        var reserved = await db.ActivationChallenges
            .Where(c => c.Id == id && c.FailedAttempts < ActivationChallenge.MaxSmsAttempts && c.ConsumedOnUtc == null && c.RevokedOnUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), cancellationToken);
        if (reserved == 0 || !passwords.VerifyCode(command.Code, candidate.SecretHash)) return IdentityErrors.ActivationCodeInvalid;

        var challenge = await db.ActivationChallenges.SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (challenge is null) return IdentityErrors.ActivationCodeInvalid; // the registration was replaced meanwhile
        return await Activation.ConfirmAsync(db, account, challenge, ActivationChannel.Sms, now, cancellationToken);
    }
}

internal sealed class ResendActivationHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock) : ICommandHandler<ResendActivationCommand>
{
    public async ValueTask<Unit> Handle(ResendActivationCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == new SharedKernel.Identity.AccountId(command.RegistrationId), cancellationToken);
        var confirmed = account is null || (command.Channel == ActivationChannel.Email ? account.EmailConfirmed : account.PhoneConfirmed);
        // same answer whatever the id: nothing to learn from it; an expired registration must be made again
        if (account is null || confirmed || account.IsExpiredRegistration(now)) return Unit.Value;
        foreach (var old in await db.ActivationChallenges.Where(c => c.AccountId == account.Id && c.Channel == command.Channel && c.ConsumedOnUtc == null)
                     .ToListAsync(cancellationToken))
            old.Revoke(now);
        if (command.Channel == ActivationChannel.Email) ActivationMessages.IssueEmail(db, account, Secrets.NewToken(), now);
        else
        {
            var code = Secrets.NewSixDigitCode();
            ActivationMessages.IssueSms(db, account, code, passwords.HashCode(code), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        return Unit.Value;
    }
}

internal sealed class ActivateEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{IdentityRoutes.Root}/activations").WithTags(IdentityRoutes.Tag).AllowAnonymous();
        group.MapPost("/email", async (ActivateEmailRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ActivateEmailCommand(body.Token), ct)).ToOk())
            .WithName("ActivateEmail")
            .WithSummary("Confirms the e-mail address with the token of the activation link (24 h, single use).")
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<ActivationResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/sms", async (ActivateSmsRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ActivateSmsCommand(body.RegistrationId, body.Code), ct)).ToOk())
            .WithName("ActivateSms")
            .WithSummary("Confirms the mobile phone with the 6-digit SMS code (10 min, 5 tries, single use); with both steps the account is active.")
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<ActivationResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/resend", async (ResendActivationRequest body, ISender sender, CancellationToken ct) =>
            {
                await sender.Send(new ResendActivationCommand(body.RegistrationId, body.Channel), ct);
                return TypedResults.Accepted((string?)null); // the same answer for any registration id
            })
            .WithName("ResendActivation")
            .WithSummary("Sends a new activation link or code (the previous one stops working).")
            .RequireRateLimiting(RateLimitPolicies.MessageSending)
            .Produces(StatusCodes.Status202Accepted).ProducesValidationProblem().ProducesProblem(StatusCodes.Status429TooManyRequests);
    }
}

internal sealed record ActivateEmailRequest(string Token);

internal sealed record ActivateSmsRequest(Guid RegistrationId, string Code);

internal sealed record ResendActivationRequest(Guid RegistrationId, ActivationChannel Channel);
