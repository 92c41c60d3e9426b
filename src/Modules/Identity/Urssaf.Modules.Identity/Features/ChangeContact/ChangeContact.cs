using System.Security.Claims;
using System.Text.Json.Serialization;
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
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.ChangeContact;

internal sealed record RequestContactChangeCommand(AccountId AccountId, ContactKind Kind, string? Email, string? Phone, string? SecretQuestion,
    string? SecretAnswer) : ICommand<Result<ContactChangeRequested>>;

internal sealed record ContactChangeRequested(Guid ChangeId, string SentTo, DateTime ExpiresAt);

internal sealed record ConfirmContactChangeCommand(AccountId AccountId, Guid ChangeId, string Code) : ICommand<Result<ContactChangeApplied>>;

internal sealed record ContactChangeApplied(ContactKind Kind, string Status);

internal sealed record CancelContactChangeCommand(string Token) : ICommand<Result<ContactChangeApplied>>;

internal sealed class RequestContactChangeValidator : AbstractValidator<RequestContactChangeCommand>
{
    public RequestContactChangeValidator()
    {
        RuleFor(c => c.Kind).IsInEnum().WithErrorCode("identity.contact_change.kind_invalid");
        When(c => c.Kind == ContactKind.Email, () => RuleFor(c => c.Email).NotEmpty().MaximumLength(254).EmailAddress()
            .WithErrorCode("identity.email.invalid"));
        When(c => c.Kind == ContactKind.Phone, () => RuleFor(c => c.Phone).Must(p => ContactPoints.NormalizeMobile(p) is not null)
            .WithErrorCode("identity.phone.invalid").WithMessage("A mobile number of France or of an overseas department is needed."));
        When(c => c.Kind == ContactKind.SecretQuestion, () =>
        {
            RuleFor(c => c.SecretQuestion).NotEmpty().MaximumLength(200).WithErrorCode("identity.secret_question.invalid");
            RuleFor(c => c.SecretAnswer).Must(a => PasswordHashing.NormalizeAnswer(a ?? "").Length is >= 2 and <= 100)
                .WithErrorCode("identity.secret_answer.invalid").WithMessage("The answer has 2 to 100 characters.");
        });
    }
}

internal sealed class ConfirmContactChangeValidator : AbstractValidator<ConfirmContactChangeCommand>
{
    public ConfirmContactChangeValidator() =>
        RuleFor(c => c.Code).Matches("^[0-9]{6}$").WithErrorCode("identity.contact_change.code_format").WithMessage("The code has 6 digits.");
}

internal sealed class CancelContactChangeValidator : AbstractValidator<CancelContactChangeCommand>
{
    public CancelContactChangeValidator() => RuleFor(c => c.Token).NotEmpty().MaximumLength(100).WithErrorCode("identity.contact_change.link_invalid");
}

internal static class ContactChangeErrors
{
    public static readonly Error Unchanged = Error.Rule("identity.contact_change.unchanged", "This is already the account's value.");

    public static readonly Error CodeInvalid = Error.Rule("identity.contact_change.code_invalid",
        "This code is invalid, expired or already used: ask for a new one.");

    public static readonly Error LinkInvalid = Error.Rule("identity.contact_change.link_invalid",
        "This link is invalid, expired or already used. If you did not make a change on your account, contact Urssaf (3957).");

    public static readonly Error TooSoon = Error.Rule("identity.contact_change.too_soon",
        "A contact detail of this account was changed less than 7 days ago: wait, or contact Urssaf (3957) if you lost access to a channel.");

    public static readonly Error EmailTaken = Error.Conflict("identity.email.taken", "Another account uses this e-mail address.");
}

/// <summary>Starts a change: the code goes to the new channel (the mobile for the secret question); an older pending change of the same kind stops.</summary>
internal sealed class RequestContactChangeHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<RequestContactChangeCommand, Result<ContactChangeRequested>>
{
    public async ValueTask<Result<ContactChangeRequested>> Handle(RequestContactChangeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == command.AccountId, cancellationToken);
        if (account is null) return IdentityErrors.AccountNotFound;
        var (value, current) = command.Kind switch
        {
            ContactKind.Email => (ContactPoints.NormalizeEmail(command.Email!), account.Email),
            ContactKind.Phone => (ContactPoints.NormalizeMobile(command.Phone)!, account.MobilePhone),
            _ => (command.SecretQuestion!.Trim(), account.SecretQuestion),
        };
        if (value == current && command.Kind != ContactKind.SecretQuestion) return ContactChangeErrors.Unchanged;
        // one change a week: a stolen password cannot swap every channel before the owner's undo link is read
        var since = now - ContactChange.Cooldown;
        if (await db.ContactChanges.AnyAsync(c => c.AccountId == account.Id && c.AppliedOnUtc > since && c.CancelledOnUtc == null, cancellationToken))
            return ContactChangeErrors.TooSoon;

