using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Api.V1.Notifications.Preferences;
using Urssaf.Client.Models;
using Urssaf.Web.Api;

namespace Urssaf.Web.Pages;

/// <summary>Notification preferences, open sessions (end one), the connection journal and the delegations given.</summary>
public sealed class ParametresModel : WebPage
{
    public static readonly IReadOnlyDictionary<string, string> Topics = new Dictionary<string, string>
    {
        ["activation"] = "Activation du compte",
        ["security_alerts"] = "Alertes de sécurité",
        ["declaration_confirmations"] = "Confirmations de déclaration",
        ["deadline_reminders"] = "Rappels d'échéance",
        ["regulatory_updates"] = "Évolutions de la réglementation",
    };

    public static readonly IReadOnlyDictionary<string, string> Channels = new Dictionary<string, string>
    {
        ["email"] = "Courriel", ["sms"] = "SMS", ["both"] = "Courriel et SMS", ["none"] = "Aucun",
    };

    [BindProperty] public Dictionary<string, string> Preferences { get; set; } = [];
    public IReadOnlyList<SessionResponse> Sessions { get; private set; } = [];
    public IReadOnlyList<ConnectionResponse> Connections { get; private set; } = [];
    public IReadOnlyList<DelegationResponse> Delegations { get; private set; } = [];
    public IReadOnlyList<PasskeyItem> Passkeys { get; private set; } = [];

    public async Task OnGetAsync() => await LoadAsync(loadPreferences: true);

    public async Task<IActionResult> OnPostPreferencesAsync()
    {
        var body = new PreferencesPutRequestBody { AdditionalData = Preferences.Where(p => Topics.ContainsKey(p.Key)).ToDictionary(p => p.Key, p => (object)p.Value) };
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Preferences.PutAsync(body, cancellationToken: ct));
        if (!result.Ok)
        {
            AddProblem(result.Problem!);
            await LoadAsync(loadPreferences: false);
            return Page();
        }

        Flash = "Vos préférences de notification sont enregistrées.";
        return Redirect("/parametres");
    }

    public async Task<IActionResult> OnPostEndSessionAsync(Guid sessionId)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Sessions[sessionId].DeleteAsync(cancellationToken: ct));
        Flash = result.Ok ? "La session est terminée sur cet appareil." : Urssaf.Web.Api.Messages.For(result.Problem!);
        return Redirect("/parametres#sessions");
    }

    /// <summary>The passkey registration's options (POST /identity/passkeys/registration-options; recent login required), for the script.</summary>
    public async Task<IActionResult> OnPostCleAccesOptionsAsync()
    {
        var result = await Api.CallAsync((_, ct) => PasskeyRoutes.PostJsonAsync(Api.Adapter, "/api/v1/identity/passkeys/registration-options", null, ct));
        if (result.Ok && result.Value is { } json) return Content(json, "application/json");
        var problem = result.Problem ?? new ApiProblem(503, "web.api_unreachable", null, null, null);
        return new JsonResult(new
        {
            error = Messages.For(problem),
            reconnect = problem.Code == "identity.reauthentication_required" ? "/connexion?retour=/parametres%23cles-acces" : null,
        });
    }

    /// <summary>The authenticator's attestation (JSON from the script) and the name given: the API records the passkey.</summary>
    public async Task<IActionResult> OnPostCleAccesAsync(Guid optionsId, string? name, string? credential)
    {
        if (string.IsNullOrWhiteSpace(name)) return new JsonResult(new { error = Messages.For(new ApiProblem(400, "identity.passkey.name_invalid", null, null, null)) });
        if (PasskeyRoutes.Parse(credential) is not { } parsed)
            return new JsonResult(new { error = Messages.For(new ApiProblem(400, "identity.passkey.credential_malformed", null, null, null)) });
        var body = System.Text.Json.JsonSerializer.Serialize(new { optionsId, name = name.Trim(), credential = parsed });
        var result = await Api.CallAsync((_, ct) => PasskeyRoutes.PostJsonAsync(Api.Adapter, "/api/v1/identity/passkeys", body, ct));
        if (!result.Ok) return new JsonResult(new { error = Messages.For(result.Problem!) });
        Flash = $"La clé d'accès « {name.Trim()} » est enregistrée : vous pourrez l'utiliser pour vous connecter.";
        return new JsonResult(new { redirect = "/parametres#cles-acces" });
    }

    /// <summary>A FranceConnect identity no account matched, waiting to be linked to this one (code kept from the return page).</summary>
    public bool FranceConnectToLink => Request.Cookies.ContainsKey(FranceConnectModel.LinkCookie);

    public async Task<IActionResult> OnPostRelierFranceConnectAsync()
    {
        var code = Request.Cookies[FranceConnectModel.LinkCookie];
        if (string.IsNullOrEmpty(code))
        {
            Flash = "Commencez par « S'identifier avec FranceConnect » sur la page de connexion.";
            return Redirect("/parametres#franceconnect");
        }

        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Franceconnect.PutAsync(new FranceConnectLinkRequest { LinkCode = code }, cancellationToken: ct));
        if (result.Problem?.Code != "identity.reauthentication_required") // spent or refused: not offered again; kept for after a new login
            Response.Cookies.Delete(FranceConnectModel.LinkCookie, FranceConnectModel.LinkCookieOptions(HttpContext));
        if (result.Ok)
        {
            Flash = "Votre compte est relié à FranceConnect : vous pourrez vous connecter avec.";
            return Redirect("/parametres#franceconnect");
        }

        Flash = Messages.For(result.Problem!);
        return Redirect(result.Problem!.Code == "identity.reauthentication_required" ? "/connexion?retour=%2Fparametres%23franceconnect" : "/parametres#franceconnect");
    }

    public async Task<IActionResult> OnPostDelierFranceConnectAsync()
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Franceconnect.DeleteAsync(cancellationToken: ct));
        Flash = result.Ok ? "FranceConnect n'est plus relié à votre compte : vous ne pourrez plus vous connecter avec, sauf à le relier de nouveau." : Messages.For(result.Problem!);
        return Redirect("/parametres#franceconnect");
    }

    public async Task<IActionResult> OnPostSupprimerCleAccesAsync(Guid passkeyId)
    {
        var result = await Api.CallAsync((c, ct) => c.Api.V1.Identity.Passkeys[passkeyId].DeleteAsync(cancellationToken: ct));
        Flash = result.Ok ? "La clé d'accès est supprimée." : Messages.For(result.Problem!);
        return Redirect("/parametres#cles-acces");
    }

    private async Task LoadAsync(bool loadPreferences)
    {
        if (loadPreferences)
        {
            var prefs = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Preferences.GetAsync(cancellationToken: ct));
            Preferences = prefs.Value?.AdditionalData.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") ?? [];
        }

        Sessions = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Sessions.GetAsync(cancellationToken: ct))).Value ?? [];
        Connections = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Connections.GetAsync(cancellationToken: ct))).Value?.Take(20).ToList() ?? [];
        Passkeys = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Passkeys.GetAsync(cancellationToken: ct))).Value ?? [];
        Delegations = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Delegations.GetAsync(cancellationToken: ct))).Value ?? [];
    }
}
