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

internal sealed record RequestPasskeyAssertionCommand : ICommand<PasskeyOptionsResponse>;

internal sealed class RequestPasskeyAssertionHandler(IdentityDbContext db, IFido2 fido2, TimeProvider clock)
    : ICommandHandler<RequestPasskeyAssertionCommand, PasskeyOptionsResponse>
{
    public async ValueTask<PasskeyOptionsResponse> Handle(RequestPasskeyAssertionCommand command, CancellationToken cancellationToken)
    {
        // empty allow-list: a discoverable credential names its account through its user handle
        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams { AllowedCredentials = [], UserVerification = UserVerificationRequirement.Required });
        var json = options.ToJson();
        var ceremony = PasskeyCeremony.Start(PasskeyCeremonyKind.Assertion, null, json, clock.GetUtcNow().UtcDateTime);
        db.PasskeyCeremonies.Add(ceremony);
        await db.SaveChangesAsync(cancellationToken);
        return new PasskeyOptionsResponse(ceremony.Id, JsonSerializer.Deserialize<JsonElement>(json));
    }
}

internal sealed class RequestPasskeyAssertionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/passkeys/assertion-options", async (HttpContext http, ISender sender, CancellationToken ct) => ProblemResults.HasBody(http)
                ? ProblemResults.BodyNotExpected()
                : TypedResults.Ok(await sender.Send(new RequestPasskeyAssertionCommand(), ct)))
            .WithName("RequestPasskeyAssertion")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("WebAuthn request options for a login with a discoverable passkey (user verification required) and their optionsId.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<PasskeyOptionsResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
}
