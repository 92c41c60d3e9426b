using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Carter;
using Mediator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Urssaf.SharedKernel.Infrastructure.Http;

namespace Urssaf.Modules.Documents.Features.Attestations;

/// <summary>
/// The page an attestation's QR code and printed link lead to (API.md: <c>GET /verification/{verificationCode}</c>): the
/// same answer as the anonymous API, in French, for a person — no login, no script, no external resource, every value
/// HTML-encoded, a strict Content-Security-Policy, <c>no-referrer</c> (the code is in the address), rate-limited with the
/// API (<c>public-lookup</c>). Not in the OpenAPI document: it is a page, not an API operation (ADR 0042).
/// </summary>
internal sealed class VerificationPageEndpoint : ICarterModule
{
    public const string Route = "/verification";

    public void AddRoutes(IEndpointRouteBuilder app) =>
        app.MapGet(Route + "/{verificationCode}", async (string verificationCode, ISender sender, HttpResponse response, CancellationToken ct) =>
            {
                var result = await sender.Send(new VerifyAttestationQuery(verificationCode.Trim().ToUpperInvariant()), ct);
                VerificationHtml.SetHeaders(response);
                return result.IsSuccess
                    ? Results.Content(VerificationHtml.Render(result.Value), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status200OK)
                    : Results.Content(VerificationHtml.RenderUnknown(), "text/html; charset=utf-8", Encoding.UTF8, StatusCodes.Status404NotFound);
            })
            .WithName("AttestationVerificationPage")
            .AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.PublicLookup)
            .ExcludeFromDescription();
}

/// <summary>Server-rendered HTML of the verification page; every dynamic value goes through <see cref="Encode"/>.</summary>
internal static class VerificationHtml
{
    /// <summary>Encodes &lt;, &gt;, &amp;, quotes and controls; keeps French letters readable.</summary>
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Style =
        "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif;margin:0;color:#161616;background:#f6f6f6;line-height:1.5}" +
        "header,footer{background:#000091;color:#fff;padding:1rem 1.5rem}footer{background:#eee;color:#3a3a3a;font-size:.9rem}" +
        "main{max-width:40rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #ddd}" +
        "h1{font-size:1.6rem;margin-top:0}h2{font-size:1.3rem}.valid{color:#18753c}.invalid{color:#ce0500}" +
        "dl{display:grid;grid-template-columns:max-content 1fr;gap:.5rem 1.5rem}dt{font-weight:bold}dd{margin:0}";

    /// <summary>The policy: nothing may load or run but the one inline style block, named by its hash.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "img-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void SetHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
        response.Headers.XFrameOptions = "DENY";
    }

    public static string Render(VerificationResponse v)
    {
        var (heading, css, sentence) = v.Valid
            ? ("Attestation valide", "valid", "Cette attestation a bien été délivrée par l'Urssaf et elle est valable à ce jour.")
            : ("Attestation non valide", "invalid", v.Reason == "revoked"
                ? "Cette attestation a été délivrée par l'Urssaf puis retirée : elle ne vaut plus attestation de vigilance."
                : "Cette attestation a été délivrée par l'Urssaf mais sa date de validité est dépassée : demandez-en une à jour.");
        var kind = v.Kind == "vigilance_provisional" ? "Attestation de vigilance provisoire" : "Attestation de vigilance";
        var body = new StringBuilder()
            .Append("<section aria-labelledby=\"resultat\">")
            .Append("<h2 id=\"resultat\" class=\"").Append(css).Append("\">").Append(Encode(heading)).Append("</h2>")
            .Append("<p role=\"status\">").Append(Encode(sentence)).Append("</p>")
            .Append("<dl>")
            .Append("<dt>Type</dt><dd>").Append(Encode(kind)).Append("</dd>")
            .Append("<dt>SIRET</dt><dd>").Append(Encode(v.Siret)).Append("</dd>")
            .Append("<dt>Titulaire</dt><dd>").Append(Encode(v.HolderName)).Append("</dd>")
            .Append("<dt>Délivrée le</dt><dd>").Append(Day(v.IssuedOn)).Append("</dd>")
            .Append("<dt>Valable jusqu'au</dt><dd>").Append(Day(v.ValidUntil)).Append("</dd>")
            .Append("</dl></section>")
            .Append("<p>Vérifiez que ces informations sont celles imprimées sur l'attestation qui vous a été remise.</p>")
            .ToString();
        return Page(body);
    }

    public static string RenderUnknown() => Page(
        "<section aria-labelledby=\"resultat\"><h2 id=\"resultat\" class=\"invalid\">Aucune attestation ne correspond à ce code</h2>" +
        "<p role=\"status\">Vérifiez le code de sécurité imprimé sur l'attestation (26 caractères). Une attestation dont le code est " +
        "inconnu n'a pas été délivrée par ce service.</p></section>");

    private static string Page(string body) =>
        "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<meta name=\"robots\" content=\"noindex, nofollow\">\n" +
        "<title>Vérification d'une attestation — Urssaf Account</title>\n<style>" + Style + "</style>\n</head>\n<body>\n" +
        "<header><p><strong>Urssaf Account</strong> — service des micro-entrepreneurs</p></header>\n" +
        "<main id=\"contenu\">\n<h1>Vérification d'une attestation de vigilance</h1>\n" + body + "\n</main>\n" +
        "<footer><p>Attestation délivrée au titre des articles L243-15 du code de la sécurité sociale et D8222-5 du code du travail. " +
        "Cette page ne montre que ce qui permet au donneur d'ordre de vérifier l'attestation.</p></footer>\n</body>\n</html>\n";

    private static string Day(DateOnly day) =>
        $"<time datetime=\"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}\">{Encode(day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("fr-FR")))}</time>";

    private static string Encode(string value) => Encoder.Encode(value);
}
