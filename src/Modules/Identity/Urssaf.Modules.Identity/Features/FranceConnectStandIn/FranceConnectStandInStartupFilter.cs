using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Microsoft.AspNetCore;
using Urssaf.Modules.Identity.Persistence;
using Urssaf.Modules.Identity.Security;
using Urssaf.SharedKernel.Infrastructure.Hosting;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Urssaf.Modules.Identity.Features.FranceConnectStandIn;

/// <summary>
/// Mounts the FranceConnect stand-in (ADR 0070) at <see cref="FranceConnectOptions.StandInPath"/>, in Development and
/// Testing only, as a separate application on its own path base: its own service provider, OpenIddict server, keys
/// and store, sharing nothing with the third parties' OAuth server but the host's port.
/// </summary>
internal sealed class FranceConnectStandInStartupFilter(IHostEnvironment environment, IServiceProvider root) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        if (environment.IsNonProduction()) app.Map(FranceConnectOptions.StandInPath, branch => FranceConnectStandIn.Configure(branch, root));
        next(app);
    };
}

/// <summary>A person the stand-in can log in as (FranceConnect's integration platform offers such demo identities).</summary>
internal sealed record DemoIdentity(string Id, string FamilyName, string GivenName, DateOnly BirthDate, string? Gender, string? Birthplace, string? Birthcountry, string Person);

/// <summary>
/// A real OpenID Connect provider shaped like FranceConnect v2 (SECURITY.md §3): authorization code with PKCE, ES256 ID
/// tokens (60 s), a signed userinfo JWT, JWKS, discovery and end-session. Its people are the entrepreneurs of the
/// formalities feed, plus one person the feed does not know. It is not FranceConnect: no real identity provider, no
/// consent screen, the acr is the one asked for.
/// </summary>
internal static class FranceConnectStandIn
{
    /// <summary>Known to no formality: FranceConnect's own test fixture, for the no-match path.</summary>
    public static readonly DemoIdentity Unknown = new("demo-dubois", "DUBOIS", "Angela Claire Louise", new DateOnly(1962, 8, 24), "female", "75107", "99100", "demo-dubois");

    public static void Configure(IApplicationBuilder branch, IServiceProvider root)
    {
        var settings = root.GetRequiredService<FranceConnectSettings>();
        var issuer = Issuer(settings);
        var signingKey = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = "standin-es256" };
        var provider = Services(root, issuer, signingKey);
        var ready = new Lazy<Task>(() => SeedAsync(provider, settings), LazyThreadSafetyMode.ExecutionAndPublication);