        foreach (var pending in await db.ContactChanges
                     .Where(c => c.AccountId == account.Id && c.Kind == command.Kind && c.AppliedOnUtc == null && c.SupersededOnUtc == null)
                     .ToListAsync(cancellationToken))
            pending.Supersede(now);
        var code = Secrets.NewSixDigitCode();
        var answerHash = command.Kind == ContactKind.SecretQuestion ? passwords.Hash(PasswordHashing.NormalizeAnswer(command.SecretAnswer!)) : null;
        var change = ContactChange.Request(account.Id, command.Kind, value, answerHash, passwords.HashCode(code), now);
        db.ContactChanges.Add(change);
        var (channel, recipient) = command.Kind switch
        {
            ContactKind.Email => ("email", value),
            ContactKind.Phone => ("sms", value),
            _ => ("sms", account.MobilePhone),
        };
        db.AddIntegrationEvent(new VerificationCodeRequested(Guid.CreateVersion7(), now, account.Id.Value, VerificationPurposes.ContactChange, channel,
            recipient, account.FirstName, code, change.CodeExpiresOnUtc));
        await db.SaveChangesAsync(cancellationToken);
        return new ContactChangeRequested(change.Id, channel == "email" ? recipient : ContactPoints.MaskMobile(recipient), change.CodeExpiresOnUtc);
    }
}

/// <summary>The code proves the new channel: the change applies, and the old channel is told, with a link to undo it.</summary>
internal sealed class ConfirmContactChangeHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<ConfirmContactChangeCommand, Result<ContactChangeApplied>>
{
    public async ValueTask<Result<ContactChangeApplied>> Handle(ConfirmContactChangeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var change = await db.ContactChanges.AsNoTracking().SingleOrDefaultAsync(c => c.Id == command.ChangeId && c.AccountId == command.AccountId, cancellationToken);
        if (change is null || !change.IsAwaitingCode(now)) return ContactChangeErrors.CodeInvalid;
        var id = change.Id;
        var reserved = await db.ContactChanges
            .Where(c => c.Id == id && c.CodeTries < ContactChange.MaxCodeTries && c.AppliedOnUtc == null && c.SupersededOnUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.CodeTries, c => c.CodeTries + 1), cancellationToken);
        if (reserved == 0 || !passwords.VerifyCode(command.Code, change.CodeHash)) return ContactChangeErrors.CodeInvalid;

        change = await db.ContactChanges.SingleAsync(c => c.Id == id, cancellationToken);
        if (!change.IsAwaitingCode(now)) return ContactChangeErrors.CodeInvalid; // a parallel confirmation applied it meanwhile
        var account = await db.Accounts.SingleAsync(a => a.Id == command.AccountId, cancellationToken);
        var (oldEmail, oldPhone) = (account.Email, account.MobilePhone);
        var cancelToken = Secrets.NewToken();
        change.Apply(account, Secrets.HashToken(cancelToken), now);
        // both channels as they were before hear of it, each with the link: the old address or mobile, and the other one
        var (noticeEmail, noticePhone) = (oldEmail, oldPhone);
        db.AddIntegrationEvent(new ContactDetailsChanged(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, account.MobilePhone,
            ContactChanges.Name(change.Kind), "changed", noticeEmail, noticePhone, cancelToken, change.CancelExpiresOnUtc));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return IdentityErrors.ChangedConcurrently;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // the unique index on e-mail addresses
            return ContactChangeErrors.EmailTaken;
        }

        return new ContactChangeApplied(change.Kind, "applied");
    }
}

