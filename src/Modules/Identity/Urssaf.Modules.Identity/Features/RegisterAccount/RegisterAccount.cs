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

namespace Urssaf.Modules.Identity.Features.RegisterAccount;

internal sealed record RegisterCommand(string Siret, string Nir, string FirstName, string LastName, string Email, string Phone,
    string Password, string SecretQuestion, string SecretAnswer) : ICommand<Result<RegistrationResponse>>;

internal sealed record RegistrationResponse(Guid RegistrationId);

internal sealed class RegisterValidator : AbstractValidator<RegisterCommand>
{
    public RegisterValidator()
    {
        RuleFor(c => c.Siret).Must(Identifiers.IsValidSiret).WithErrorCode("identity.siret.invalid")
            .WithMessage("The SIRET must be 14 digits with a valid check digit.");
        RuleFor(c => c.Nir).Must(Identifiers.IsValidNir).WithErrorCode("identity.nir.invalid")
            .WithMessage("The social security number must be 15 characters with a valid key.");
        RuleFor(c => c.FirstName).NotEmpty().WithErrorCode("identity.first_name.invalid").MaximumLength(100).WithErrorCode("identity.first_name.invalid");
        RuleFor(c => c.LastName).NotEmpty().WithErrorCode("identity.last_name.invalid").MaximumLength(100).WithErrorCode("identity.last_name.invalid");
        RuleFor(c => c.Email).NotEmpty().WithErrorCode("identity.email.invalid").MaximumLength(254).WithErrorCode("identity.email.invalid")
            .EmailAddress().WithErrorCode("identity.email.invalid");
        RuleFor(c => c.Phone).Must(p => ContactPoints.NormalizeMobile(p) is not null).WithErrorCode("identity.phone.invalid")
            .WithMessage("A French mobile number is needed (06 or 07), e.g. 06 12 34 56 78 or +33 6 12 34 56 78.");
        RuleFor(c => c.Password).NotNull().WithErrorCode("identity.password.too_weak").Custom((password, context) =>
        {
            var c = context.InstanceToValidate;
            if (password is null || PasswordPolicy.Check(password, [c.FirstName, c.LastName, c.Email?.Split('@')[0]]) is not { } code) return;
            context.AddFailure(new FluentValidation.Results.ValidationFailure(nameof(RegisterCommand.Password), code switch
            {
                "identity.password.too_long" => "At most 128 characters.",
                "identity.password.blocklisted" => "This password is too common or contains your name or the service's name.",
                _ => "At least 10 characters with lower case, upper case, a digit and a special character, or at least 15 characters.",
            }) { ErrorCode = code });
        });
        RuleFor(c => c.SecretQuestion).NotEmpty().WithErrorCode("identity.secret_question.invalid").MaximumLength(200).WithErrorCode("identity.secret_question.invalid");
        RuleFor(c => c.SecretAnswer).Must(a => PasswordHashing.NormalizeAnswer(a ?? "").Length is >= 2 and <= 100)
            .WithErrorCode("identity.secret_answer.invalid").WithMessage("The answer has 2 to 100 characters.");
    }
}

