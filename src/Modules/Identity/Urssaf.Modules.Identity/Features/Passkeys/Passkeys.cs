using System.Security.Claims;
using System.Text.Json;
using Carter;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Fido2NetLib.Exceptions;
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
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Results;
using Urssaf.Modules.Identity.Features.Shared;

namespace Urssaf.Modules.Identity.Features.Passkeys;

internal static class PasskeyErrors
{
    public static readonly Error ReauthenticationRequired = Error.Forbidden("identity.reauthentication_required",
        "Log in again to add a passkey: it needs a login of less than 15 minutes.");

    public static readonly Error OptionsInvalid = Error.Rule("identity.passkey.options_invalid",
        "These options are unknown, expired or already used: ask for new ones.");

    public static readonly Error CredentialMalformed = Error.Validation("identity.passkey.credential_malformed",
        "The credential is not a WebAuthn response in JSON.", "credential");

    public static readonly Error RegistrationRefused = Error.Rule("identity.passkey.registration_refused",
        "The authenticator's answer could not be verified (origin, challenge, user verification or signature).");

    public static readonly Error TooMany = Error.Rule("identity.passkey.too_many", $"An account can hold at most {Passkey.MaxPerAccount} passkeys: delete one first.");

    public static readonly Error NotFound = Error.NotFound("identity.passkey.not_found", "This account has no passkey with this id.");

    /// <summary>One answer for an unknown (or deleted) passkey and a failed check: no enumeration of credentials.</summary>
    public static readonly Error LoginRefused = Error.Unauthorized("identity.passkey.login_refused",
        "This passkey could not log in: it is unknown, deleted, or its answer could not be verified.");

    public static readonly Error Cloned = Error.Unauthorized("identity.passkey.cloned",
        "This passkey's signature counter went backwards: it may have been copied. It is refused and its owner warned.");
}

/// <summary>The WebAuthn relying party (ADR 0071): <c>Identity:Passkeys:RelyingPartyId</c> and <c>Origins</c>.</summary>
internal sealed class PasskeyOptions
{
    public const string Section = "Identity:Passkeys";

    public string RelyingPartyId { get; set; } = "localhost";
    public string RelyingPartyName { get; set; } = "Urssaf";
    public string[]? Origins { get; set; }

    public IReadOnlyList<string> EffectiveOrigins => Origins is { Length: > 0 } o ? o : ["http://localhost:5080"];
}

/// <summary>Options as the browser or the phone's platform API takes them, plus the id that answers them.</summary>
internal sealed record PasskeyOptionsResponse(Guid OptionsId, JsonElement PublicKey);

internal sealed record PasskeyItem(Guid PasskeyId, string Name, DateTime CreatedAt, DateTime? LastUsedAt);

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

internal sealed record ListPasskeysQuery(AccountId AccountId) : IQuery<IReadOnlyList<PasskeyItem>>;

internal sealed class ListPasskeysHandler(IdentityDbContext db) : IQueryHandler<ListPasskeysQuery, IReadOnlyList<PasskeyItem>>
{
    public async ValueTask<IReadOnlyList<PasskeyItem>> Handle(ListPasskeysQuery query, CancellationToken cancellationToken) =>
        await db.Passkeys.AsNoTracking().Where(p => p.AccountId == query.AccountId).OrderBy(p => p.CreatedOnUtc)
            .Select(p => new PasskeyItem(p.Id, p.Name, p.CreatedOnUtc, p.LastUsedOnUtc)).ToListAsync(cancellationToken);
}

internal sealed record DeletePasskeyCommand(AccountId AccountId, Guid PasskeyId) : ICommand<Result>;

internal sealed class DeletePasskeyHandler(IdentityDbContext db, TimeProvider clock) : ICommandHandler<DeletePasskeyCommand, Result>
{
    public async ValueTask<Result> Handle(DeletePasskeyCommand command, CancellationToken cancellationToken)
    {
        var passkey = await db.Passkeys.SingleOrDefaultAsync(p => p.Id == command.PasskeyId && p.AccountId == command.AccountId, cancellationToken);
        if (passkey is null) return PasskeyErrors.NotFound;
        var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == command.AccountId, cancellationToken);
        db.Passkeys.Remove(passkey);
        db.AddIntegrationEvent(new PasskeyChanged(Guid.CreateVersion7(), clock.GetUtcNow().UtcDateTime, account.Id.Value, account.FirstName, account.Email,
            PasskeyChanged.Removed, passkey.Name));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return PasskeyErrors.NotFound; // deleted at the same moment by another request
        }

        return Result.Success();
    }
}

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