/// <summary>
/// "This was not me": the value from before this change comes back (and every later change of the same kind is
/// undone with it), every session ends, and the password, which whoever made the change knew, stops working: the
/// owner gets back in through a recovery, on the channels just restored.
/// </summary>
internal sealed class CancelContactChangeHandler(IdentityDbContext db, PasswordHashing passwords, TimeProvider clock)
    : ICommandHandler<CancelContactChangeCommand, Result<ContactChangeApplied>>
{
    public async ValueTask<Result<ContactChangeApplied>> Handle(CancelContactChangeCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Secrets.HashToken(command.Token);
        var change = await db.ContactChanges.SingleOrDefaultAsync(c => c.CancelTokenHash == hash, cancellationToken);
        if (change is null || !change.IsCancellable(now)) return ContactChangeErrors.LinkInvalid;
        var account = await db.Accounts.SingleAsync(a => a.Id == change.AccountId, cancellationToken);
        var applied = change.AppliedOnUtc;
        foreach (var later in await db.ContactChanges.Where(c => c.AccountId == change.AccountId && c.Kind == change.Kind && c.Id != change.Id
                         && c.AppliedOnUtc >= applied && c.CancelledOnUtc == null).ToListAsync(cancellationToken))
            later.Undo(now);
        change.Cancel(account, now);
        account.ClosePasswordPath(passwords.Hash(Secrets.NewToken()));
        foreach (var session in await db.Sessions.Where(s => s.AccountId == account.Id && s.RevokedOnUtc == null).ToListAsync(cancellationToken))
            session.Revoke("contact_change_cancelled", now);
        db.AddIntegrationEvent(new ContactDetailsChanged(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, account.MobilePhone,
            ContactChanges.Name(change.Kind), "cancelled", account.Email, account.MobilePhone, null, null));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // used twice at once, or the old address was taken since: the link did nothing
            return ContactChangeErrors.LinkInvalid;
        }

        return new ContactChangeApplied(change.Kind, "cancelled");
    }
}

internal static class ContactChanges
{
    public static string Name(ContactKind kind) => kind switch
    {
        ContactKind.Email => "email",
        ContactKind.Phone => "phone",
        _ => "secret_question",
    };
}

internal sealed class ChangeContactEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup($"{IdentityRoutes.Root}/me/contact-changes").WithTags(IdentityRoutes.Tag).RequireAuthorization(Policies.AccountHolder);
        me.MapPost("", async (ContactChangeRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (!user.AuthenticatedRecently(clock))
                    return ProblemResults.Problem(StatusCodes.Status403Forbidden, "identity.reauthentication_required",
                        "Log in again to change a contact detail: it needs a password check of less than 15 minutes.");
                var result = await sender.Send(new RequestContactChangeCommand(user.GetAccountId(), body.Kind, body.Email, body.Phone,
                    body.SecretQuestion, body.SecretAnswer), ct);
                return result.IsSuccess ? TypedResults.Accepted((string?)null, result.Value) : result.Error!.ToProblem();
            })
            .WithName("RequestContactChange")
            .WithSummary("Starts a change of the e-mail address, the mobile number or the secret question (login of less than 15 minutes): " +
                         "a 6-digit code goes to the new channel (to the mobile for the secret question).")
            .RequireRateLimiting(RateLimitPolicies.MessageSending)
            .Produces<ContactChangeRequested>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        me.MapPost("/{changeId:guid}/confirmation", async (Guid changeId, ContactChangeCodeRequest body, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new ConfirmContactChangeCommand(user.GetAccountId(), changeId, body.Code), ct)).ToOk())
            .WithName("ConfirmContactChange")
            .WithSummary("Confirms the change with the code; the old channel gets a notice with a \"this was not me\" link (30 days).")
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<ContactChangeApplied>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        app.MapPost($"{IdentityRoutes.Root}/contact-changes/cancellations", async (ContactChangeCancellationRequest body, ISender sender, CancellationToken ct) =>
                (await sender.Send(new CancelContactChangeCommand(body.Token), ct)).ToOk())
            .WithName("CancelContactChange")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("\"This was not me\": with the token of the notice's link, restores the old value and ends every session of the account.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<ContactChangeApplied>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }
}

internal sealed record ContactChangeRequest(ContactKind Kind, string? Email = null, string? Phone = null, string? SecretQuestion = null,
    string? SecretAnswer = null);

internal sealed record ContactChangeCodeRequest(string Code);

internal sealed record ContactChangeCancellationRequest(string Token);
