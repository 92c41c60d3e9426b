using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Urssaf.Web.Api;

namespace Urssaf.Web;

public sealed class WebAccountOptions
{
    public const string Section = "WebAccount";

    /// <summary>The service's base URL; empty inside the host: the host's own listening address (loopback, ADR 0080).</summary>
    public string? ApiBaseUrl { get; set; }

    /// <summary>The session cookie is Secure everywhere except Development (plain http://localhost there).</summary>
    public bool? SecureCookies { get; set; }

    /// <summary>Idle life of a browser session on the web side; the API's own session rules still apply.</summary>
    public int SessionMinutes { get; set; } = 60;
}

/// <summary>Wiring of the web account, the same inside the host and alone (<c>Urssaf.Web.Server</c>).</summary>
public static class WebAccount
{
    /// <summary>Paths the web account does not own (the API, the OpenAPI document, health, the verification page).</summary>
    private static readonly string[] NotOurs = ["/api", "/openapi", "/health", "/scalar", "/connect", "/verification", "/.well-known"];

    public static IServiceCollection AddUrssafWeb(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.Configure<WebAccountOptions>(configuration.GetSection(WebAccountOptions.Section));
        var secure = configuration.GetSection(WebAccountOptions.Section).GetValue<bool?>(nameof(WebAccountOptions.SecureCookies)) ?? !environment.IsDevelopment();
        services.AddRazorPages(o =>
            {
                o.Conventions.ConfigureFilter(new AutoValidateAntiforgeryTokenAttribute());
            })
            .AddApplicationPart(typeof(WebAccount).Assembly)
            .AddMvcOptions(o => FrenchBindingMessages.Apply(o.ModelBindingMessageProvider));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "urssaf_af";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // Secure over HTTPS; the framework throws on an Always cookie over plain HTTP
            o.FormFieldName = "__af";
        });
        services.AddDistributedMemoryCache();
        services.AddHttpContextAccessor();
        services.AddSingleton(new CookieSettings(secure));
        services.AddSingleton<WebSessions>();
        services.AddSingleton<ApiEndpoint>();
        services.AddTransient<ProblemCapture>();
        services.AddHttpClient(UrssafApi.HttpClientName).AddHttpMessageHandler<ProblemCapture>()
            .AddHttpMessageHandler(() => new Microsoft.Kiota.Http.HttpClientLibrary.Middleware.HeadersInspectionHandler()); // ETag for If-Match
        services.AddScoped<UrssafApi>();
        return services;
    }

    /// <summary>
    /// Security headers on the web account's pages (not on the API, whose answers keep their own), and French error
    /// pages: an exception or an empty 4xx/5xx on a page shows a static French page, never a stack trace.
    /// </summary>
    public static IApplicationBuilder UseUrssafWeb(this IApplicationBuilder app) =>
        app.UseWhen(c => IsWebPath(c.Request.Path), web => web
            .UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = c => ErrorPage(c, StatusCodes.Status500InternalServerError) })
            .UseStatusCodePages(c => ErrorPage(c.HttpContext, c.HttpContext.Response.StatusCode))
            .Use(Headers));

    /// <summary>
    /// A static French page for an empty error answer (no page model, no session, no form: it cannot fail in turn).
    /// </summary>
    private static Task ErrorPage(HttpContext context, int status)
    {
        var (title, text) = status switch
        {
            404 => ("Page introuvable", "Cette adresse ne correspond à aucune page. Vérifiez-la, ou revenez à l'accueil."),
            400 => ("Demande refusée", "Le formulaire a expiré ou n'est pas valable. Revenez en arrière, rechargez la page et recommencez."),
            405 => ("Demande refusée", "Cette action n'est pas possible sur cette page."),
            429 => ("Trop de demandes", "Trop de demandes en peu de temps : réessayez dans quelques minutes."),
            _ => ("Une erreur est survenue", "Votre demande n'a pas pu aboutir. Aucune opération n'a été enregistrée à moitié : vous pouvez recommencer."),
        };
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} – Mon compte Urssaf auto-entrepreneur</title><link rel="stylesheet" href="/assets/site.css"></head>
            <body><header class="entete"><p class="marque"><a href="/">Mon compte Urssaf <span>auto-entrepreneur</span></a></p></header>
            <main id="contenu"><h1>{title}</h1><p>{text}</p><p><a href="/">Revenir à l'accueil</a></p></main></body></html>
            """);
    }

    private static async Task Headers(HttpContext context, RequestDelegate next)
    {
        if (IsWebPath(context.Request.Path))
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
                                            "form-action 'self'; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer"; // a link's token never leaves in a Referer
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            headers.CacheControl = "no-store";
        }

        await next(context);
    }

    public static bool IsWebPath(PathString path) =>
        !NotOurs.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static IEndpointRouteBuilder MapUrssafWeb(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapRazorPages().AllowAnonymous(); // public by design: the API checks every call with the session's token
        endpoints.MapGet("/assets/{name}", (string name) => Asset(name)).AllowAnonymous().ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Asset(string name)
    {
        var contentType = Path.GetExtension(name) switch
        {
            ".css" => "text/css; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            ".svg" => "image/svg+xml",
            _ => null,
        };
        var stream = contentType is null ? null : Assembly.GetExecutingAssembly().GetManifestResourceStream("assets/" + name);
        return stream is null ? Results.NotFound() : Results.Stream(stream, contentType);
    }
}

/// <summary>Where the API is: the configured base URL, or inside the host the server's own address.</summary>
public sealed class ApiEndpoint(Microsoft.Extensions.Options.IOptions<WebAccountOptions> options, IServiceProvider services)
{
    private string? _resolved;

    public string BaseUrl => _resolved ??= Resolve();

    private string Resolve()
    {
        if (!string.IsNullOrWhiteSpace(options.Value.ApiBaseUrl)) return options.Value.ApiBaseUrl.TrimEnd('/');
        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault()
                      ?? throw new InvalidOperationException("WebAccount:ApiBaseUrl is not set and the server has no address.");
        var uri = new Uri(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        var host = uri.Host is "0.0.0.0" or "[::]" or "::" ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}";
    }
}

public sealed record CookieSettings(bool Secure);
