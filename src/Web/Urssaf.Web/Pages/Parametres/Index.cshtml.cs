using Microsoft.AspNetCore.Mvc;
using Urssaf.Client.Api.V1.Notifications.Preferences;
using Urssaf.Client.Models;

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

    private async Task LoadAsync(bool loadPreferences)
    {
        if (loadPreferences)
        {
            var prefs = await Api.CallAsync((c, ct) => c.Api.V1.Notifications.Preferences.GetAsync(cancellationToken: ct));
            Preferences = prefs.Value?.AdditionalData.ToDictionary(p => p.Key, p => p.Value?.ToString() ?? "") ?? [];
        }

        Sessions = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Sessions.GetAsync(cancellationToken: ct))).Value ?? [];
        Connections = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Me.Connections.GetAsync(cancellationToken: ct))).Value?.Take(20).ToList() ?? [];
        Delegations = (await Api.CallAsync((c, ct) => c.Api.V1.Identity.Delegations.GetAsync(cancellationToken: ct))).Value ?? [];
    }
}
