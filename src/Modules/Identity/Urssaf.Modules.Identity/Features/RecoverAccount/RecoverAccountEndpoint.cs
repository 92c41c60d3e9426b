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
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.RecoverAccount;

internal sealed record StartRecoveryCommand(string Login) : ICommand<Result<RecoveryStarted>>;

internal sealed record RecoveryStarted(Guid RecoveryId);

internal enum RecoveryStep
{
    Email,
    Sms,
    Answer,
}

internal sealed record RecoveryStepCommand(Guid RecoveryId, RecoveryStep Step, string Value) : ICommand<Result<RecoveryProgress>>;

/// <summary>Where the recovery stands; the secret question is shown once both channels are confirmed.</summary>
internal sealed record RecoveryProgress(string Status, string? SecretQuestion);

internal sealed class StartRecoveryValidator : AbstractValidator<StartRecoveryCommand>
{
    public StartRecoveryValidator() => RuleFor(c => c.Login).NotEmpty().MaximumLength(254).WithErrorCode("identity.login.invalid");
}

internal sealed class RecoveryStepValidator : AbstractValidator<RecoveryStepCommand>
{
    public RecoveryStepValidator()
    {
        RuleFor(c => c.RecoveryId).NotEmpty().WithErrorCode("identity.recovery.invalid");
        RuleFor(c => c.Value).NotEmpty().MaximumLength(200).WithErrorCode("identity.recovery.value_invalid");
    }
}

internal static class RecoveryErrors
{
    public static readonly Error Invalid = Error.Rule("identity.recovery.invalid", "This recovery step failed: the secret is wrong, expired or used.");
    public static readonly Error OutOfOrder = Error.Conflict("identity.recovery.out_of_order",
        "Recovery steps come in order: the e-mail link, then the SMS code, then the secret answer.");
    public static Error Blocked(DateTime until) => Error.TooManyRequests("identity.recovery.answer_blocked",
        "Three wrong answers: wait 15 minutes before trying again.").WithDetails(new Dictionary<string, object?> { ["retryAfterUtc"] = until });
}

/// <summary>Starts a recovery; the answer is the same whether the login exists or not.</summary>
internal sealed class StartRecoveryHandler(IdentityDbContext db, NirProtector nirs, TimeProvider clock) : ICommandHandler<StartRecoveryCommand, Result<RecoveryStarted>>
{
    public async ValueTask<Result<RecoveryStarted>> Handle(StartRecoveryCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.FindByLoginAsync(nirs, command.Login, cancellationToken);
        if (account is not { Status: AccountStatus.Active }) return new RecoveryStarted(Guid.CreateVersion7());

        var token = Secrets.NewToken();
        var code = Secrets.NewSixDigitCode();
        var recovery = Recovery.Start(account.Id, Secrets.HashToken(token), Secrets.HashCode(code), now);
        db.Recoveries.Add(recovery);
        db.AddIntegrationEvent(new RecoveryEmailRequested(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, token, recovery.ExpiresOnUtc));
        db.AddIntegrationEvent(new RecoverySmsRequested(Guid.CreateVersion7(), now, account.Id.Value, account.MobilePhone, code, recovery.SmsCodeExpiresOnUtc));
        await db.SaveChangesAsync(cancellationToken);
        return new RecoveryStarted(recovery.Id);
    }
}

