using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using Urssaf.Modules.Identity.Contracts.IntegrationEvents;
using Urssaf.Modules.Identity.Domain;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.SharedKernel.Identity;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using Urssaf.SharedKernel.Infrastructure.Http;
using Urssaf.SharedKernel.Infrastructure.Persistence;
using Urssaf.SharedKernel.Infrastructure.Time;

namespace Urssaf.Modules.Identity.Security;

/// <summary>The OAuth 2.0 server third parties get their tokens from (OpenIddict, ADR 60).</summary>
internal static class ThirdPartyOAuth
{
    public const string Section = "Identity:OAuth";
    public const string TokenPath = "/connect/token";

    public static void AddThirdPartyOAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        var minutes = configuration.GetValue($"{Section}:AccessTokenMinutes", 10);

        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<IdentityDbContext>())
            .AddServer(o =>
            {
                o.SetTokenEndpointUris(TokenPath.TrimStart('/'));
                o.AllowClientCredentialsFlow();
                o.RegisterScopes([.. DelegationScopes.All]);
                o.SetAccessTokenLifetime(TimeSpan.FromMinutes(minutes));
                o.UseAspNetCore().EnableTokenEndpointPassthrough();
                // RFC 6749 lets a server omit "scope" when it equals the request; the API contract always states it.
                o.AddEventHandler<OpenIddict.Server.OpenIddictServerEvents.ApplyTokenResponseContext>(handler => handler
                    .UseInlineHandler(context =>
                    {
                        if (context.Response.AccessToken is not null && context.Response.Scope is null && context.Request?.Scope is { Length: > 0 } scope)
                            context.Response.Scope = string.Join(' ', scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal));
                        return default;
                    })
                    .SetOrder(int.MinValue + 100_000));
            })
            .AddValidation(o =>
            {
                o.UseLocalServer();
                // the bearer header only: a token in a URL or a form ends up in proxy logs, and two principals would merge
                o.UseAspNetCore().DisableAccessTokenExtractionFromQueryString().DisableAccessTokenExtractionFromBodyForm();
            });
        // HTTPS is required in production-like environments (ADR 50) (TLS ends at the proxy, which forwards the scheme); plain HTTP elsewhere.
        services.AddOptions<OpenIddict.Server.AspNetCore.OpenIddictServerAspNetCoreOptions>().Configure<IHostEnvironment>((o, environment) =>
            o.DisableTransportSecurityRequirement = environment.IsNonProduction());
        // Keys: configured outside Development and Testing (checked at start), generated into the data directory there.
        services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>().Configure<TimeProvider, IHostEnvironment>((o, clock, environment) =>
        {
            o.TimeProvider = clock;
            o.SigningCredentials.Add(new SigningCredentials(SigningKey(configuration, storage, environment), SecurityAlgorithms.RsaSha256));
            o.EncryptionCredentials.Add(new EncryptingCredentials(EncryptionKey(configuration, storage, environment),
                SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        }).ValidateOnStart();
        services.AddOptions<OpenIddict.Validation.OpenIddictValidationOptions>().Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        services.AddOptions<OpenIddict.Core.OpenIddictCoreOptions>().Configure<TimeProvider>((o, clock) => o.TimeProvider = clock);
        services.AddScoped<IDelegationAuthorizer, DelegationAuthorizer>();
    }

    /// <summary>RSA key signing access tokens: <c>Identity:OAuth:SigningKeyPem</c>, generated into the data directory outside Production.</summary>
    private static SecurityKey SigningKey(IConfiguration configuration, StorageOptions storage, IHostEnvironment environment)
    {
        var pem = configuration[$"{Section}:SigningKeyPem"] ?? Generated(environment, "SigningKeyPem") ?? SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "oauth-signing.pem"), () =>
        {
            using var created = RSA.Create(3072);
            return created.ExportPkcs8PrivateKeyPem();
        });
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    /// <summary>AES-256 key encrypting access tokens (base64): <c>Identity:OAuth:EncryptionKey</c>, generated outside Production.</summary>
    private static SecurityKey EncryptionKey(IConfiguration configuration, StorageOptions storage, IHostEnvironment environment)
    {
        var key = configuration[$"{Section}:EncryptionKey"] ?? Generated(environment, "EncryptionKey") ?? SecretFiles.ReadOrCreate(Path.Combine(storage.FullDataDirectory, "oauth-encryption.key"),
            () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        return new SymmetricSecurityKey(Convert.FromBase64String(key));
    }

    private static string? Generated(IHostEnvironment environment, string name) => environment.IsProductionLike()
        ? throw new InvalidOperationException($"{Section}:{name} must be configured outside Development and Testing.")
        : null;

    /// <summary>256 random bits, base64url: shown once, stored hashed by OpenIddict.</summary>
    public static string NewClientSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Checks a third party's call against the entrepreneur's delegation, on every call, and records it.</summary>
internal sealed class DelegationAuthorizer(IdentityDbContext db, TimeProvider clock) : IDelegationAuthorizer
{
    /// <summary>On a third party's access token: <see cref="ThirdParty.Version"/> when it was issued.</summary>
    public const string CredentialsVersionClaim = "credentials_version";

    public async Task<DelegationDecision> AuthorizeAsync(ClaimsPrincipal thirdParty, string? siret, string scope, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(thirdParty.FindFirst(UrssafClaims.ThirdParty)?.Value, out var thirdPartyId))
            return DelegationDecision.Refused("delegation.missing", "This token does not name a third party.");
        var party = await db.ThirdParties.AsNoTracking().SingleOrDefaultAsync(t => t.Id == thirdPartyId, cancellationToken);
        if (party is null || party.Status != ThirdPartyStatus.Active
            || thirdParty.FindFirst(CredentialsVersionClaim)?.Value != party.Version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return DelegationDecision.Refused("delegation.missing", "This third party's credentials were revoked or rotated: get a new token.");
        if (siret is null || !Identifiers.IsValidSiret(siret))
            return DelegationDecision.Refused("delegation.missing",
                $"Name the entrepreneur you act for by SIRET in the {DelegationEndpointExtensions.OnBehalfOfHeader} header.");

        var today = clock.Today();
        var delegations = await db.Delegations.AsNoTracking()
            .Where(d => d.Siret == siret && d.ThirdPartyId == thirdPartyId && d.RevokedOnUtc == null)
            .ToListAsync(cancellationToken);
        var actives = delegations.Where(d => d.StatusOn(today) == DelegationStatus.Active).ToList();
        // two grants made at the same instant would leave two: neither is trusted, so a narrowing or revocation never misses
        if (actives.Count != 1)
            return DelegationDecision.Refused("delegation.missing", actives.Count == 0
                ? "The entrepreneur of this SIRET has given you no active delegation."
                : "The entrepreneur of this SIRET has two active delegations for you: ask them to revoke one.");
        var active = actives[0];
        if (!active.ScopeList.Contains(scope) || !thirdParty.HasScope(scope))
            return DelegationDecision.Refused("delegation.scope_missing",
                $"This operation needs the scope '{scope}', which the delegation or the token does not hold.");
        return new DelegationDecision(active.AccountId, active.Id, null, null);
    }

    public async Task RecordAsync(Guid delegationId, string operation, string resource, int status, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.DelegationActivities.Add(DelegationActivity.Record(delegationId, now, operation, resource, status));
        var first = await db.Delegations.Where(d => d.Id == delegationId && d.FirstUsedOnUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.FirstUsedOnUtc, now), cancellationToken) == 1;
        if (first)
        {
            var delegation = await db.Delegations.AsNoTracking().SingleAsync(d => d.Id == delegationId, cancellationToken);
            var account = await db.Accounts.AsNoTracking().SingleAsync(a => a.Id == delegation.AccountId, cancellationToken);
            var name = await db.ThirdParties.Where(t => t.Id == delegation.ThirdPartyId).Select(t => t.Name).SingleAsync(cancellationToken);
            db.AddIntegrationEvent(new DelegationFirstUsed(Guid.NewGuid(), now, account.Id.Value, account.FirstName, account.Email, name, operation));
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