/// <summary>
/// Opens a pending account only for the entrepreneur the formalities centre named: the SIRET, the NIR and the last
/// name (birth or usage) must match its formality (ADR 0022). Every other case gets the same 202 and the same work
/// (three slow hashes, one commit), and nothing activatable: an identity that does not match is told so at the
/// address given; the owner of an existing account is told someone tried.
/// </summary>
internal sealed class RegisterHandler(IdentityDbContext db, PasswordHashing passwords, NirProtector nirs, TimeProvider clock)
    : ICommandHandler<RegisterCommand, Result<RegistrationResponse>>
{
    public async ValueTask<Result<RegistrationResponse>> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        var formality = await db.Formalities.AsNoTracking().SingleOrDefaultAsync(f => f.Siret == command.Siret, cancellationToken);
        if (formality is null) return IdentityErrors.SiretUnknown;
        if (formality.Entrepreneur is not { } entrepreneur) return IdentityErrors.FormalityWithoutIdentity;

        var now = clock.GetUtcNow().UtcDateTime;
        var email = ContactPoints.NormalizeEmail(command.Email);
        var nirLookup = nirs.Lookup(command.Nir);
        // the same slow work on every path, so that the answer's timing tells nothing
        var passwordHash = passwords.Hash(command.Password);
        var answerHash = passwords.Hash(PasswordHashing.NormalizeAnswer(command.SecretAnswer));
        var smsCode = Secrets.NewSixDigitCode();
        var smsCodeHash = passwords.HashCode(smsCode);
        var matches = entrepreneur.NirLookup == nirLookup && entrepreneur.IsNamed(command.LastName);

        var others = await db.Accounts.Where(a => a.Siret == command.Siret || a.NirLookup == nirLookup || a.Email == email).ToListAsync(cancellationToken);
        // a pending registration gives way when it expired, or to the entrepreneur of its own SIRET
        var replaced = others.Where(a => a.IsExpiredRegistration(now) || (matches && a.Status == AccountStatus.PendingActivation && a.Siret == command.Siret)).ToList();
        if (others.Except(replaced).FirstOrDefault() is { } existing)
        {
            db.AddIntegrationEvent(new RegistrationAttemptedOnExistingAccount(Guid.CreateVersion7(), now, existing.Id.Value, existing.FirstName, existing.Email));
            return await AnswerWithoutAccountAsync(command, email, now, cancellationToken);
        }

        if (!matches) return await AnswerWithoutAccountAsync(command, email, now, cancellationToken);

        foreach (var old in replaced)
        {
            // the address of a pending registration that gives way is told, in case it was the owner's
            if (!old.IsExpiredRegistration(now) && old.Email != email)
                db.AddIntegrationEvent(new RegistrationAttemptedOnExistingAccount(Guid.CreateVersion7(), now, old.Id.Value, old.FirstName, old.Email));
            db.ActivationChallenges.RemoveRange(await db.ActivationChallenges.Where(c => c.AccountId == old.Id).ToListAsync(cancellationToken));
            db.Accounts.Remove(old);
        }

        var account = Account.Register(command.Siret, nirLookup, NirProtector.Mask(command.Nir), command.FirstName.Trim(),
            command.LastName.Trim(), email, ContactPoints.NormalizeMobile(command.Phone)!, passwordHash, command.SecretQuestion.Trim(),
            answerHash, now);
        db.Accounts.Add(account);
        ActivationMessages.IssueEmail(db, account, Secrets.NewToken(), now);
        ActivationMessages.IssueSms(db, account, smsCode, smsCodeHash, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear(); // a concurrent registration took the SIRET, NIR or e-mail: same answer as for an existing account
            return new RegistrationResponse(Guid.CreateVersion7());
        }

        return new RegistrationResponse(account.Id.Value);
    }

    /// <summary>
    /// No enumeration: the caller gets the usual answer, and the address given the same notice whether the identity
    /// did not match or an account exists.
    /// </summary>
    private async Task<Result<RegistrationResponse>> AnswerWithoutAccountAsync(RegisterCommand command, string email, DateTime now, CancellationToken ct)
    {
        db.AddIntegrationEvent(new RegistrationNotOpened(Guid.CreateVersion7(), now, command.FirstName.Trim(), email));
        await db.SaveChangesAsync(ct);
        return new RegistrationResponse(Guid.CreateVersion7());
    }
}

internal sealed class RegisterEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/registrations", async (RegisterRequest body, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(body.ToCommand(), ct);
                return result.IsSuccess ? TypedResults.Accepted((string?)null, result.Value) : result.Error!.ToProblem();
            })
            .WithName("Register")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Registers the entrepreneur the formalities centre named for this SIRET: the NIR and the last name (birth or usage " +
                         "name, accents and case ignored) must match. Sends an activation link by e-mail and a code by SMS. Otherwise the same " +
                         "202: nothing is activatable, the given address is told the identity could not be matched, or the owner of an " +
                         "existing account is told someone tried. A pending registration not activated within 24 h frees the SIRET.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.MessageSending)
            .Produces<RegistrationResponse>(StatusCodes.Status202Accepted)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
}

internal sealed record RegisterRequest(string Siret, string Nir, string FirstName, string LastName, string Email, string Phone,
    string Password, string SecretQuestion, string SecretAnswer)
{
    public RegisterCommand ToCommand() => new(Siret, Nir, FirstName, LastName, Email, Phone, Password, SecretQuestion, SecretAnswer);
}