internal static class PasskeyCeremonies
{
    /// <summary>Marks the ceremony used, once: the options' JSON when it was unused, unexpired, of this kind (and this account).</summary>
    public static async Task<string?> ConsumeAsync(IdentityDbContext db, Guid id, PasskeyCeremonyKind kind, AccountId? account, DateTime now, CancellationToken ct)
    {
        var used = await db.PasskeyCeremonies
            .Where(c => c.Id == id && c.Kind == kind && c.UsedOnUtc == null && c.ExpiresOnUtc > now && c.AccountId == account)
            .ExecuteUpdateAsync(u => u.SetProperty(c => c.UsedOnUtc, now), ct);
        return used == 1 ? await db.PasskeyCeremonies.Where(c => c.Id == id).Select(c => c.OptionsJson).SingleAsync(ct) : null;
    }

    /// <summary>The browser's or platform's JSON, read with Fido2's own converters (base64url fields).</summary>
    public static T? Read<T>(JsonElement json) where T : class
    {
        try
        {
            return json.ValueKind == JsonValueKind.Object ? json.Deserialize<T>() : null;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }
}

internal sealed class PasskeysEndpoint : ICarterModule
{

    private static readonly TimeSpan StepUpWindow = TimeSpan.FromMinutes(15);

    public void AddRoutes(IEndpointRouteBuilder app)
    {
        var me = app.MapGroup($"{IdentityRoutes.Root}/passkeys").WithTags(IdentityRoutes.Tag);
        me.MapPost("/registration-options", async (ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
                !user.AuthenticatedWithin(StepUpWindow, clock)
                    ? PasskeyErrors.ReauthenticationRequired.ToProblem()
                    : (await sender.Send(new RequestPasskeyRegistrationCommand(user.GetAccountId()), ct)).ToOk())
            .WithName("RequestPasskeyRegistration")
            .WithSummary("WebAuthn creation options (publicKey, base64url binary fields) and their optionsId, single use for 5 minutes; needs a login of less than 15 minutes.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PasskeyOptionsResponse>().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        me.MapPost("", async (RegisterPasskeyRequest body, ClaimsPrincipal user, ISender sender, TimeProvider clock, CancellationToken ct) =>
            {
                if (!user.AuthenticatedWithin(StepUpWindow, clock)) return PasskeyErrors.ReauthenticationRequired.ToProblem();
                var result = await sender.Send(new RegisterPasskeyCommand(user.GetAccountId(), body.OptionsId, body.Name, body.Credential), ct);
                return result.IsSuccess ? TypedResults.Created($"{IdentityRoutes.Root}/passkeys/{result.Value!.PasskeyId}", result.Value) : result.Error!.ToProblem();
            })
            .WithName("RegisterPasskey")
            .WithSummary("Registers the authenticator's attestation response (JSON) for the options given; the owner is notified.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<PasskeyItem>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        me.MapGet("", async (ClaimsPrincipal user, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListPasskeysQuery(user.GetAccountId()), ct)))
            .WithName("ListPasskeys")
            .WithSummary("The account's passkeys: name, creation and last use.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces<IReadOnlyList<PasskeyItem>>();
        me.MapDelete("/{passkeyId:guid}", async (Guid passkeyId, ClaimsPrincipal user, ISender sender, CancellationToken ct) =>
                (await sender.Send(new DeletePasskeyCommand(user.GetAccountId(), passkeyId), ct)).ToNoContent())
            .WithName("DeletePasskey")
            .WithSummary("Deletes a passkey: it can no longer log in; the owner is notified.")
            .RequireAuthorization(Policies.AccountHolder)
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
        me.MapPost("/assertion-options", async (HttpContext http, ISender sender, CancellationToken ct) => ProblemResults.HasBody(http)
                ? ProblemResults.BodyNotExpected()
                : TypedResults.Ok(await sender.Send(new RequestPasskeyAssertionCommand(), ct)))
            .WithName("RequestPasskeyAssertion")
            .WithSummary("WebAuthn request options for a login with a discoverable passkey (user verification required) and their optionsId.")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Authentication)
            .Produces<PasskeyOptionsResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
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
}

internal sealed record RegisterPasskeyRequest(Guid OptionsId, string Name, JsonElement Credential);

internal sealed record PasskeySessionRequest(Guid OptionsId, JsonElement Credential);