        branch.ApplicationServices = provider;
        branch.Use(async (context, next) =>
        {
            var outer = context.RequestServices;
            await using var scope = provider.CreateAsyncScope();
            context.RequestServices = scope.ServiceProvider;
            try
            {
                await ready.Value;
                await next(context);
            }
            finally
            {
                context.RequestServices = outer;
            }
        });
        branch.UseAuthentication();
        branch.Run(context => context.Request.Path.Value switch
        {
            "/authorize" => AuthorizeAsync(context, root, settings),
            "/userinfo" => UserInfoAsync(context, root, settings, issuer, signingKey),
            "/session/end" => context.SignOutAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, new AuthenticationProperties()),
            "/identities" => IdentitiesPageAsync(context, root, null),
            _ => NotFound(context),
        });
    }

    /// <summary>The configured authority when it designates the stand-in, else the embedded default's.</summary>
    public static string Issuer(FranceConnectSettings settings) =>
        settings.Authority is { } authority && authority.TrimEnd('/').EndsWith(FranceConnectOptions.StandInPath, StringComparison.Ordinal)
            ? authority.TrimEnd('/') + "/"
            : FranceConnectOptions.DefaultStandInAuthority;

    private static ServiceProvider Services(IServiceProvider root, string issuer, SecurityKey signingKey)
    {
        var clock = root.GetRequiredService<TimeProvider>();
        var services = new ServiceCollection();
        services.AddSingleton(root.GetRequiredService<ILoggerFactory>());
        services.AddLogging();
        services.AddSingleton(clock);
        var connection = new SqliteConnection("Data Source=:memory:"); // the stand-in forgets everything at restart, like a test platform
        connection.Open();
        services.AddDbContext<StandInDbContext>(o => o.UseSqlite(connection).UseOpenIddict());
        services.AddOpenIddict()
            .AddCore(o => o.UseEntityFrameworkCore().UseDbContext<StandInDbContext>())
            .AddServer(o =>
            {
                o.SetIssuer(new Uri(issuer));
                // FranceConnect v2's routes under its /api/v2 issuer (SECURITY.md §3.2)
                o.SetAuthorizationEndpointUris("authorize").SetTokenEndpointUris("token").SetUserInfoEndpointUris("userinfo")
                    .SetEndSessionEndpointUris("session/end").SetJsonWebKeySetEndpointUris("jwks")
                    .SetConfigurationEndpointUris(".well-known/openid-configuration");
                o.AllowAuthorizationCodeFlow().RequireProofKeyForCodeExchange();
                o.RegisterScopes(Scopes.OpenId, "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "email",
                    "preferred_username", "profile", "birth", "identite_pivot");
                o.AddSigningKey(signingKey);
                o.AddEphemeralEncryptionKey();
                o.DisableAccessTokenEncryption();
                // FranceConnect's lifetimes: code 30 s, access and ID tokens 60 s
                o.SetAuthorizationCodeLifetime(TimeSpan.FromSeconds(30)).SetAccessTokenLifetime(TimeSpan.FromSeconds(60))
                    .SetIdentityTokenLifetime(TimeSpan.FromSeconds(60));
                o.UseAspNetCore().EnableAuthorizationEndpointPassthrough().EnableUserInfoEndpointPassthrough().EnableEndSessionEndpointPassthrough()
                    .DisableTransportSecurityRequirement();
            });
        services.AddOptions<OpenIddict.Server.OpenIddictServerOptions>().Configure(o => o.TimeProvider = clock);
        services.AddOptions<OpenIddict.Core.OpenIddictCoreOptions>().Configure(o => o.TimeProvider = clock);
        return services.BuildServiceProvider();
    }

    private static async Task SeedAsync(IServiceProvider provider, FranceConnectSettings settings)
    {
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<StandInDbContext>().Database.EnsureCreatedAsync();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var callback = FranceConnectOptions.StandInPath.Length > 0 ? "/api/v1/identity/franceconnect/callback" : "";
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = settings.Options.ClientId,
            ClientSecret = settings.ClientSecret,
            ClientType = ClientTypes.Confidential,
            DisplayName = "Urssaf account (stand-in)",
            Permissions =
            {
                Permissions.Endpoints.Authorization, Permissions.Endpoints.Token, Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode, Permissions.ResponseTypes.Code,
                Permissions.Prefixes.Scope + "given_name", Permissions.Prefixes.Scope + "family_name", Permissions.Prefixes.Scope + "birthdate",
                Permissions.Prefixes.Scope + "gender", Permissions.Prefixes.Scope + "birthplace", Permissions.Prefixes.Scope + "birthcountry",
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        foreach (var uri in new[] { settings.Options.CallbackUri, "http://localhost:5080" + callback, "http://localhost" + callback })
            if (uri is { Length: > 0 }) descriptor.RedirectUris.Add(new Uri(uri));
        descriptor.PostLogoutRedirectUris.Add(new Uri(settings.Options.PostLogoutRedirectUri));
        await applications.CreateAsync(descriptor);
    }

    /// <summary>Picks the demo identity named by <c>login_hint</c> (the identity page's links add it) and signs it in.</summary>
    private static async Task AuthorizeAsync(HttpContext context, IServiceProvider root, FranceConnectSettings settings)
    {
        var request = context.GetOpenIddictServerRequest();
        if (request is null)
        {
            await NotFound(context);
            return;
        }

        // FranceConnect refuses a nonce under 22 characters and a request without acr_values (authorize-params.dto.ts)
        if (request.Nonce is not { Length: >= 22 } || request.AcrValues is not { Length: > 0 })
        {
            await context.ForbidAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidRequest,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "nonce (22 characters or more) and acr_values are required.",
            }));
            return;
        }

        var person = request.LoginHint is { Length: > 0 } hint ? (await IdentitiesAsync(root)).FirstOrDefault(i => i.Id == hint) : null;
        if (person is null)
        {
            await IdentitiesPageAsync(context, root, context.Request.QueryString.Value);
            return;
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, PairwiseSubject(settings, person.Person))
            .SetClaim("acr", request.AcrValues.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) // a stand-in grants the level asked
            .SetClaim(Claims.GivenName, person.GivenName).SetClaim(Claims.FamilyName, person.FamilyName)
            .SetClaim(Claims.Birthdate, person.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .SetClaim(Claims.Gender, person.Gender).SetClaim("birthplace", person.Birthplace ?? "").SetClaim("birthcountry", person.Birthcountry);
        identity.SetScopes(request.GetScopes());
        // the ID token carries sub and acr; the identity attributes come from userinfo, as at FranceConnect
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            "acr" => [Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        await context.SignInAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>FranceConnect v2 answers userinfo as a signed JWT (application/jwt), with the claims of the scopes granted.</summary>
    private static async Task UserInfoAsync(HttpContext context, IServiceProvider root, FranceConnectSettings settings, string issuer, SecurityKey key)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        if (principal is null)
        {
            await context.ChallengeAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
            return;
        }

        var claims = new Dictionary<string, object> { [Claims.Subject] = principal.GetClaim(Claims.Subject)! };
        foreach (var scope in new[] { "given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry" })
            if (principal.HasScope(scope) && principal.GetClaim(scope) is { } value) claims[scope] = value;
        var now = root.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var jwt = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer, Audience = settings.Options.ClientId, Claims = claims, IssuedAt = now, NotBefore = now, Expires = now.AddSeconds(60),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
        context.Response.ContentType = "application/jwt";
        await context.Response.WriteAsync(jwt);
    }

    /// <summary>The demo identity page: the entrepreneurs of the formalities feed (first 20) and one unknown person.</summary>
    private static async Task IdentitiesPageAsync(HttpContext context, IServiceProvider root, string? authorizeQuery)
    {
        var people = await IdentitiesAsync(root);
        var html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>FranceConnect (simulateur)</title></head><body>")
            .Append("<h1>FranceConnect — fournisseur d'identité de démonstration</h1>")
            .Append("<p>Simulateur pour le développement et les tests : ce n'est pas FranceConnect. Choisissez une identité.</p><ul>");
        foreach (var person in people)
        {
            var label = WebUtility.HtmlEncode($"{person.FamilyName} {person.GivenName}, né(e) le {person.BirthDate:dd/MM/yyyy}");
            html.Append("<li>").Append(authorizeQuery is null ? label
                : $"<a href=\"{WebUtility.HtmlEncode(context.Request.PathBase + "/authorize" + authorizeQuery + "&login_hint=" + Uri.EscapeDataString(person.Id))}\">{label}</a>")
                .Append(" <code>").Append(WebUtility.HtmlEncode(person.Id)).Append("</code></li>");
        }

        html.Append("</ul></body></html>");
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html.ToString());
    }

    public static async Task<IReadOnlyList<DemoIdentity>> IdentitiesAsync(IServiceProvider root)
    {
        await using var scope = root.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var formalities = await db.Formalities.AsNoTracking().Where(f => f.EntrepreneurNirLookup != null).OrderBy(f => f.Siret).Take(20).ToListAsync();
        return [.. formalities.Select(f => f.Entrepreneur!).Select((e, i) => new DemoIdentity(formalities[i].Siret, e.BirthName.ToUpperInvariant(),
            e.FirstNames.Replace(',', ' '), e.BirthDate, e.Gender, e.Birthplace, e.Birthcountry, e.NirLookup)), Unknown];
    }

    /// <summary>FranceConnect's sub is pairwise: per person and per client, stable.</summary>
    private static string PairwiseSubject(FranceConnectSettings settings, string person) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(settings.ClientSecret!), Encoding.UTF8.GetBytes(settings.Options.ClientId + "|" + person)));

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}

/// <summary>The stand-in's own store (clients, codes, tokens), in memory.</summary>
internal sealed class StandInDbContext(DbContextOptions<StandInDbContext> options) : DbContext(options);
