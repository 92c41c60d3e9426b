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

internal sealed record PasskeySessionRequest(Guid OptionsId, JsonElement Credential);

internal sealed record OpenPasskeySessionCommand(Guid OptionsId, JsonElement Credential, string? IpAddress, string? UserAgent) : ICommand<Result<TokenResponse>>;

/// <summary>
/// Passkey login (ADR 0071): the options are single use and 5 minutes old at most; Fido2 checks the signature, the
/// challenge, the origin, the RP ID hash, the user-verified flag and the counter. It does not go through the
/// password throttle, so it works while the password path is locked (SECURITY.md, lockout).
/// </summary>
internal sealed class OpenPasskeySessionHandler(IdentityDbContext db, IFido2 fido2, SignIns signIns, TimeProvider clock, ILogger<OpenPasskeySessionHandler> logger)
    : ICommandHandler<OpenPasskeySessionCommand, Result<TokenResponse>>
{
    public const string Method = "passkey";

    public async ValueTask<Result<TokenResponse>> Handle(OpenPasskeySessionCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (await PasskeyCeremonies.ConsumeAsync(db, command.OptionsId, PasskeyCeremonyKind.Assertion, null, now, cancellationToken) is not { } json)
            return PasskeyErrors.OptionsInvalid;
        if (PasskeyCeremonies.Read<AuthenticatorAssertionRawResponse>(command.Credential) is not { } response) return PasskeyErrors.CredentialMalformed;

        var passkey = response.RawId is { Length: > 0 } rawId ? await db.Passkeys.SingleOrDefaultAsync(p => p.CredentialId == rawId, cancellationToken) : null;
        if (passkey is null) return await RefusedAsync(null, "unknown_passkey", PasskeyErrors.LoginRefused, command, now, cancellationToken);

        VerifyAssertionResult verified;
        try
        {
            verified = await fido2.MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = response,
                OriginalOptions = AssertionOptions.FromJson(json),
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = (uint)passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) =>
                    Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle) && args.CredentialId.AsSpan().SequenceEqual(passkey.CredentialId)),
            }, cancellationToken);
        }
        catch (Fido2VerificationException e) when (e.Code == Fido2ErrorCode.InvalidSignCount)
        {
            // the counter went backwards: a copy of the key is in use (WebAuthn §6.1.1); refused, and the owner warned
            var owner = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == passkey.AccountId, cancellationToken);
            db.AddIntegrationEvent(new PasskeyChanged(Guid.CreateVersion7(), now, owner.Id.Value, owner.FirstName, owner.Email, PasskeyChanged.CloneDetected, passkey.Name));
            return await RefusedAsync(passkey.AccountId, "cloned_passkey", PasskeyErrors.Cloned, command, now, cancellationToken);
        }
        catch (Exception e) when (e is Fido2VerificationException or ArgumentException or FormatException or InvalidOperationException)
        {
            logger.LogInformation("Passkey login refused: {Reason}", e.Message);
            return await RefusedAsync(passkey.AccountId, "failure", PasskeyErrors.LoginRefused, command, now, cancellationToken);
        }

        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == passkey.AccountId && a.Status == AccountStatus.Active, cancellationToken);
        if (account is null) return await RefusedAsync(passkey.AccountId, "not_activated", PasskeyErrors.LoginRefused, command, now, cancellationToken);
        passkey.Used(verified.SignCount, now);
        var tokens = signIns.Open(account, Method, command.IpAddress, command.UserAgent, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // two logins with one counter value at once: the second is a replay
            return PasskeyErrors.LoginRefused;
        }

        return tokens;
    }

    private async Task<Result<TokenResponse>> RefusedAsync(AccountId? account, string result, Error error, OpenPasskeySessionCommand command, DateTime now, CancellationToken ct)
    {
        signIns.Journal(account, Method, result, command.IpAddress, command.UserAgent, now);
        await db.SaveChangesAsync(ct);
        return error;
    }
}

internal sealed class OpenPasskeySessionEndpoint : ICarterModule
{
    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapPost($"{IdentityRoutes.Root}/sessions/passkey", async (PasskeySessionRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
                (await sender.Send(new OpenPasskeySessionCommand(body.OptionsId, body.Credential, http.Connection.RemoteIpAddress?.ToString(),
                    ClientInfo.UserAgent(http)), ct)).ToOk())
            .WithName("OpenPasskeySession")
            .WithTags(IdentityRoutes.Tag)
            .WithSummary("Logs in with a passkey's assertion response (JSON) for the options given; the same answer as a password login.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<TokenResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
}