internal sealed class RecoveryStepHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<RecoveryStepCommand, Result<RecoveryProgress>>
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnopqrstuvwxyz", Digits = "23456789", Special = "#%+-=?@";

    public async ValueTask<Result<RecoveryProgress>> Handle(RecoveryStepCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recovery = await db.Recoveries.SingleOrDefaultAsync(r => r.Id == command.RecoveryId, cancellationToken);
        if (recovery is null || !recovery.IsOpen(now)) return RecoveryErrors.Invalid;
        var account = await db.Accounts.SingleAsync(a => a.Id == recovery.AccountId, cancellationToken);

        var result = command.Step switch
        {
            RecoveryStep.Email => Email(recovery, command.Value, now),
            RecoveryStep.Sms => Sms(recovery, account, command.Value, now),
            _ => Answer(recovery, account, command.Value, now),
        };
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // a concurrent step on the same recovery: only one counts
            return RecoveryErrors.Invalid;
        }

        return result;
    }

    private static Result<RecoveryProgress> Email(Recovery recovery, string token, DateTime now)
    {
        if (recovery.EmailConfirmedOnUtc is not null || !CryptographicOperations.FixedTimeEquals(
                Convert.FromHexString(recovery.EmailTokenHash), Convert.FromHexString(Secrets.HashToken(token))))
            return RecoveryErrors.Invalid;
        recovery.ConfirmEmail(now);
        return new RecoveryProgress("email_confirmed", null);
    }

    private static Result<RecoveryProgress> Sms(Recovery recovery, Account account, string code, DateTime now)
    {
        if (recovery.EmailConfirmedOnUtc is null) return RecoveryErrors.OutOfOrder;
        if (recovery.SmsConfirmedOnUtc is not null || !recovery.CanTryCode(now)) return RecoveryErrors.Invalid;
        if (!Secrets.VerifyCode(code, recovery.SmsCodeHash))
        {
            recovery.FailCode();
            return RecoveryErrors.Invalid;
        }

        recovery.ConfirmSms(now);
        return new RecoveryProgress("sms_confirmed", account.SecretQuestion);
    }

    private Result<RecoveryProgress> Answer(Recovery recovery, Account account, string answer, DateTime now)
    {
        if (recovery.EmailConfirmedOnUtc is null || recovery.SmsConfirmedOnUtc is null) return RecoveryErrors.OutOfOrder;
        if (recovery.AnswerBlockedUntilUtc is { } until && until > now) return RecoveryErrors.Blocked(until);
        if (passwords.Verify(account.SecretAnswerHash, PasswordHashing.NormalizeAnswer(answer)) == PasswordVerificationResult.Failed)
        {
            recovery.FailAnswer(now);
            return RecoveryErrors.Invalid;
        }

        var temporary = TemporaryPassword();
        account.IssueTemporaryPassword(passwords.Hash(temporary), now);
        recovery.Complete(now);
        db.AddIntegrationEvent(new TemporaryPasswordIssued(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email,
            account.MobilePhone, temporary[..8], temporary[8..], account.TemporaryPasswordExpiresOnUtc!.Value));
        return new RecoveryProgress("temporary_password_sent", null);
    }

    /// <summary>16 CSPRNG characters with every class, unambiguous glyphs; it satisfies the password policy.</summary>
    private static string TemporaryPassword()
    {
        var all = Upper + Lower + Digits + Special;
        var chars = new char[16];
        for (var i = 0; i < chars.Length; i++) chars[i] = all[RandomNumberGenerator.GetInt32(all.Length)];
        // one of each class, at CSPRNG-chosen distinct positions
        var positions = Enumerable.Range(0, 16).OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue)).Take(4).ToArray();
        chars[positions[0]] = Upper[RandomNumberGenerator.GetInt32(Upper.Length)];
        chars[positions[1]] = Lower[RandomNumberGenerator.GetInt32(Lower.Length)];
        chars[positions[2]] = Digits[RandomNumberGenerator.GetInt32(Digits.Length)];
        chars[positions[3]] = Special[RandomNumberGenerator.GetInt32(Special.Length)];
        return new string(chars);
    }
}

internal sealed class RecoverAccountEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{IdentityRoutes.Root}/recoveries").WithTags(IdentityRoutes.Tag).AllowAnonymous();
        group.MapPost("", async (StartRecoveryRequest body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new StartRecoveryCommand(body.Login), ct);
                return result.IsSuccess ? TypedResults.Accepted((string?)null, result.Value) : result.Error!.ToProblem();
            })
            .WithName("StartRecovery")
            .WithSummary("Starts a password recovery: a link by e-mail, then a code by SMS, then the secret answer; the same answer for any login.")
            .RequireRateLimiting(RateLimitPolicies.MessageSending)
            .Produces<RecoveryStarted>(StatusCodes.Status202Accepted).ProducesValidationProblem();
        group.MapPost("/{recoveryId:guid}/email", (Guid recoveryId, RecoveryValueRequest body, ISender sender, CancellationToken ct) =>
                Step(sender, recoveryId, RecoveryStep.Email, body.Value, ct))
            .WithName("ConfirmRecoveryEmail").RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<RecoveryProgress>().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{recoveryId:guid}/sms", (Guid recoveryId, RecoveryValueRequest body, ISender sender, CancellationToken ct) =>
                Step(sender, recoveryId, RecoveryStep.Sms, body.Value, ct))
            .WithName("ConfirmRecoverySms").RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<RecoveryProgress>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{recoveryId:guid}/answer", (Guid recoveryId, RecoveryValueRequest body, ISender sender, CancellationToken ct) =>
                Step(sender, recoveryId, RecoveryStep.Answer, body.Value, ct))
            .WithName("AnswerRecoveryQuestion")
            .WithSummary("The last step: the temporary password (16 characters, 15 minutes, single use) is then sent, its first half by SMS, its second by e-mail.")
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<RecoveryProgress>().ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status429TooManyRequests);
    }

    private static async Task<IResult> Step(ISender sender, Guid recoveryId, RecoveryStep step, string value, CancellationToken ct) =>
        (await sender.Send(new RecoveryStepCommand(recoveryId, step, value), ct)).ToOk();
}

internal sealed record StartRecoveryRequest(string Login);

/// <summary>The token of the link, the SMS code, or the secret answer, depending on the step.</summary>
internal sealed record RecoveryValueRequest(string Value);
