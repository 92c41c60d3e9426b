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

namespace Urssaf.Modules.Identity.Features.Register;

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

internal sealed class RegisterHandler(IdentityDbContext db, PasswordHashing passwords, NirProtector nirs, TimeProvider clock)
    : ICommandHandler<RegisterCommand, Result<RegistrationResponse>>
{
    public async ValueTask<Result<RegistrationResponse>> Handle(RegisterCommand command, CancellationToken cancellationToken)
    {
        if (!await db.Formalities.AnyAsync(f => f.Siret == command.Siret, cancellationToken)) return IdentityErrors.SiretUnknown;

        var now = clock.GetUtcNow().UtcDateTime;
        var email = ContactPoints.NormalizeEmail(command.Email);
        var nirLookup = nirs.Lookup(command.Nir);
        var passwordHash = passwords.Hash(command.Password); // always, so that an existing account answers as slowly
        var existing = await db.Accounts.AsNoTracking()
            .FirstOrDefaultAsync(a => a.Siret == command.Siret || a.NirLookup == nirLookup || a.Email == email, cancellationToken);
        if (existing is not null) return await NotifyOwnerAsync(existing, now, cancellationToken);

        var account = Account.Register(command.Siret, nirLookup, NirProtector.Mask(command.Nir.ToUpperInvariant()), command.FirstName.Trim(),
            command.LastName.Trim(), email, ContactPoints.NormalizeMobile(command.Phone)!, passwordHash, command.SecretQuestion.Trim(),
            passwords.Hash(PasswordHashing.NormalizeAnswer(command.SecretAnswer)), now);
        db.Accounts.Add(account);
        ActivationMessages.Issue(db, account, ActivationChannel.Email, now);
        ActivationMessages.Issue(db, account, ActivationChannel.Sms, now);
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

    /// <summary>No enumeration: the caller gets the usual answer; the owner is told someone tried.</summary>
    private async Task<Result<RegistrationResponse>> NotifyOwnerAsync(Account existing, DateTime now, CancellationToken ct)
    {
        db.AddIntegrationEvent(new RegistrationAttemptedOnExistingAccount(Guid.CreateVersion7(), now, existing.Id.Value, existing.FirstName, existing.Email));
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
            .WithSummary("Registers an entrepreneur whose SIRET the formalities centre transmitted; sends an activation link by " +
                         "e-mail and a code by SMS. An already registered SIRET, NIR or e-mail gets the same answer (its owner is told).")
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
