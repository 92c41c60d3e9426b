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
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.RecoverAccount;

internal sealed record StartRecoveryCommand(string Login, string? IpAddress = null, string? UserAgent = null) : ICommand<Result<RecoveryStarted>>;

internal sealed record RecoveryStarted(Guid RecoveryId);

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
        "Three wrong answers: wait 15 minutes before trying again.", until);
}

/// <summary>
/// Starts a recovery. The answer, and the work behind it (one slow hash, one commit with a journal line), are the
/// same whether the login exists or not; only an active account gets the link and the code.
/// </summary>
internal sealed class StartRecoveryHandler(IdentityDbContext db, PasswordHashing passwords, NirProtector nirs, TimeProvider clock)
    : ICommandHandler<StartRecoveryCommand, Result<RecoveryStarted>>
{
    public async ValueTask<Result<RecoveryStarted>> Handle(StartRecoveryCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.FindByLoginAsync(nirs, command.Login, cancellationToken);
        var token = Secrets.NewToken();
        var code = Secrets.NewSixDigitCode();
        var recovery = Recovery.Start(account?.Id ?? default, Secrets.HashToken(token), passwords.HashCode(code), now);
        db.ConnectionJournal.Add(new ConnectionEntry
        {
            Id = Guid.CreateVersion7(), AccountId = account?.Id, AtUtc = now, Method = "recovery", Result = "started",
            IpAddress = command.IpAddress, UserAgent = command.UserAgent,
        });
        // at most three recoveries an hour per account: a public SIRET must not be a way to flood its owner with messages
        var recent = now.AddMinutes(-30);
        if (account is { Status: AccountStatus.Active }
            && await db.Recoveries.CountAsync(r => r.AccountId == account.Id && r.ExpiresOnUtc > recent, cancellationToken) < Recovery.MaxPerHour)
        {
            db.Recoveries.Add(recovery);
            db.AddIntegrationEvent(new RecoveryEmailRequested(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, token, recovery.ExpiresOnUtc));
            db.AddIntegrationEvent(new RecoverySmsRequested(Guid.CreateVersion7(), now, account.Id.Value, account.MobilePhone, code, recovery.SmsCodeExpiresOnUtc));
        }

        await db.SaveChangesAsync(cancellationToken);
        return new RecoveryStarted(recovery.Id);
    }
}

/// <summary>
/// The three steps. Every try of the SMS code and of the answer is taken by a conditional UPDATE before it is
/// checked, so parallel tries each count: five codes, then three answers per 15 minutes.
/// </summary>
internal sealed class RecoveryStepHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<RecoveryStepCommand, Result<RecoveryProgress>>
{
    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", Lower = "abcdefghijkmnopqrstuvwxyz", Digits = "23456789", Special = "#%+-=?@";

    public async ValueTask<Result<RecoveryProgress>> Handle(RecoveryStepCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recovery = await db.Recoveries.SingleOrDefaultAsync(r => r.Id == command.RecoveryId, cancellationToken);
        if (recovery is null) return RecoveryErrors.Invalid;
        switch (recovery.Refusal(command.Step, now))
        {
            case RecoveryRefusal.Invalid: return RecoveryErrors.Invalid;
            case RecoveryRefusal.OutOfOrder: return RecoveryErrors.OutOfOrder;
            case RecoveryRefusal.Blocked: return RecoveryErrors.Blocked(recovery.AnswerBlockedUntilUtc!.Value);
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == recovery.AccountId, cancellationToken);
        if (account is null) return RecoveryErrors.Invalid;

        var result = command.Step switch
        {
            RecoveryStep.Email => Email(recovery, command.Value, now),
            RecoveryStep.Sms => await SmsAsync(recovery, account, command.Value, now, cancellationToken),
            _ => await AnswerAsync(recovery, account, command.Value, now, cancellationToken),
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

    private static Result<RecoveryProgress> Email(Recovery recovery, string token, DateTime now) =>
        recovery.ConfirmEmail(Secrets.HashToken(token), now)
            ? new RecoveryProgress(Recovery.StatusAfter(RecoveryStep.Email), null)
            : RecoveryErrors.Invalid;

    private async Task<Result<RecoveryProgress>> SmsAsync(Recovery recovery, Account account, string code, DateTime now, CancellationToken ct)
    {
        var id = recovery.Id;
        var reserved = await db.Recoveries.Where(r => r.Id == id && r.CodeFailures < Recovery.MaxCodeFailures && r.SmsConfirmedOnUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.CodeFailures, r => r.CodeFailures + 1), ct);
        if (reserved == 0 || !passwords.VerifyCode(code, recovery.SmsCodeHash)) return RecoveryErrors.Invalid;

        recovery.ConfirmSms(now);
        return new RecoveryProgress(Recovery.StatusAfter(RecoveryStep.Sms), account.SecretQuestion);
    }

    private async Task<Result<RecoveryProgress>> AnswerAsync(Recovery recovery, Account account, string answer, DateTime now, CancellationToken ct)
    {
        var id = recovery.Id;
        var blockUntil = now.AddMinutes(Recovery.AnswerBlockMinutes);
        // the try that reaches a multiple of three closes the next 15 minutes, whatever its answer
        var reserved = await db.Recoveries
            .Where(r => r.Id == id && r.CompletedOnUtc == null && (r.AnswerBlockedUntilUtc == null || r.AnswerBlockedUntilUtc <= now))
            .ExecuteUpdateAsync(u => u
                .SetProperty(r => r.AnswerFailures, r => r.AnswerFailures + 1)
                .SetProperty(r => r.AnswerBlockedUntilUtc, r => (r.AnswerFailures + 1) % Recovery.MaxAnswerFailures == 0 ? blockUntil : r.AnswerBlockedUntilUtc), ct);
        if (reserved == 0)
        {
            var until = await db.Recoveries.AsNoTracking().Where(r => r.Id == id).Select(r => r.AnswerBlockedUntilUtc).SingleAsync(ct);
            return until > now ? RecoveryErrors.Blocked(until.Value) : RecoveryErrors.Invalid;
        }

        if (passwords.Verify(account.SecretAnswerHash, PasswordHashing.NormalizeAnswer(answer)) == PasswordVerificationResult.Failed)
            return RecoveryErrors.Invalid;

        var temporary = TemporaryPassword();
        account.IssueTemporaryPassword(passwords.Hash(temporary), now);
        recovery.Complete(now);
        // each half travels in its own event, erased once delivered: no stored message holds the whole password
        db.AddIntegrationEvent(new TemporaryPasswordSmsRequested(Guid.CreateVersion7(), now, account.Id.Value, account.MobilePhone,
            temporary[..8], account.TemporaryPasswordExpiresOnUtc!.Value));
        db.AddIntegrationEvent(new TemporaryPasswordEmailRequested(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email,
            temporary[8..], account.TemporaryPasswordExpiresOnUtc!.Value));
        return new RecoveryProgress(Recovery.StatusAfter(RecoveryStep.Answer), null);
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
        group.MapPost("", async (StartRecoveryRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new StartRecoveryCommand(body.Login, http.Connection.RemoteIpAddress?.ToString(),
                    Features.Shared.ClientInfo.UserAgent(http)), ct);
                return result.IsSuccess ? TypedResults.Accepted((string?)null, result.Value) : result.Error!.ToProblem();
            })
            .WithName("StartRecovery")
            .WithSummary("Starts a password recovery (login: e-mail, NIR or SIRET): a link by e-mail, then a code by SMS, then the secret answer; " +
                         "the same answer for any login. It works while the password path is locked.")
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
