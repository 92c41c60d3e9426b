using System.Security.Claims;
using Carter;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Urssaf.Modules.Payments.Contracts.IntegrationEvents;
using Urssaf.Modules.Payments.Domain;
using Urssaf.Modules.Payments.Persistence;
using Urssaf.Modules.Payments.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Http.Idempotency;
using Urssaf.SharedKernel.Infrastructure.Time;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Payments.Features.Mandates;

internal sealed record SignMandateRequest(string Iban, string HolderName, string? Bic = null);

internal sealed record SignMandateCommand(AccountId AccountId, string? Iban, string? Bic, string? HolderName) : ICommand<Result<MandateResponse>>;

internal sealed record MandateResponse(Guid MandateId, string Rum, string MaskedIban, string? Bic, string HolderName, DateOnly SignedOn, string Status,
    bool AutomaticDebit = false)
{
    public static MandateResponse From(Mandate m) =>
        new(m.Id, m.Rum, m.MaskedIban, m.Bic, m.HolderName, m.SignedOn, m.Status == MandateStatus.Active ? "active" : "revoked", m.Automatic);
}

internal sealed class SignMandateValidator : AbstractValidator<SignMandateCommand>
{
    public SignMandateValidator()
    {
        RuleFor(c => c.Iban).NotEmpty().WithErrorCode("payments.iban.required")
            .Must(Iban.IsValid).WithErrorCode("payments.iban.invalid").WithMessage("The IBAN is not valid (country, length or check digits).");
        RuleFor(c => c.Bic).Must(Bic.IsValid!).When(c => c.Bic is not null)
            .WithErrorCode("payments.bic.invalid").WithMessage("The BIC must be 8 or 11 characters (ISO 9362).");
        RuleFor(c => c.HolderName).NotEmpty().WithErrorCode("payments.holder_name.required")
            .MaximumLength(70).WithErrorCode("payments.holder_name.too_long")
            // pain.008 Max70Text, SEPA Latin character set
            .Matches(@"^[A-Za-z0-9À-ÿ/\-?:().,'+ ]+$").WithErrorCode("payments.holder_name.invalid")
            .WithMessage("The account holder's name has characters a SEPA file cannot carry.");
    }
}

/// <summary>
/// Signs a SEPA Core mandate online: the IBAN is stored encrypted, answered masked, the owner notified on the
/// existing contact channels (SECURITY.md §5.4). At most <see cref="Mandate.MaxActivePerAccount"/> active mandates.
/// </summary>
internal sealed class SignMandateHandler(PaymentsDbContext db, IbanProtector protector, TimeProvider clock)
    : ICommandHandler<SignMandateCommand, Result<MandateResponse>>
{
    public async ValueTask<Result<MandateResponse>> Handle(SignMandateCommand command, CancellationToken cancellationToken)
    {
        var active = await db.Mandates.CountAsync(m => m.AccountId == command.AccountId && m.Status == MandateStatus.Active, cancellationToken);
        if (active >= Mandate.MaxActivePerAccount)
            return Error.Rule("payments.mandate.limit_reached",
                $"An account holds at most {Mandate.MaxActivePerAccount} active mandates; revoke one first.");

        var iban = Iban.Normalize(command.Iban!);
        var now = clock.GetUtcNow().UtcDateTime;
        var mandate = Mandate.Sign(command.AccountId, id => protector.Protect(iban, id), Iban.Mask(iban), command.Bic, command.HolderName!.Trim(),
            clock.Today(), now);
        db.Mandates.Add(mandate);
        db.AddIntegrationEvent(new MandateSigned(Guid.CreateVersion7(), now, command.AccountId.Value, mandate.Id, mandate.Rum, mandate.MaskedIban, mandate.SignedOn));
        await db.SaveChangesAsync(cancellationToken);
        return MandateResponse.From(mandate);
    }
}

internal sealed class SignMandateEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{PaymentsRoutes.Root}/mandates", async (SignMandateRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (!user.AuthenticatedRecently(clock))
                    return ProblemResults.Problem(StatusCodes.Status403Forbidden, "identity.reauthentication_required",
                        "Log in again to sign a mandate: a bank account change needs a password check of less than 15 minutes.");
                var result = await sender.Send(new SignMandateCommand(user.GetAccountId(), body.Iban, body.Bic, body.HolderName), ct);
                return result.IsSuccess
                    ? TypedResults.Created($"{PaymentsRoutes.Root}/mandates/{result.Value.MandateId}", result.Value)
                    : result.Error!.ToProblem();
            })
            .WithName("SignMandate")
            .WithTags(PaymentsRoutes.Tag)
            .WithSummary("Signs a SEPA direct-debit mandate (IBAN checked, stored encrypted, answered masked; at most three active). " +
                         "Needs a login of less than 15 minutes.")
            .RequireAuthorization(Policies.AccountHolder)
            .WithIdempotency<PaymentsDbContext>()
            .Produces<MandateResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
