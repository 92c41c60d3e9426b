using System.Security.Claims;
using System.Text.Json;
using Carter;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Features.Sessions;
using Urssaf.Modules.Identity.Features.Shared;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;

namespace Urssaf.Modules.Identity.Features.Passkeys;

internal sealed record RegisterPasskeyRequest(Guid OptionsId, string Name, JsonElement Credential);

internal sealed record RegisterPasskeyCommand(AccountId AccountId, Guid OptionsId, string Name, JsonElement Credential) : ICommand<Result<PasskeyItem>>;

internal sealed class RegisterPasskeyValidator : AbstractValidator<RegisterPasskeyCommand>
{
    public RegisterPasskeyValidator() =>
        RuleFor(c => c.Name).Must(n => n is not null && n.Trim().Length is > 0 and <= Passkey.MaxNameLength)
            .WithErrorCode("identity.passkey.name_invalid").WithMessage($"Name the passkey (1 to {Passkey.MaxNameLength} characters).");
}

internal sealed class RegisterPasskeyHandler(IdentityDbContext db, IFido2 fido2, TimeProvider clock, ILogger<RegisterPasskeyHandler> logger)
    : ICommandHandler<RegisterPasskeyCommand, Result<PasskeyItem>>
{
    public async ValueTask<Result<PasskeyItem>> Handle(RegisterPasskeyCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await PasskeyCeremonies.ConsumeAsync(db, command.OptionsId, PasskeyCeremonyKind.Registration, command.AccountId, now, cancellationToken) is not { } json)
            return PasskeyErrors.OptionsInvalid;
        if (PasskeyCeremonies.Read<AuthenticatorAttestationRawResponse>(command.Credential) is not { } response) return PasskeyErrors.CredentialMalformed;
        if (await db.Passkeys.CountAsync(p => p.AccountId == command.AccountId, cancellationToken) >= Passkey.MaxPerAccount) return PasskeyErrors.TooMany;

        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await fido2.MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = response,
                OriginalOptions = CredentialCreateOptions.FromJson(json),
                IsCredentialIdUniqueToUserCallback = async (args, ct) => !await db.Passkeys.AnyAsync(p => p.CredentialId == args.CredentialId, ct),
            }, cancellationToken);
        }
        catch (Exception e) when (e is Fido2VerificationException or ArgumentException or FormatException or InvalidOperationException)
        {
            logger.LogInformation("Passkey registration refused: {Reason}", e.Message);
            return PasskeyErrors.RegistrationRefused;
        }

        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == command.AccountId, cancellationToken);
        var passkey = Passkey.Register(command.AccountId, credential.Id, credential.PublicKey, credential.SignCount, command.Name.Trim(), now);
        db.Passkeys.Add(passkey);
        db.AddIntegrationEvent(new PasskeyChanged(Guid.CreateVersion7(), now, account.Id.Value, account.FirstName, account.Email, PasskeyChanged.Added, passkey.Name));
        await db.SaveChangesAsync(cancellationToken);
        return new PasskeyItem(passkey.Id, passkey.Name, passkey.CreatedOnUtc, null);
    }
}

internal sealed class RegisterPasskeyEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/passkeys", async (RegisterPasskeyRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (!user.AuthenticatedRecently(clock)) return PasskeyErrors.ReauthenticationRequired.ToProblem();
                var result = await sender.Send(new RegisterPasskeyCommand(user.GetAccountId(), body.OptionsId, body.Name, body.Credential), ct);
                return result.IsSuccess ? TypedResults.Created($"{IdentityRoutes.Root}/passkeys/{result.Value!.PasskeyId}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("RegisterPasskey")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Registers the authenticator's attestation response (JSON) for the options given; the owner is notified.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PasskeyItem>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
