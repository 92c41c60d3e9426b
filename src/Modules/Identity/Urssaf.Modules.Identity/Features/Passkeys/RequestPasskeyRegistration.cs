using System.Security.Claims;
using System.Text.Json;
using Carter;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
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

internal sealed record RequestPasskeyRegistrationCommand(AccountId AccountId) : ICommand<Result<PasskeyOptionsResponse>>;

internal sealed class RequestPasskeyRegistrationHandler(IdentityDbContext db, IFido2 fido2, TimeProvider clock)
    : ICommandHandler<RequestPasskeyRegistrationCommand, Result<PasskeyOptionsResponse>>
{
    public async ValueTask<Result<PasskeyOptionsResponse>> Handle(RequestPasskeyRegistrationCommand command, CancellationToken cancellationToken)
    {
        var account = await db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == command.AccountId, cancellationToken);
        if (account is null) return IdentityErrors.AccountNotFound;
        var existing = await db.Passkeys.AsNoTracking().Where(p => p.AccountId == command.AccountId).Select(p => p.CredentialId).ToListAsync(cancellationToken);
        if (existing.Count >= Passkey.MaxPerAccount) return PasskeyErrors.TooMany;
        var options = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = Passkey.UserHandleOf(account.Id), Name = account.Email, DisplayName = $"{account.FirstName} {account.LastName}" },
            ExcludeCredentials = existing.Select(id => new PublicKeyCredentialDescriptor(id)).ToList(),
            // a discoverable credential, unlocked by the phone's biometric or PIN (user verification required); attestation "none"
            AuthenticatorSelection = new AuthenticatorSelection { ResidentKey = ResidentKeyRequirement.Required, UserVerification = UserVerificationRequirement.Required },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        var json = options.ToJson();
        var ceremony = PasskeyCeremony.Start(PasskeyCeremonyKind.Registration, account.Id, json, clock.GetUtcNow().UtcDateTime);
        db.PasskeyCeremonies.Add(ceremony);
        await db.SaveChangesAsync(cancellationToken);
        return new PasskeyOptionsResponse(ceremony.Id, JsonSerializer.Deserialize<JsonElement>(json));
    }
}

internal sealed class RequestPasskeyRegistrationEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/passkeys/registration-options", async (ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
                !user.AuthenticatedRecently(clock)
                    ? PasskeyErrors.ReauthenticationRequired.ToProblem()
                    : (await sender.Send(new RequestPasskeyRegistrationCommand(user.GetAccountId()), ct)).ToOk())
            .WithName("RequestPasskeyRegistration")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("WebAuthn creation options (publicKey, base64url binary fields) and their optionsId, single use for 5 minutes; needs a login of less than 15 minutes.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PasskeyOptionsResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
