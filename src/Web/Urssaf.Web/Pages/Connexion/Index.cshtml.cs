using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

public sealed class ConnexionModel : WebPage
{
    protected override bool RequiresLogin => false;

    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? Retour { get; set; }

    /// <summary>The API's FranceConnect start, asked to come back to this site's callback page (built from the request).</summary>
    public string FranceConnectUrl =>
        "/api/v1/identity/franceconnect/authorize?redirectUri=" + Uri.EscapeDataString($"{Request.Scheme}://{Request.Host}/connexion/franceconnect");

    public void OnGet() { }

    /// <summary>
    /// FranceConnect starts with this anti-forgery-protected POST, which leaves a one-time cookie that the return page
    /// requires: a login code made in another browser cannot log this one in (login CSRF, ASVS 3.5.x; ADR 0070).
    /// </summary>
    public IActionResult OnPostFranceConnect()
    {
        FranceConnectModel.StartInThisBrowser(HttpContext);
        return Redirect(FranceConnectUrl);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Required(nameof(Login), Login, "Saisissez votre adresse électronique, votre numéro de sécurité sociale ou votre SIRET.");
        Required(nameof(Password), Password, "Saisissez votre mot de passe.");
        if (!ModelState.IsValid) return Page();

        var result = await Api.AnonymousAsync((c, ct) => c.Api.V1.Identity.Sessions.PostAsync(
            new OpenSessionRequest { Login = Login!.Trim(), Password = Password, RememberMe = RememberMe }, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!, nameof(Login), nameof(Password));
            return Page();
        }

        await Api.LogInAsync(result.Value!, RememberMe);
        if (result.Value!.MustChangePassword == true) return Redirect("/parametres/mot-de-passe");
        return LocalRedirect(SafeReturn(Retour));
    }

    /// <summary>The passkey login's options (POST /identity/passkeys/assertion-options, asked server-side), for the script.</summary>
    public async Task<IActionResult> OnPostCleAccesOptionsAsync()
    {
        var result = await Api.AnonymousAsync((_, ct) => PasskeyRoutes.PostJsonAsync(Api.Adapter, "/api/v1/identity/passkeys/assertion-options", null, ct));
        return result.Ok && result.Value is { } json
            ? Content(json, "application/json")
            : new JsonResult(new { error = Messages.For(result.Problem ?? new ApiProblem(503, "web.api_unreachable", null, null, null)) });
    }

    /// <summary>The authenticator's assertion (JSON from the script): the API opens the session as for a password login.</summary>
    public async Task<IActionResult> OnPostCleAccesAsync(Guid optionsId, string? credential)
    {
        if (PasskeyRoutes.Parse(credential) is not { } parsed)
            return new JsonResult(new { error = Messages.For(new ApiProblem(400, "identity.passkey.credential_malformed", null, null, null)) });
        var result = await Api.AnonymousAsync((_, ct) => PasskeyRoutes.OpenSessionAsync(Api.Adapter, optionsId, parsed, ct));
        if (!result.Ok) return new JsonResult(new { error = Messages.For(result.Problem!) });

        await Api.LogInAsync(result.Value!, rememberMe: false);
        return new JsonResult(new { redirect = result.Value!.MustChangePassword == true ? "/parametres/mot-de-passe" : SafeReturn(Retour) });
    }

    /// <summary>Only a path of this site (no open redirect).</summary>
    internal static string SafeReturn(string? target) =>
        target is { Length: > 1 } t && t[0] == '/' && t[1] != '/' && t[1] != '\\' && !t.StartsWith("/deconnexion", StringComparison.Ordinal) ? t : "/tableau-de-bord";
}
